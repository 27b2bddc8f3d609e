"""Small real files for the demo meetings: a PDF (Arabic shaped right to left, fonts embedded, by
fpdf2 as the certificates are), and Word, PowerPoint and Excel files written as the Office Open XML
parts they are (zipfile and XML; openpyxl for the workbook). Each opens in Office and in a PDF
reader, and its text is what the documents service extracts and indexes."""
import io
import zipfile
from xml.sax.saxutils import escape

from meetings.certificates import ARABIC, font_file


def pdf(title, paragraphs):
    """A one- or two-page A4 PDF: `title`, then `paragraphs` (Arabic lines right-aligned)."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    for weight, style in ((400, ""), (700, "B")):
        document.add_font("plex-ar", style=style, fname=font_file("arabic", weight))
        document.add_font("plex-latin", style=style, fname=font_file("latin", weight))
    document.add_page()
    for index, text in enumerate([title, *paragraphs]):
        arabic = bool(ARABIC.search(text))
        document.set_text_shaping(use_shaping_engine=True, direction="rtl" if arabic else "ltr",
                                  script="arab" if arabic else "latn", language="ara" if arabic else "eng")
        document.set_font("plex-ar" if arabic else "plex-latin", style="B" if index == 0 else "", size=16 if index == 0 else 11)
        document.set_fallback_fonts(["plex-latin" if arabic else "plex-ar"])
        document.multi_cell(w=0, h=8 if index == 0 else 6, text=text, align="R" if arabic else "L", new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    return bytes(document.output())


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _rels(*targets):
    rows = "".join(f'<Relationship Id="rId{n}" Type="{REL}/{kind}" Target="{target}"/>' for n, (kind, target) in enumerate(targets, 1))
    return f'{XML}<Relationships xmlns="{PKG_REL}">{rows}</Relationships>'


def docx(title, paragraphs):
    """A Word document: a bold title and paragraphs, Arabic ones right to left."""
    def paragraph(text, bold=False):
        rtl = bool(ARABIC.search(text))
        props = ('<w:pPr><w:bidi/><w:jc w:val="right"/></w:pPr>' if rtl else "")
        run_props = "".join(part for part in ("<w:b/>" if bold else "", "<w:rtl/>" if rtl else "") if part)
        return f'<w:p>{props}<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = paragraph(title, bold=True) + "".join(paragraph(text) for text in paragraphs)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _zip({
        "[Content_Types].xml": (
            f'{XML}<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": _rels(("officeDocument", "word/document.xml")),
        "word/document.xml": f'{XML}<w:document xmlns:w="{w}"><w:body>{body}<w:sectPr/></w:body></w:document>',
    })


_THEME = (
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="GCN"><a:themeElements>'
    '<a:clrScheme name="GCN"><a:dk1><a:srgbClr val="212529"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>'
    '<a:dk2><a:srgbClr val="0F2A3F"/></a:dk2><a:lt2><a:srgbClr val="F4F1EA"/></a:lt2>'
    + "".join(f'<a:accent{n}><a:srgbClr val="{c}"/></a:accent{n}>' for n, c in enumerate(("B68A35", "0F2A3F", "5A626A", "2E7D32", "C62828", "1565C0"), 1))
    + '<a:hlink><a:srgbClr val="1565C0"/></a:hlink><a:folHlink><a:srgbClr val="6A1B9A"/></a:folHlink></a:clrScheme>'
    '<a:fontScheme name="GCN"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface="Arial"/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface="Arial"/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="GCN"><a:fillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + '</a:fillStyleLst>'
    '<a:lnStyleLst>' + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3 + '</a:lnStyleLst>'
    '<a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3 + '</a:effectStyleLst>'
    '<a:bgFillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + '</a:bgFillStyleLst></a:fmtScheme>'
    '</a:themeElements></a:theme>'
)
_P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
_EMPTY_TREE = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr/></p:spTree></p:cSld>')


def _text_box(shape_id, text, y, height, size):
    rtl = bool(ARABIC.search(text))
    paragraph_props = '<a:pPr algn="r" rtl="1"/>' if rtl else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Text {shape_id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8229600" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>{paragraph_props}<a:r><a:rPr lang="{"ar-AE" if rtl else "en-GB"}" sz="{size}"/>'
        f'<a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>'
    )


def pptx(slides):
    """A PowerPoint presentation of `slides`, each (title, [lines])."""
    parts = {
        "_rels/.rels": _rels(("officeDocument", "ppt/presentation.xml")),
        "ppt/theme/theme1.xml": XML + _THEME,
        "ppt/slideMasters/slideMaster1.xml": (
            f'{XML}<p:sldMaster {_P}>{_EMPTY_TREE}<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
            'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
            'folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>'
        ),
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": _rels(("slideLayout", "../slideLayouts/slideLayout1.xml"), ("theme", "../theme/theme1.xml")),
        "ppt/slideLayouts/slideLayout1.xml": f'{XML}<p:sldLayout {_P} type="blank">{_EMPTY_TREE}<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>',
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": _rels(("slideMaster", "../slideMasters/slideMaster1.xml")),
    }
    slide_ids, slide_rels, overrides = [], [("slideMaster", "slideMasters/slideMaster1.xml")], []
    for number, (title, lines) in enumerate(slides, 1):
        shapes = _text_box(2, title, 457200, 914400, 3200) + "".join(
            _text_box(3 + index, line, 1600200 + index * 640080, 548640, 2000) for index, line in enumerate(lines)
        )
        parts[f"ppt/slides/slide{number}.xml"] = (
            f'{XML}<p:sld {_P}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f'<p:grpSpPr/>{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>'
        )
        parts[f"ppt/slides/_rels/slide{number}.xml.rels"] = _rels(("slideLayout", "../slideLayouts/slideLayout1.xml"))
        slide_rels.append(("slide", f"slides/slide{number}.xml"))
        slide_ids.append(f'<p:sldId id="{255 + number}" r:id="rId{number + 1}"/>')
        overrides.append(f'<Override PartName="/ppt/slides/slide{number}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>')
    parts["ppt/presentation.xml"] = (
        f'{XML}<p:presentation {_P}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f'<p:sldIdLst>{"".join(slide_ids)}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
    )
    parts["ppt/_rels/presentation.xml.rels"] = _rels(*slide_rels)
    ct = "application/vnd.openxmlformats-officedocument"
    parts["[Content_Types].xml"] = (
        f'{XML}<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/ppt/presentation.xml" ContentType="{ct}.presentationml.presentation.main+xml"/>'
        f'<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{ct}.presentationml.slideMaster+xml"/>'
        f'<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{ct}.presentationml.slideLayout+xml"/>'
        f'<Override PartName="/ppt/theme/theme1.xml" ContentType="{ct}.theme+xml"/>{"".join(overrides)}</Types>'
    )
    return _zip(parts)


def xlsx(sheet_title, header, rows):
    """An Excel workbook with one sheet (right to left when its header is Arabic)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.sheet_view.rightToLeft = bool(ARABIC.search(" ".join(map(str, header))))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
