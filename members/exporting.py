"""The secretariat's export of the members directory as CSV or XLSX (admin: Members → Export).

Spreadsheet programs evaluate cell text that starts with a formula character, so a name such as
`=HYPERLINK("http://x","y")` would become a live link, or worse, on the secretariat's computer.
Every such cell gets a leading apostrophe (OWASP "CSV injection"), in both formats; the import
(members/importing.py) removes that apostrophe again, so an export can be edited and imported back.
"""
import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members.models import User
from portal import audit

# The import reads the same keys; `entity_ar` and `role` are there for people, the import ignores them.
COLUMNS = [
    "email", "name_ar", "name_en", "job_title_ar", "job_title_en",
    "entity", "entity_ar", "role", "office_phone", "mobile",
]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Cell text a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def directory_rows():
    """The directory as rows of text (without the header), by entity then name."""
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
            neutralise(value)
            for value in (
                person.email, person.name_ar, person.name_en, person.job_title_ar, person.job_title_en,
                entity.name_en if entity else "", entity.name_ar if entity else "",
                person.role, person.office_phone, person.mobile,
            )
        ]


def _csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    # utf-8-sig: without the byte-order mark Excel reads the file as ANSI and garbles Arabic.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Directory")[:31])
    sheet.append(COLUMNS)
    for row in rows:
        # openpyxl refuses control characters that XML cannot carry; they have no place in a directory.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_directory(*, file_format, acting_user, request=None):
    """The whole directory as an attachment in `file_format` ("csv" or "xlsx"); audited."""
    rows = list(directory_rows())
    content = _csv_bytes(rows) if file_format == "csv" else _xlsx_bytes(rows)
    audit.record(
        audit.Action.EXPORTED, actor=acting_user, request=request,
        export="directory", format=file_format, rows=len(rows),
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"gcn-directory-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_view(request):
    """Admin view (UserAdmin.get_urls): `?format=csv` or `?format=xlsx`, for the secretariat only."""
    if not request.user.has_perm("members.export_directory"):
        raise PermissionDenied
    file_format = request.GET.get("format")
    if file_format not in CONTENT_TYPES:
        raise Http404
    return export_directory(file_format=file_format, acting_user=request.user, request=request)
