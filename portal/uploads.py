"""One place that decides whether an uploaded file may be stored, and under what name.

Every portal reuses it: an extension allowlist per kind of file, the content's signature must match
the extension, size limits, office files' unpacked size bounded, images' pixel count bounded before
decoding, and generated storage names (the user's file name is kept only as display text).
"""
import posixpath
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal.text import clean_text

MAX_IMAGE_PIXELS = 50_000_000  # ~50 MP: a large camera photo passes, a decompression bomb does not
MAX_ZIP_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000

_OOXML_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _starts_with(*prefixes):
    def check(head, file):
        return any(head.startswith(prefix) for prefix in prefixes)

    return check


def _is_webp(head, file):
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _zip_names(head, file):
    """The entry names of a ZIP within the entry and unpacked-size bounds, else None."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            # Bound the unpacked size before anything opens the file (zip bombs).
            if sum(entry.file_size for entry in entries) > MAX_ZIP_UNPACKED_BYTES:
                return None
            return {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None


def _is_ooxml(extension):
    def check(head, file):
        names = _zip_names(head, file)
        if names is None:
            return False
        folder = _OOXML_FOLDER[extension]
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _is_zip(head, file):
    return _zip_names(head, file) is not None


def _is_text(head, file):
    return b"\x00" not in head


SIGNATURES = {
    "pdf": _starts_with(b"%PDF-"),
    "jpg": _starts_with(b"\xff\xd8\xff"),
    "jpeg": _starts_with(b"\xff\xd8\xff"),
    "png": _starts_with(b"\x89PNG\r\n\x1a\n"),
    "webp": _is_webp,
    "docx": _is_ooxml("docx"),
    "xlsx": _is_ooxml("xlsx"),
    "pptx": _is_ooxml("pptx"),
    "csv": _is_text,
    "zip": _is_zip,
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


@dataclass(frozen=True)
class UploadKind:
    extensions: frozenset
    max_bytes: int  # or a function returning it, for a limit read from the settings when checked
    # Office files (ZIPs) only; None: MAX_ZIP_UNPACKED_BYTES. Applied by the kind's reader (members.importing).
    max_unpacked_bytes: int | None = None


KINDS = {
    "image": UploadKind(frozenset(IMAGE_EXTENSIONS), 20 * 1024 * 1024),
    "logo": UploadKind(frozenset(IMAGE_EXTENSIONS), 5 * 1024 * 1024),
    "document": UploadKind(frozenset({"pdf", "docx", "xlsx", "pptx", "jpg", "jpeg", "png"}), 50 * 1024 * 1024),
    # An import's workbook is small: 2,000 people unpack to about 2 MB.
    # Documents attached to meetings and other owners (portal.documents): DOCUMENT_MAX_UPLOAD_MB.
    "document_upload": UploadKind(
        frozenset({"pdf", "docx", "pptx", "xlsx", "jpg", "jpeg", "png", "zip"}),
        lambda: settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024,
    ),
    # A document's first-page picture, made by the portal itself (portal.documents.previews).
    "document_preview": UploadKind(frozenset({"png"}), 20 * 1024 * 1024),
    "spreadsheet": UploadKind(frozenset({"csv", "xlsx"}), 5 * 1024 * 1024, max_unpacked_bytes=20 * 1024 * 1024),
}


def extension_of(name):
    return posixpath.splitext(name or "")[1].lower().lstrip(".")


def display_name(name):
    """The user's file name made safe to show and to send back in Content-Disposition."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    return clean_text(base)[:200] or "file"


def validate_upload(file, kind):
    """Raise a translated ValidationError unless `file` is an acceptable upload of `kind`."""
    rules = KINDS[kind]
    extension = extension_of(file.name)
    if extension not in rules.extensions:
        raise forms.ValidationError(
            _("Files of this type are not accepted here. Allowed: %(allowed)s."),
            code="extension", params={"allowed": ", ".join(sorted(rules.extensions))},
        )
    if file.size == 0:
        raise forms.ValidationError(_("The file is empty."), code="empty")
    max_bytes = rules.max_bytes() if callable(rules.max_bytes) else rules.max_bytes
    if file.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large: the limit is %(limit)d MB."), code="size",
            params={"limit": max_bytes // (1024 * 1024)},
        )
    file.seek(0)
    head = file.read(64)
    if not SIGNATURES[extension](head, file):
        raise forms.ValidationError(_("The file's content does not match its type."), code="signature")
    if extension in IMAGE_EXTENSIONS:
        check_image(file, PILLOW_FORMATS[extension])
    file.seek(0)
    return extension


def check_image(file, expected_format):
    """Read only the header: refuse a format mismatch or too many pixels before anything decodes."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.format != expected_format:
                raise forms.ValidationError(_("The file's content does not match its type."), code="signature")
            width, height = image.size
    except Image.DecompressionBombError:
        # Pillow refuses on its own above twice the limit: that is a pixel count, not a broken file.
        raise forms.ValidationError(_("The image has too many pixels."), code="pixels") from None
    except (OSError, SyntaxError, ValueError):
        raise forms.ValidationError(_("The image cannot be read."), code="image") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise forms.ValidationError(_("The image has too many pixels."), code="pixels")
    file.seek(0)


def storage_name(folder, extension):
    """A generated name: nothing of the user's file name reaches the storage path."""
    today = timezone.now()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ValidatedFileField(forms.FileField):
    """A form field that accepts only files passing `validate_upload` for its kind.

    `prepare` (given by `portal.fields.ProtectedFileField`) also runs in `clean`, so a picture that
    cannot be decoded is a form error; what it returns is kept on the file for the store step.
    """

    def __init__(self, *args, kind, prepare=None, **kwargs):
        self.kind = kind
        self.prepare = prepare
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in sorted(KINDS[kind].extensions)))

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial and hasattr(file, "size"):
            validate_upload(file, self.kind)
            if self.prepare is not None:
                self.prepare(file)
        return file
