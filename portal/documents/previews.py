"""A first-page picture of a PDF (PDFium renders it; nothing external), as PNG bytes."""
import io

PREVIEW_WIDTH = 480  # pixels: twice the thumbnail's CSS width, sharp on a phone's screen


def pdf_preview_png(path):
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        if len(document) == 0:
            return None
        page = document[0]
        try:
            width = page.get_width() or 1
            # A huge page size must not make a huge bitmap: the scale follows the width wanted.
            scale = min(PREVIEW_WIDTH / width, 4.0)
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil()
            if image.height > PREVIEW_WIDTH * 3:
                image = image.crop((0, 0, image.width, PREVIEW_WIDTH * 3))
            output = io.BytesIO()
            image.convert("RGB").save(output, format="PNG", optimize=True)
            return output.getvalue()
        finally:
            page.close()
    finally:
        document.close()
