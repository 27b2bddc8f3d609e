"""The directory import bounds its work: a hostile file gets a clear, translated error in a few
seconds (far inside the 30-second worker timeout) and nothing is written."""
import io
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from members import exporting, importing
from members.models import User
from portal.models import AuditEntry
from portal.uploads import KINDS, MAX_ZIP_UNPACKED_BYTES, validate_upload

pytestmark = pytest.mark.django_db

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
# A header the import would accept, so that only the limits can refuse the file.
HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
HEADER_STRINGS = b"<si><t>email</t></si><si><t>name_ar</t></si><si><t>name_en</t></si>"


def workbook(shared_strings_chunks=(), sheet_rows=HEADER_ROW):
    """An XLSX built part by part with zipfile; the shared strings are streamed from `shared_strings_chunks`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {NS}><sheetData>{sheet_rows}</sheetData></worksheet>')
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><sst {NS}>'.encode() + HEADER_STRINGS)
            for chunk in shared_strings_chunks:
                part.write(chunk)
            part.write(b"</sst>")
    return buffer.getvalue()


def repeated(item, megabytes):
    chunk = item * (1024 * 1024 // len(item))
    return (chunk for _ in range(megabytes))


def upload(client, content, name="people.xlsx", language="en"):
    with translation.override(language):
        url = reverse("admin:members_user_import")
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def file_errors(response):
    """The file-wide errors of an import that wrote nothing."""
    assert response.status_code == 200
    assert response.context["form"].errors == {}  # the upload check let the file through...
    result = response.context["result"]
    assert (result.created, result.updated) == ([], [])
    return [(error.row, error.message) for error in result.errors]  # ...the import's own limits refused it


@pytest.fixture
def nothing_written(secretariat):
    people = set(User.objects.values_list("email", flat=True))
    yield
    assert set(User.objects.values_list("email", flat=True)) == people
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).exists()


def test_the_spreadsheet_kind_allows_far_less_unpacked_than_documents():
    assert KINDS["spreadsheet"].max_unpacked_bytes == 20 * 1024 * 1024
    assert KINDS["document"].max_unpacked_bytes is None  # documents keep the general bound
    assert MAX_ZIP_UNPACKED_BYTES == 200 * 1024 * 1024


def test_a_shared_strings_bomb_is_refused_at_once(login_as, secretariat, nothing_written):
    # Tiny strings: the costliest thing openpyxl can be made to parse (20 MB of them took 11 s).
    content = workbook(repeated(b"<si><t>a</t></si>", 110))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = archive.getinfo("xl/sharedStrings.xml").file_size
    assert len(content) < 500 * 1024 and unpacked > 100 * 1024 * 1024
    # The general upload check lets it through (documents may unpack to 200 MB)...
    validate_upload(SimpleUploadedFile("people.xlsx", content), "document")

    started = time.monotonic()
    response = upload(login_as(secretariat), content)
    elapsed = time.monotonic() - started

    assert file_errors(response) == [(None, (
        "The XLSX file unpacks to more than 20 MB. Keep only the directory's columns and at most 2000 rows, "
        "or split the file."
    ))]
    assert "Nothing was imported: the file has 1 problem." in response.content.decode()
    assert elapsed < 10  # a guard only: the size check above is what answers in milliseconds


def test_the_bomb_error_is_in_arabic_in_the_arabic_admin(login_as, secretariat, nothing_written):
    response = upload(login_as(secretariat), workbook(repeated(b"<si><t>a</t></si>", 30)), language="ar")

    [(row, message)] = file_errors(response)
    assert row is None
    with translation.override("ar"):
        expected = translation.gettext(
            "The XLSX file unpacks to more than %(limit)d MB. Keep only the directory's columns and "
            "at most %(rows)d rows, or split the file."
        ) % {"limit": 20, "rows": 2000}
    assert message == expected


def test_a_part_packed_far_tighter_than_excel_packs_is_refused(login_as, secretariat, nothing_written):
    # 8 MB, under the unpacked limit, but packed several hundred times.
    response = upload(login_as(secretariat), workbook(repeated(b"<si><t>a</t></si>", 8)))

    assert file_errors(response) == [(None, (
        "The XLSX file is packed in a way spreadsheet programs do not produce, so it is not opened. "
        "Save it again from your spreadsheet program."
    ))]


def test_a_workbook_with_too_many_cells_is_refused_before_it_is_parsed(login_as, secretariat, nothing_written):
    # Numbers that do not repeat pack like a real sheet (a few times), so only the tag count stops it:
    # 130,000 cells in a single row, which openpyxl would parse whole before the first row is read.
    numbers = random.Random(4).choices(range(10**9), k=130_000)
    cells = "".join(f"<c><v>{number}</v></c>" for number in numbers)
    content = workbook(sheet_rows=HEADER_ROW + f'<row r="2">{cells}</row>')
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size < 5 * 1024 * 1024 and sheet.file_size < 10 * sheet.compress_size

    response = upload(login_as(secretariat), content)

    assert file_errors(response) == [(None, (
        "The XLSX file holds too much data to import. Keep only the directory's columns and at most 2000 rows, "
        "or split the file."
    ))]


def test_a_corrupt_part_is_a_clear_error(login_as, secretariat, nothing_written):
    strings = b"".join(b"<si><t>%d</t></si>" % number for number in random.Random(7).choices(range(10**9), k=5_000))
    content = bytearray(workbook([strings]))
    # Flip bytes inside the packed shared strings: inflating them fails, or their checksum does.
    start = content.index(b"xl/sharedStrings.xml") + 200
    content[start:start + 50] = bytes(50)

    response = upload(login_as(secretariat), bytes(content))

    assert file_errors(response) == [(None, "The XLSX file cannot be read.")]


@pytest.mark.parametrize(("name", "content"), [
    ("people.csv", "email,name_ar,name_en\nx@gov.ae,سارة,Sara\n".encode()),
    ("people.xlsx", workbook()),
])
def test_reading_stops_when_it_takes_too_long(login_as, secretariat, nothing_written, monkeypatch, name, content):
    # The clock is made to run out at once: the file is fine, only the time limit can stop it.
    monkeypatch.setattr(importing, "READ_SECONDS", 0)

    response = upload(login_as(secretariat), content, name=name)

    assert file_errors(response) == [(None, (
        "Reading the file took too long, so it was stopped. Keep only the directory's columns and at most 2000 rows, "
        "or split the file."
    ))]


def test_an_export_of_two_thousand_people_is_well_inside_every_limit(entity):
    rows = [
        [f"person{number}@gov.ae", f"موظف رقم {number}", f"Employee {number}", "أخصائي اتصال", "Communication specialist",
         entity.name_en, entity.name_ar, "team", f"+971 4 {number:03} 1000", f"050 {number:03} 2000"]
        for number in range(importing.MAX_ROWS)
    ]
    content = exporting.xlsx_bytes(exporting.DIRECTORY_COLUMNS, rows, title="Directory")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
        tags = sum(archive.read(entry).count(b"<") for entry in archive.infolist())
    assert unpacked < KINDS["spreadsheet"].max_unpacked_bytes / 4
    assert tags < importing.MAX_XML_TAGS / 2

    file = SimpleUploadedFile("people.xlsx", content)
    importing.check_workbook_archive(file)  # no error
    rows_read = importing.read_rows(file, "xlsx")
    assert len(rows_read) == importing.MAX_ROWS + 1
    assert rows_read[1][:10] == rows[0] and set(rows_read[1][10:]) == {""}  # read up to MAX_COLUMNS wide
