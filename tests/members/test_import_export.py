"""The secretariat's import (CSV/XLSX, all or nothing) and export (CSV/XLSX) of the directory, through admin."""
import csv
import io
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from members import importing
from members.importing import RowError
from members.models import Role, User
from portal.models import AuditEntry
from tests.conftest import make_user

HEADER = "email,name_ar,name_en,job_title_ar,job_title_en,entity,office_phone,mobile"
FIELDS = ["email", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity_id", "office_phone", "mobile", "role", "is_active", "is_staff"]


def admin_url(name, language="en"):
    with translation.override(language):
        return reverse(f"admin:members_user_{name}")


def admin_login_url(language="en"):
    with translation.override(language):
        return reverse("admin:login")


def upload(client, name, content, language="en"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(admin_url("import", language), {"file": SimpleUploadedFile(name, content)})


def person(email):
    return User.objects.values(*FIELDS).get(email=email)


def imported_entries():
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED))


def assert_imported(response):
    assert response.status_code == 302
    assert response["Location"] == admin_url("changelist")


def errors_of(response):
    assert response.status_code == 200
    return response.context["result"].errors


# Import ------------------------------------------------------------------------------------


def test_import_page_shows_the_form_and_the_columns(login_as, secretariat):
    response = login_as(secretariat).get(admin_url("import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file" name="file"' in html and 'accept=".csv,.xlsx"' in html
    assert [name for name, _help in response.context["columns"]] == list(importing.COLUMNS)


def test_csv_import_creates_and_updates_people(login_as, secretariat, director, entity, other_entity):
    client = login_as(secretariat)
    content = "\n".join([
        HEADER,
        "new.person@gov.ae,فاطمة الزعابي,Fatima Al Zaabi,مديرة المحتوى,Content Manager,det,+971 4 111 2222,٠٥٠ ١٢٣ ٤٥٦٧",
        # A case variant of an existing address is that account; it moves to another entity, by Arabic name.
        "Director@Test.GCN.ae,خالد المنصوري,Khalid Al Mansouri,مدير الاتصال,Director of Communication,بلدية دبي,04 222 3333,",
    ])

    response = upload(client, "people.csv", content)

    assert_imported(response)
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["1 person added.", "1 person updated."]
    assert person("new.person@gov.ae") == {
        "email": "new.person@gov.ae", "name_ar": "فاطمة الزعابي", "name_en": "Fatima Al Zaabi",
        "job_title_ar": "مديرة المحتوى", "job_title_en": "Content Manager", "entity_id": entity.pk,
        "office_phone": "+971 4 111 2222", "mobile": "050 123 4567", "role": Role.TEAM, "is_active": True, "is_staff": False,
    }
    new = User.objects.get(email="new.person@gov.ae")
    assert not new.has_usable_password()
    assert list(new.groups.values_list("name", flat=True)) == ["team"]
    assert list(EmailAddress.objects.filter(user=new).values_list("email", "verified", "primary")) == [("new.person@gov.ae", True, True)]
    assert person("director@test.gcn.ae") == {
        "email": "director@test.gcn.ae", "name_ar": "خالد المنصوري", "name_en": "Khalid Al Mansouri",
        "job_title_ar": "مدير الاتصال", "job_title_en": "Director of Communication", "entity_id": other_entity.pk,
        "office_phone": "04 222 3333", "mobile": "", "role": Role.DIRECTOR, "is_active": True, "is_staff": False,
    }
    assert User.objects.filter(email__iexact="director@test.gcn.ae").count() == 1
    [entry] = imported_entries()
    assert entry.actor == secretariat
    assert entry.details == {
        "file": "people.csv", "created": 1, "updated": 1, "unchanged": 0,
        "created_emails": ["new.person@gov.ae"], "updated_emails": ["director@test.gcn.ae"],
    }


def test_import_writes_only_the_columns_in_the_file(login_as, secretariat, director, entity):
    User.objects.filter(pk=director.pk).update(job_title_en="Director", mobile="050 000 0000")
    content = "email,name_ar,name_en\ndirector@test.gcn.ae,خالد,Khalid\n"

    response = upload(login_as(secretariat), "people.csv", content)

    assert_imported(response)
    assert person("director@test.gcn.ae") == {
        "email": "director@test.gcn.ae", "name_ar": "خالد", "name_en": "Khalid", "job_title_ar": "",
        "job_title_en": "Director", "entity_id": entity.pk, "office_phone": "", "mobile": "050 000 0000",
        "role": Role.DIRECTOR, "is_active": True, "is_staff": False,
    }


def test_xlsx_import_works(login_as, secretariat, entity):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Name_AR", "Name_EN", "Entity", "Mobile", "Office_Phone"])
    # Excel keeps digits typed in a cell as a number; an empty cell is None.
    sheet.append(["xlsx.person@gov.ae", "سلمى الكعبي", "Salma Al Kaabi", "دائرة الاقتصاد والسياحة", 971501234567, None])
    sheet.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(login_as(secretariat), "people.xlsx", buffer.getvalue())

    assert_imported(response)
    assert person("xlsx.person@gov.ae") == {
        "email": "xlsx.person@gov.ae", "name_ar": "سلمى الكعبي", "name_en": "Salma Al Kaabi", "job_title_ar": "",
        "job_title_en": "", "entity_id": entity.pk, "office_phone": "", "mobile": "971501234567",
        "role": Role.TEAM, "is_active": True, "is_staff": False,
    }


def test_semicolon_csv_with_byte_order_mark(login_as, secretariat, entity):
    content = "\ufeffemail;name_ar;name_en;entity\nsemi@gov.ae;أحمد;Ahmed;DET\n".encode()

    response = upload(login_as(secretariat), "people.csv", content)

    assert_imported(response)
    assert User.objects.get(email="semi@gov.ae").entity == entity


def test_arabic_indic_and_persian_digits_in_phones_are_normalised(login_as, secretariat, entity):
    content = f"{HEADER}\nphones@gov.ae,هند,Hind,,,DET,۰۴ ۱۲۳ ۴۵۶۷,+٩٧١ ٥٠ ١٢٣ ٤٥٦٧\n"

    response = upload(login_as(secretariat), "people.csv", content)

    assert_imported(response)
    assert User.objects.values_list("office_phone", "mobile").get(email="phones@gov.ae") == ("04 123 4567", "+971 50 123 4567")


def test_text_is_cleaned_of_bidi_controls(login_as, secretariat, entity):
    content = f"{HEADER}\nbidi@gov.ae,\u202eعلي\u202c,  Ali\u2066 ,,,DET,,\n"

    assert_imported(upload(login_as(secretariat), "people.csv", content))
    assert User.objects.values_list("name_ar", "name_en").get(email="bidi@gov.ae") == ("علي", "Ali")


VALID_ROW = "valid@gov.ae,سارة,Sara,,,DET,,"


@pytest.mark.parametrize(("bad_row", "expected"), [
    ("not-an-email,سارة,Sara,,,DET,,", RowError(3, "email", "Enter a valid email address.", "not-an-email")),
    ("x@gov.ae,سارة,Sara,,,Ministry of Nowhere,,", RowError(3, "entity", "There is no active entity with this name.", "Ministry of Nowhere")),
    (f"x@gov.ae,سارة,{'N' * 151},,,DET,,", RowError(3, "name_en", "Ensure this value has at most 150 characters (it has 151).", "N" * 100)),
    ("x@gov.ae,,Sara,,,DET,,", RowError(3, "name_ar", "This field is required.", "")),
    ("x@gov.ae,سارة,Sara,,,DET,call me,", RowError(3, "office_phone", "Enter a phone number with digits, spaces, dashes and an optional leading +.", "call me")),
    ("x@gov.ae,سارة,Sara,,,,,", RowError(3, "entity", "A person new to the portal needs an entity.", "")),
    ("VALID@gov.ae,سارة,Sara,,,DET,,", RowError(3, "email", "This e-mail address is already on row 2.", "valid@gov.ae")),
])
def test_one_bad_row_writes_nothing(login_as, secretariat, director, entity, bad_row, expected):
    before = set(User.objects.values_list("email", "job_title_en"))
    # Row 4 would update the director: it must not happen either.
    content = "\n".join([HEADER, VALID_ROW, bad_row, "director@test.gcn.ae,خالد,Khalid,,Changed,DET,,"])

    response = upload(login_as(secretariat), "people.csv", content)

    assert errors_of(response) == [expected]
    assert set(User.objects.values_list("email", "job_title_en")) == before
    assert imported_entries() == []
    html = response.content.decode()
    assert f"<td>{expected.row}</td>" in html
    assert expected.message.replace("'", "&#x27;") in html
    assert "Nothing was imported: the file has 1 problem." in html


def test_every_bad_row_is_reported_in_file_order(login_as, secretariat, entity):
    content = "\n".join([HEADER, "bad,سارة,Sara,,,DET,,", VALID_ROW, "x@gov.ae,سارة,Sara,,,Nowhere,,0x"])

    response = upload(login_as(secretariat), "people.csv", content)

    assert [(error.row, error.column) for error in errors_of(response)] == [(2, "email"), (4, "entity"), (4, "mobile")]
    assert not User.objects.filter(email="valid@gov.ae").exists()


def test_errors_are_shown_in_arabic_in_the_arabic_admin(login_as, secretariat, entity):
    response = upload(login_as(secretariat), "people.csv", f"{HEADER}\nnot-an-email,سارة,Sara,,,DET,,\n", language="ar")

    with translation.override("ar"):
        expected = translation.gettext("Enter a valid email address.")
    assert expected != "Enter a valid email address."
    assert errors_of(response)[0].message == expected


def test_script_in_names_is_escaped_on_the_error_page(login_as, secretariat, entity):
    script = "<script>alert(1)</script>"
    content = f"{HEADER}\nx@gov.ae,{script},{script}{'x' * 150},,,{script},,\n"

    response = upload(login_as(secretariat), "people.csv", content)

    assert [(error.column, error.value[:25]) for error in errors_of(response)] == [("name_en", script), ("entity", script)]
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert script not in html


@pytest.mark.parametrize(("name", "content", "message"), [
    ("people.csv", b"<html>\x00<script>alert(1)</script></html>", "The file's content does not match its type."),
    ("people.exe", b"MZ\x90\x00\x03\x00\x00\x00", "Files of this type are not accepted here. Allowed: csv, xlsx."),
    ("people.csv", b"", "The submitted file is empty."),
])
def test_files_that_are_not_spreadsheets_are_rejected(login_as, secretariat, name, content, message):
    count = User.objects.count()

    response = login_as(secretariat).post(admin_url("import"), {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert response.context["result"] is None
    assert User.objects.count() == count and imported_entries() == []


def test_an_html_page_renamed_csv_is_refused_by_its_columns(login_as, secretariat):
    response = upload(login_as(secretariat), "people.csv", "<!doctype html>\n<p>hello</p>\n")

    assert [(error.row, error.column, error.message) for error in errors_of(response)] == [
        (1, "<!doctype html>", "Unknown column. The columns are: email, name_ar, name_en, job_title_ar, job_title_en, entity, office_phone, mobile."),
        (1, "email", "The first row must name this column."),
        (1, "name_ar", "The first row must name this column."),
        (1, "name_en", "The first row must name this column."),
    ]
    assert "&lt;!doctype html&gt;" in response.content.decode()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("people.csv", "email,name_ar,name_en\nx@gov.ae,سارة,Sara\n".encode("cp1256"), "The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”."),
    ("people.csv", f"{HEADER}\n", "The file has no people in it, only the row of column names."),
    ("people.csv", "\n\n", "The file is empty: its first row must name the columns."),
    # A NUL byte past the part the upload check reads.
    ("people.csv", f"email,name_ar,name_en\n{'x' * 80}\x00", "This is not a CSV text file."),
])
def test_unusable_csv_files_get_a_clear_error(login_as, secretariat, name, content, message):
    assert [(error.row, error.message) for error in errors_of(upload(login_as(secretariat), name, content))] == [(None, message)]


def test_a_damaged_xlsx_gets_a_clear_error(login_as, secretariat):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")

    response = upload(login_as(secretariat), "people.xlsx", buffer.getvalue())

    assert [(error.row, error.message) for error in errors_of(response)] == [(None, "The XLSX file cannot be read.")]


def test_too_many_rows_are_refused(login_as, secretariat, entity, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    rows = [f"p{number}@gov.ae,سارة,Sara,,,DET,," for number in range(3)]

    response = upload(login_as(secretariat), "people.csv", "\n".join([HEADER, *rows]))

    assert [error.message for error in errors_of(response)] == ["The file has more than 2 rows. Split it into smaller files."]
    assert not User.objects.filter(email__endswith="@gov.ae").exists()


def test_an_address_of_another_account_is_not_taken(login_as, secretariat, director, entity):
    EmailAddress.objects.create(user=director, email="old.address@gov.ae", verified=True, primary=False)

    response = upload(login_as(secretariat), "people.csv", f"{HEADER}\nOld.Address@gov.ae,سارة,Sara,,,DET,,\n")

    assert errors_of(response) == [RowError(2, "email", "This e-mail address belongs to another account.", "old.address@gov.ae")]


# Export ------------------------------------------------------------------------------------


@pytest.fixture
def directory(secretariat, director, team_member, other_director, guest, entity):
    User.objects.filter(pk=team_member.pk).update(
        name_ar='=HYPERLINK("http://x","y")', job_title_ar="-2+3", job_title_en="@SUM(A1)",
        office_phone="+971 4 123 4567", mobile="0501234567",
    )
    User.objects.filter(pk=director.pk).update(office_phone="04 222 3333", mobile="+971 50 123 4567")
    gone = make_user("gone@test.gcn.ae", Role.TEAM, entity)
    User.objects.filter(pk=gone.pk).update(is_active=False)


HEADER_ROW = ["email", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity", "entity_ar", "role", "office_phone", "mobile"]
# What the directory holds, in export order (by entity, then name); the guest and the inactive person are left out.
DIRECTORY_ROWS = [
    ["director@test.gcn.ae", "خالد المنصوري", "Khalid Al Mansouri", "", "", "Department of Economy and Tourism", "دائرة الاقتصاد والسياحة", "director", "04 222 3333", "+971 50 123 4567"],
    ["team@test.gcn.ae", '=HYPERLINK("http://x","y")', "Noura Al Falasi", "-2+3", "@SUM(A1)", "Department of Economy and Tourism", "دائرة الاقتصاد والسياحة", "team", "+971 4 123 4567", "0501234567"],
    ["director2@test.gcn.ae", "سعيد المهيري", "Saeed Al Muhairi", "", "", "Dubai Municipality", "بلدية دبي", "director", "", ""],
    ["secretariat@test.gcn.ae", "مريم الهاشمي", "Maryam Al Hashimi", "", "", "", "", "secretariat", "", ""],
]
LRM = "\u200e"
# CSV: formula text behind an apostrophe; phone numbers behind an invisible left-to-right mark,
# which keeps them text in Excel (no formula, no number losing its leading zero) without an apostrophe.
EXPECTED_CSV_ROWS = [
    HEADER_ROW,
    ["director@test.gcn.ae", "خالد المنصوري", "Khalid Al Mansouri", "", "", "Department of Economy and Tourism", "دائرة الاقتصاد والسياحة", "director", f"{LRM}04 222 3333", f"{LRM}+971 50 123 4567"],
    ["team@test.gcn.ae", "'=HYPERLINK(\"http://x\",\"y\")", "Noura Al Falasi", "'-2+3", "'@SUM(A1)", "Department of Economy and Tourism", "دائرة الاقتصاد والسياحة", "team", f"{LRM}+971 4 123 4567", f"{LRM}0501234567"],
    ["director2@test.gcn.ae", "سعيد المهيري", "Saeed Al Muhairi", "", "", "Dubai Municipality", "بلدية دبي", "director", "", ""],
    ["secretariat@test.gcn.ae", "مريم الهاشمي", "Maryam Al Hashimi", "", "", "", "", "secretariat", "", ""],
]


def export(client, file_format, language="en"):
    response = client.get(admin_url("export", language), {"format": file_format})
    assert response.status_code == 200
    return response


def test_export_csv_contains_the_directory_with_formulas_neutralised(login_as, secretariat, directory):
    response = export(login_as(secretariat), "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="gcn-directory-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads Arabic only after a byte-order mark
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))) == EXPECTED_CSV_ROWS
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED)
    assert (entry.actor, entry.details) == (secretariat, {"export": "directory", "format": "csv", "rows": 4})


def test_csv_phone_numbers_show_no_apostrophe_but_other_formula_text_does(login_as, secretariat, directory):
    rows = list(csv.reader(io.StringIO(export(login_as(secretariat), "csv").content.decode("utf-8-sig"), newline="")))

    phones = [cell for row in rows[1:] for cell in row[8:] if cell]
    assert phones == [f"{LRM}04 222 3333", f"{LRM}+971 50 123 4567", f"{LRM}+971 4 123 4567", f"{LRM}0501234567"]
    assert not any(cell.startswith("'") for cell in phones)
    # A stored phone that is not a phone number (data from before validation) is neutralised like any text.
    User.objects.filter(email="director2@test.gcn.ae").update(mobile="=1+2")
    rows = list(csv.reader(io.StringIO(export(login_as(secretariat), "csv").content.decode("utf-8-sig"), newline="")))
    assert rows[3][9] == "'=1+2"


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_export_xlsx_writes_every_value_as_a_text_cell(login_as, secretariat, directory):
    response = export(login_as(secretariat), "xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = xlsx_sheet(response)
    cells = [list(row) for row in sheet.iter_rows()]
    # Values exactly as stored: no apostrophe and no mark, since a text cell is never evaluated.
    assert [[cell.value or "" for cell in row] for row in cells] == [HEADER_ROW, *DIRECTORY_ROWS]
    assert {cell.data_type for row in cells for cell in row if cell.value} == {"s"}
    # Excel's quote prefix keeps formula-like text as text even when someone edits the cell;
    # phone numbers do without it (it would show as an apostrophe in Excel's formula bar).
    assert sorted(cell.coordinate for row in cells for cell in row if cell.quotePrefix) == ["B3", "D3", "E3"]
    assert (sheet["I3"].value, sheet["I3"].data_type, sheet["I3"].quotePrefix) == ("+971 4 123 4567", "s", False)
    assert (sheet["J3"].value, sheet["J3"].data_type) == ("0501234567", "s")  # text: the leading zero stays
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED)
    assert entry.details == {"export": "directory", "format": "xlsx", "rows": 4}


def test_export_xlsx_header_is_bold_and_frozen_with_sized_columns(login_as, secretariat, directory):
    sheet = xlsx_sheet(export(login_as(secretariat), "xlsx"))

    assert [cell.font.b for cell in sheet[1]] == [True] * 10
    assert {cell.font.b for row in sheet.iter_rows(min_row=2) for cell in row} == {False}
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"] == [32, 28, 28, 28, 28, 36, 36, 12, 18, 18]
    assert (sheet.title, sheet.sheet_view.rightToLeft) == ("Directory", False)


def test_export_xlsx_from_the_arabic_admin_is_right_to_left(login_as, secretariat, directory):
    sheet = xlsx_sheet(export(login_as(secretariat), "xlsx", language="ar"))

    assert sheet.sheet_view.rightToLeft is True
    with translation.override("ar"):
        assert sheet.title == translation.gettext("Directory")
    assert [cell.value for cell in sheet[1]] == HEADER_ROW  # the import's keys, in any language


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(login_as, secretariat, directory, file_format):
    client = login_as(secretariat)
    before = list(User.objects.order_by("pk").values(*FIELDS))
    exported = export(client, file_format).content

    response = upload(client, f"directory.{file_format}", exported)

    assert_imported(response)
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["4 people unchanged."]
    assert list(User.objects.order_by("pk").values(*FIELDS)) == before


def test_an_edited_csv_export_imports_the_changes(login_as, secretariat, directory):
    client = login_as(secretariat)
    rows = list(csv.reader(io.StringIO(export(client, "csv").content.decode("utf-8-sig"), newline="")))
    rows[2][9] = f"{LRM}+971 55 765 4321"  # a new mobile, typed in the marked cell
    rows[2][4] = "'@Communication"  # an apostrophe a person typed in front of a formula character
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)

    assert_imported(upload(client, "directory.csv", buffer.getvalue().encode("utf-8-sig")))
    assert User.objects.values_list("mobile", "job_title_en").get(email="team@test.gcn.ae") == ("+971 55 765 4321", "@Communication")


