"""Image renditions: orientation applied, metadata dropped, decoded at reduced size when possible."""
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from portal.uploads import MAX_IMAGE_PIXELS

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def rendition(file, *, max_size, image_format="JPEG", quality=85):
    """A copy of the image at most `max_size` pixels on its longer side, without EXIF/GPS data."""
    file.seek(0)
    with Image.open(file) as image:
        # draft() must come before any load(): it lets the JPEG decoder skip most of the pixels.
        image.draft("RGB", (max_size, max_size))
        image.thumbnail((max_size, max_size))
        # Orientation is applied to the small copy: rotating the full picture would double the memory.
        # The bounding box is square, so the rotated picture still fits in it.
        image = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        # Saving without exif=/pnginfo= drops every metadata block: GPS, device, comments.
        image.save(output, image_format, quality=quality)
    return ContentFile(output.getvalue())
