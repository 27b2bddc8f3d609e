"""The text of a document's file, for search: PDFs with PDFium, Office files from their XML parts.

Everything is bounded: pages read, characters kept, and bytes unpacked from an Office file's parts
(an upload's total unpacked size was already bounded by portal.uploads, this bounds what is parsed).
Python's XML parser resolves no external entities, and expat (2.4+) refuses entity-expansion bombs.
"""
import re
import unicodedata
import zipfile
from xml.etree.ElementTree import iterparse

MAX_PAGES = 500
MAX_CHARACTERS = 500_000
MAX_XML_BYTES = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")


class TooLarge(Exception):
    pass


class _Bounded:
    """A file-like reader that stops the parse once `limit` bytes were read."""

    def __init__(self, raw, limit):
        self.raw, self.left = raw, limit

    def read(self, size=-1):
        data = self.raw.read(65536 if size is None or size < 0 else min(size, 65536))
        self.left -= len(data)
        if self.left < 0:
            raise TooLarge
        return data


def extract_text(path, extension):
    """The text of the file at `path` ("" when it has none); raises on a broken file."""
    if extension == "pdf":
        text = _pdf_text(path)
    elif extension in ("docx", "pptx", "xlsx"):
        text = _office_text(path, extension)
    else:
        return ""
    return _tidy(text)[:MAX_CHARACTERS]


def _pdf_text(path):
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        parts, size = [], 0
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                lines = [logical_order(line) for line in textpage.get_text_bounded().splitlines()]
            finally:
                textpage.close()
                page.close()
            parts.append("\n".join(lines))
            size += len(parts[-1])
            if size > MAX_CHARACTERS:
                break
        return "\n".join(parts)
    finally:
        document.close()


def logical_order(line):
    """An Arabic line as read from a PDF, in reading order.

    PDF producers draw Arabic glyphs left to right in visual order, and PDFium returns them in
    that order: "ةكبشلا" for "الشبكة". A reversed line is recognised by its words: in reading order
    the article ال opens words and ة ends them; reversed, لا ends them and ة opens them. Such a line
    is reversed, and its runs of other characters (numbers, Latin words) turned back."""
    line = _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), line)
    if not _ARABIC_LETTERS.search(line):
        return line
    words = _ARABIC_WORD.findall(line)
    forward = sum(word.startswith("ال") or word.endswith("ة") for word in words)
    backward = sum(word.endswith("لا") or word.startswith("ة") for word in words)
    if backward <= forward:
        return line
    reversed_line = line[::-1]
    return re.sub(r"[A-Za-z0-9][A-Za-z0-9.,:/@_%+\-]*[A-Za-z0-9]|[A-Za-z0-9]", lambda match: match.group()[::-1], reversed_line)


def _numbered(names, pattern):
    found = [name for name in names if re.fullmatch(pattern, name)]
    return sorted(found, key=lambda name: int(re.search(r"(\d+)\.xml$", name).group(1)))


def _office_parts(names, extension):
    """The XML parts holding the text, in reading order, with their text tag and the tags that
    end a paragraph (or a cell)."""
    if extension == "docx":
        return [("word/document.xml", _W + "t", {_W + "p"})] if "word/document.xml" in names else []
    if extension == "pptx":
        return [(name, _A + "t", {_A + "p"}) for name in _numbered(names, r"ppt/slides/slide\d+\.xml")]
    # Workbooks keep text as shared strings, or inline in the sheets (openpyxl writes it so).
    shared = [("xl/sharedStrings.xml", _S + "t", {_S + "si"})] if "xl/sharedStrings.xml" in names else []
    return shared + [(name, _S + "t", {_S + "c"}) for name in _numbered(names, r"xl/worksheets/sheet\d+\.xml")]


def _office_text(path, extension):
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        pieces, budget = [], MAX_XML_BYTES
        for name, text_tag, break_tags in _office_parts(names, extension):
            with archive.open(name) as raw:
                reader = _Bounded(raw, budget)
                try:
                    for _event, element in iterparse(reader, events=("end",)):
                        if element.tag == text_tag and element.text:
                            pieces.append(element.text)
                        elif element.tag in break_tags:
                            pieces.append("\n")
                            element.clear()
                except TooLarge:
                    break
                budget = reader.left
            if sum(map(len, pieces)) > MAX_CHARACTERS:
                break
        return "".join(pieces)


def _tidy(text):
    text = text.replace("\x00", "")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
