"""Spreadsheets the portal hands out (CSV and XLSX), and the secretariat's export of the members
directory (admin: Members → Export).

Spreadsheet programs evaluate cell text that starts with a formula character, so a name such as
`=HYPERLINK("http://x","y")` would become a live link, or worse, on the secretariat's computer
(OWASP "CSV injection"). The two formats are kept safe differently:

- XLSX: every value is written as an explicit text cell, which Excel never evaluates; text that
  starts with a formula character also carries Excel's "quote prefix" style, so it stays text when
  someone edits the cell. Nothing is added to the value.
- CSV has no types: such text gets a leading apostrophe. A valid phone number (`+971 4 ...`) gets
  an invisible LEFT-TO-RIGHT MARK instead, which keeps it text (neither formula nor number, so
  `050...` keeps its zero) without showing an apostrophe, and shows it left to right in an Arabic
  sheet.

The import (members/importing.py) removes the mark and the apostrophe again, so an export can be
edited and imported back. Other exports (the freshness report) write through `csv_bytes`,
`xlsx_bytes` and `attachment` below, and get the same protection.
"""
import csv
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_bidi, gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from members.models import User
from members.phones import normalize_phone
from portal import audit

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PHONE_MARK = "\u200e"  # LEFT-TO-RIGHT MARK: invisible
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Column:
    title: str  # the header cell
    width: int = 20  # in characters, for XLSX
    phone: bool = False  # phone numbers are marked rather than neutralised in CSV


# The import reads the same keys; `entity_ar` and `role` are there for people, the import ignores them.
DIRECTORY_COLUMNS = [
    Column("email", 32), Column("name_ar", 28), Column("name_en", 28), Column("job_title_ar", 28),
    Column("job_title_en", 28), Column("entity", 36), Column("entity_ar", 36), Column("role", 12),
    Column("office_phone", 18, phone=True), Column("mobile", 18, phone=True),
]
COLUMNS = [column.title for column in DIRECTORY_COLUMNS]


def _text(value):
    return "" if value is None else str(value)


def neutralise(value):
    """Cell text a spreadsheet will show as text, never run as a formula (for CSV)."""
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def is_phone_number(text):
    """True for a phone number as the portal stores them (digits, spaces, dashes, one leading +)."""
    try:
        return bool(text) and normalize_phone(text) == text
    except ValidationError:
        return False


def csv_cell(value, *, phone=False):
    text = _text(value)
    if phone and is_phone_number(text):
        return PHONE_MARK + text
    return neutralise(text)


def csv_bytes(columns, rows):
    """A CSV file Excel opens correctly, Arabic included: UTF-8 with a byte-order mark, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(column.title) for column in columns])
    for row in rows:
        writer.writerow([csv_cell(value, phone=column.phone) for column, value in zip(columns, row, strict=True)])
    # utf-8-sig: without the byte-order mark Excel reads the file as ANSI and garbles Arabic.
    return buffer.getvalue().encode("utf-8-sig")


def _text_cell(sheet, value, *, phone=False, bold=False):
    # openpyxl refuses control characters that XML cannot carry; they have no place in a spreadsheet.
    text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
    cell = WriteOnlyCell(sheet, value=text)
    # Set after the value: openpyxl would otherwise type text starting with "=" as a formula.
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS) and not (phone and is_phone_number(text)):
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(columns, rows, *, title):
    """A workbook of one sheet: a bold, frozen header row, every value a text cell, right to left
    when the page's language is (the Arabic admin)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", title)[:31])
    sheet.sheet_view.rightToLeft = get_language_bidi()
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.append([_text_cell(sheet, column.title, bold=True) for column in columns])
    for row in rows:
        sheet.append([_text_cell(sheet, value, phone=column.phone) for column, value in zip(columns, row, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_bytes(file_format, columns, rows, *, title):
    return csv_bytes(columns, rows) if file_format == "csv" else xlsx_bytes(columns, rows, title=title)


def attachment(content, *, file_format, filename):
    """The file as a download that no cache keeps and no browser sniffs."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The directory -------------------------------------------------------------------------------


def directory_rows():
    """The directory as rows of values (without the header), by entity then name."""
    people = (
        User.objects.in_directory()
        .select_related("entity")
        # Only the exported columns: password hashes and the rest of the profile stay in the database.
        .only(
            "email", "name_ar", "name_en", "job_title_ar", "job_title_en", "role", "office_phone", "mobile",
            "entity__name_en", "entity__name_ar",
        )
        .order_by("entity__name_en", "name_en", "email")
    )
    for person in people:
        entity = person.entity
        yield [
            person.email, person.name_ar, person.name_en, person.job_title_ar, person.job_title_en,
            entity.name_en if entity else "", entity.name_ar if entity else "",
            person.role, person.office_phone, person.mobile,
        ]


def export_directory(*, file_format, acting_user, request=None):
    """The whole directory as an attachment in `file_format` ("csv" or "xlsx"); audited."""
    rows = list(directory_rows())
    content = spreadsheet_bytes(file_format, DIRECTORY_COLUMNS, rows, title=_("Directory"))
    audit.record(
        audit.Action.EXPORTED, actor=acting_user, request=request,
        export="directory", format=file_format, rows=len(rows),
    )
    return attachment(content, file_format=file_format, filename=f"gcn-directory-{timezone.localdate():%Y-%m-%d}.{file_format}")


@require_safe
def export_view(request):
    """Admin view (UserAdmin.get_urls): `?format=csv` or `?format=xlsx`, for the secretariat only."""
    if not request.user.has_perm("members.export_directory"):
        raise PermissionDenied
    file_format = request.GET.get("format")
    if file_format not in CONTENT_TYPES:
        raise Http404
    return export_directory(file_format=file_format, acting_user=request.user, request=request)