def test_export_query_count_does_not_grow_with_the_directory(login_as, secretariat, entity):
    client = login_as(secretariat)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(admin_url("export"), {"format": "csv"}).status_code == 200
        return len(context)

    make_user("one@test.gcn.ae", Role.TEAM, entity)
    small = queries()
    for number in range(4):
        make_user(f"more{number}@test.gcn.ae", Role.TEAM, entity)
    assert queries() == small


def test_unknown_export_format_is_not_found(login_as, secretariat):
    assert login_as(secretariat).get(admin_url("export"), {"format": "pdf"}).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()


def test_export_only_answers_get(login_as, secretariat):
    assert login_as(secretariat).post(admin_url("export") + "?format=csv").status_code == 405


def test_changelist_offers_import_and_export(login_as, secretariat):
    html = login_as(secretariat).get(admin_url("changelist")).content.decode()

    assert f'href="{admin_url("import")}"' in html
    assert f'href="{admin_url("export")}?format=csv"' in html
    assert f'href="{admin_url("export")}?format=xlsx"' in html


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import", "export"])
def test_a_director_is_sent_to_the_admin_login(login_as, director, name):
    response = login_as(director).get(admin_url(name), {"format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(admin_login_url() + "?next=")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()


@pytest.mark.parametrize("name", ["import", "export"])
def test_staff_without_the_secretariat_role_is_refused(login_as, director, name):
    # Admin access alone (is_staff) is not enough: the role's rules decide.
    User.objects.filter(pk=director.pk).update(is_staff=True)

    response = login_as(director).get(admin_url(name), {"format": "csv"})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()


def test_a_director_cannot_import(login_as, director, entity):
    User.objects.filter(pk=director.pk).update(is_staff=True)
    count = User.objects.count()

    response = upload(login_as(director), "people.csv", f"{HEADER}\n{VALID_ROW}\n")

    assert response.status_code == 403
    assert User.objects.count() == count and imported_entries() == []


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(admin_url("export"), {"format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(admin_login_url() + "?next=")
