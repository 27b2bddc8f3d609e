"""The secretariat's import of people into the directory from a CSV or XLSX file (admin: Members → Import).

All or nothing: every row is checked first, and the directory is written only when no row has an
error; otherwise the secretariat gets the list of (row, column, problem) and nothing changes.

The first row names the columns (English keys, any case): `email` (required; the key that finds an
existing account), `name_ar`, `name_en`, `job_title_ar`, `job_title_en`, `entity` (short name,
English or Arabic name of an active entity), `office_phone`, `mobile`. Only the columns present are
written; an empty cell clears a job title or phone, while an empty `entity` keeps the person's entity.
`entity_ar` and `role`, written by the export, are accepted and ignored: roles change in admin only.

Accounts normally come from invitations. A person new to the portal is created here with the
communication team role, active, with an unusable password and a verified primary e-mail address
(the secretariat vouches for official addresses): they sign in after resetting their password,
which allauth sends only to a verified address.

Reading is bounded so that a hostile file gets a clear error in a few seconds, well inside the
worker's timeout: the upload kind's size limits (5 MB on disk; an XLSX at most 20 MB unpacked, each
part at most MAX_COMPRESSION_RATIO times its packed size, and at most MAX_XML_TAGS XML tags, all
checked before openpyxl opens it), at most MAX_ROWS rows of MAX_COLUMNS cells, and READ_SECONDS
of reading.
"""
import csv
import datetime
import io
import time
import zipfile
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from openpyxl import load_workbook

from members.exporting import FORMULA_TRIGGERS, PHONE_MARK
from members.models import Entity, Role, User, normalize_email
from members.phones import normalize_phone
from members.services import user_set_role
from portal import audit
from portal.forms import clean_text
from portal.uploads import KINDS, MAX_ZIP_UNPACKED_BYTES, ValidatedFileField, display_name, extension_of

# A new person costs about 8 ms (account, role group, e-mail address, audit entries): 2,000 of them
# stay well inside a 30-second worker timeout. The network's directory is a few hundred people.
MAX_ROWS = 2_000
MAX_COLUMNS = 64
# openpyxl's work grows with the XML tags it parses (shared strings, cells, styles), about 2-5 µs
# each; a file of 2,000 people has some 200,000. Counted in C before openpyxl sees the file.
MAX_XML_TAGS = 500_000
# Excel's parts pack 5 to 20 times; a part packed 100 times tighter is made to be unpacked (a zip
# bomb). Parts under 1 MB are let through: tiny repetitive parts pack tightly and cost nothing.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Reading stops after this, between rows: a worker is killed after 30 s, the secretariat must get an answer.
READ_SECONDS = 5
TEXT_COLUMNS = ("name_ar", "name_en", "job_title_ar", "job_title_en")
PHONE_COLUMNS = ("office_phone", "mobile")
COLUMNS = ("email", *TEXT_COLUMNS, "entity", *PHONE_COLUMNS)
REQUIRED_COLUMNS = ("email", "name_ar", "name_en")  # and a value in each of them on every row
IGNORED_COLUMNS = ("entity_ar", "role")  # written by the export for people to read

MAX_ERRORS_SHOWN = 500
COLUMN_HELP = [
    ("email", gettext_lazy("Required. Finds the person's account; a new address adds a person.")),
    ("name_ar", gettext_lazy("Required.")),
    ("name_en", gettext_lazy("Required.")),
    ("job_title_ar", gettext_lazy("Optional.")),
    ("job_title_en", gettext_lazy("Optional.")),
    ("entity", gettext_lazy("Short name, English name or Arabic name of the entity. Required for a new person; left empty, an existing person keeps their entity.")),
    ("office_phone", gettext_lazy("Optional. Arabic-Indic digits are accepted.")),
    ("mobile", gettext_lazy("Optional. Arabic-Indic digits are accepted.")),
]


@dataclass(frozen=True)
class RowError:
    row: int | None  # as the spreadsheet numbers it: the header is row 1; None for the file as a whole
    column: str
    message: str
    value: str = ""


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # e-mail addresses
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # RowError, in file order

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Plan:
    row: int
    email: str
    values: dict  # model field → value, only for the columns the file has
    person: User | None = None


class UnreadableFile(Exception):
    pass


# Reading -----------------------------------------------------------------------------------


def _too_slow():
    return UnreadableFile(_(
        "Reading the file took too long, so it was stopped. Keep only the directory's columns and at most "
        "%(limit)d rows, or split the file."
    ) % {"limit": MAX_ROWS})


def _deadline():
    return time.monotonic() + READ_SECONDS


def _check_time(deadline):
    if time.monotonic() >= deadline:
        raise _too_slow()


def _cell_text(value):
    if value is None:
        return ""
    # Excel keeps a phone typed as digits as a number: 971501234567, sometimes as a float.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def check_workbook_archive(file):
    """Refuse, before anything parses it, a workbook that would cost more than an import may spend.

    The sizes are those the archive declares; Python's zipfile never inflates a part past its
    declared size (and fails on the checksum when the data is longer), so they bound the real work.
    """
    limit = KINDS["spreadsheet"].max_unpacked_bytes or MAX_ZIP_UNPACKED_BYTES
    too_much = UnreadableFile(_(
        "The XLSX file holds too much data to import. Keep only the directory's columns and at most "
        "%(limit)d rows, or split the file."
    ) % {"limit": MAX_ROWS})
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > limit:
                raise UnreadableFile(_(
                    "The XLSX file unpacks to more than %(limit)d MB. Keep only the directory's columns and "
                    "at most %(rows)d rows, or split the file."
                ) % {"limit": limit // (1024 * 1024), "rows": MAX_ROWS})
            for entry in entries:
                if entry.file_size >= RATIO_CHECKED_FROM_BYTES and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
                    raise UnreadableFile(_(
                        "The XLSX file is packed in a way spreadsheet programs do not produce, so it is not "
                        "opened. Save it again from your spreadsheet program."
                    ))
            tags = 0
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(entry) as part:
                    while chunk := part.read(1024 * 1024):
                        tags += chunk.count(b"<")
                        if tags > MAX_XML_TAGS:
                            raise too_much
    except UnreadableFile:
        raise
    except Exception:
        # Damaged (zipfile, zlib and checksum errors), encrypted, or packed in a way zipfile cannot read.
        raise UnreadableFile(_("The XLSX file cannot be read.")) from None
    finally:
        file.seek(0)


def _read_csv(file):
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")) from None
    if "\x00" in text:
        raise UnreadableFile(_("This is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    # Excel writes semicolons where the decimal separator is a comma.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    deadline = _deadline()
    try:
        for row in reader:
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                break
            _check_time(deadline)
    except csv.Error:
        raise UnreadableFile(_("The CSV file cannot be read.")) from None
    return rows


def _read_xlsx(file):
    # A damaged or hostile workbook can fail in many ways inside openpyxl; none may become a 500.
    # The archive check bounds what openpyxl will parse; expat refuses entity expansion bombs.
    check_workbook_archive(file)
    deadline = _deadline()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile(_("The XLSX file cannot be read.")) from None
    rows = []
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            _check_time(deadline)
            rows.append([_cell_text(value) for value in row])
    except UnreadableFile:
        raise
    except Exception:
        raise UnreadableFile(_("The XLSX file cannot be read.")) from None
    finally:
        workbook.close()
    return rows


def read_rows(file, extension):
    """The file's rows as lists of text, header first (at most MAX_ROWS + 2 rows are read)."""
    file.seek(0)
    return _read_xlsx(file) if extension == "xlsx" else _read_csv(file)


# Checking ----------------------------------------------------------------------------------


def _unneutralise(value):
    """Undo what the export adds so that an export imports back: the invisible mark in front of a
    phone number, and the apostrophe in front of formula characters (CSV, and older XLSX exports)."""
    value = value.removeprefix(PHONE_MARK)
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) else value


def _max_length_errors(name, value):
    limit = User._meta.get_field(name).max_length
    try:
        MaxLengthValidator(limit)(value)
    except ValidationError as error:
        return error.messages
    return []


def _header(cells):
    """Column positions by key, and the header's errors (all on row 1)."""
    positions, errors = {}, []
    for index, cell in enumerate(cells):
        key = clean_text(cell).lower()[:100]
        if not key or key in IGNORED_COLUMNS:
            continue  # a column without a name (Excel leaves some) or one the export adds for people
        if key not in COLUMNS:
            errors.append(RowError(1, key, _("Unknown column. The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)}, key))
        elif key in positions:
            errors.append(RowError(1, key, _("This column appears twice."), key))
        else:
            positions[key] = index
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            errors.append(RowError(1, key, _("The first row must name this column.")))
    return positions, errors


def _entities_by_name():
    """Active entities by lower-cased short name, English name and Arabic name."""
    found = {}
    for entity in Entity.objects.active().only("name_ar", "name_en", "short_name"):
        for name in {entity.short_name, entity.name_en, entity.name_ar}:
            if name:
                found.setdefault(clean_text(name).casefold(), set()).add(entity)
    return found


def _check_row(number, cells, positions, entities):
    """The row's values for the model (cleaned), and its errors."""
    values, errors = {}, []
    raw = {key: clean_text(_unneutralise(cells[index] if index < len(cells) else "")) for key, index in positions.items()}

    def error(column, message):
        errors.append(RowError(number, column, str(message), raw[column][:100]))

    for key in REQUIRED_COLUMNS:
        if not raw[key]:
            error(key, _("This field is required."))
    email = normalize_email(raw["email"])
    if email:
        try:
            validate_email(email)
        except ValidationError as problem:
            error("email", problem.messages[0])
        else:
            for message in _max_length_errors("email", email):
                error("email", message)
    values["email"] = email

    for key in TEXT_COLUMNS:
        if key in raw:
            for message in _max_length_errors(key, raw[key]):
                error(key, message)
            values[key] = raw[key]
    if raw.get("entity"):
        matches = entities.get(raw["entity"].casefold(), set())
        if len(matches) == 1:
            values["entity"] = next(iter(matches))
        elif matches:
            error("entity", _("Several entities have this name. Use the entity's full English name."))
        else:
            error("entity", _("There is no active entity with this name."))
    for key in PHONE_COLUMNS:
        if key in raw:
            try:
                values[key] = normalize_phone(raw[key])
            except ValidationError as problem:
                error(key, problem.messages[0])
                continue
            for message in _max_length_errors(key, values[key]):
                error(key, message)
    return values, errors


def check_rows(rows):
    """Plans for every person in `rows` and the errors found; nothing is written."""
    if not rows or not any(clean_text(cell) for cell in rows[0]):
        return [], [RowError(None, "", _("The file is empty: its first row must name the columns."))]
    positions, errors = _header(rows[0])
    if errors:
        return [], errors
    if len(rows) > MAX_ROWS + 1:
        return [], [RowError(None, "", _("The file has more than %(limit)d rows. Split it into smaller files.") % {"limit": MAX_ROWS})]

    entities = _entities_by_name()
    plans, first_row_of = [], {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(clean_text(cell) for cell in cells):
            continue  # blank lines between people are harmless
        values, row_errors = _check_row(number, cells, positions, entities)
        email = values.pop("email")
        if email and email in first_row_of:
            row_errors.append(RowError(
                number, "email", _("This e-mail address is already on row %(row)d.") % {"row": first_row_of[email]}, email,
            ))
        first_row_of.setdefault(email, number)
        errors.extend(row_errors)
        if not row_errors:
            plans.append(_Plan(row=number, email=email, values=values))
    if not plans and not errors:
        return [], [RowError(None, "", _("The file has no people in it, only the row of column names."))]

    # Everything that needs the database, in two queries for the whole file.
    existing = {
        person.email_lower: person
        for person in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=[plan.email for plan in plans])
    }
    taken = set(
        EmailAddress.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[plan.email for plan in plans if plan.email not in existing])
        .values_list("email_lower", flat=True)
    )
    for plan in plans:
        plan.person = existing.get(plan.email)
        if plan.person is not None:
            continue
        if plan.email in taken:
            errors.append(RowError(plan.row, "email", _("This e-mail address belongs to another account."), plan.email))
        if "entity" not in plan.values:
            errors.append(RowError(plan.row, "entity", _("A person new to the portal needs an entity.")))
    errors.sort(key=lambda error: error.row or 0)
    return plans, errors


# Writing -----------------------------------------------------------------------------------


def _differs(person, name, value):
    # The entity is compared by id: reading `person.entity` would cost a query per person.
    if name == "entity":
        return person.entity_id != value.pk
    return getattr(person, name) != value


def _write(plans, *, acting_user, request, file_name):
    result = ImportResult()
    with transaction.atomic():
        for plan in plans:
            person = plan.person
            if person is None:
                # No password: the person signs in after a password reset (see the module docstring).
                person = User.objects.create_user(plan.email, None, **plan.values)
                user_set_role(user=person, role=Role.TEAM, acting_user=acting_user, request=request)
                EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
                result.created.append(plan.email)
                continue
            changed = [name for name, value in plan.values.items() if _differs(person, name, value)]
            if changed:
                for name in changed:
                    setattr(person, name, plan.values[name])
                person.save(update_fields=changed)
                result.updated.append(plan.email)
            else:
                result.unchanged.append(plan.email)
        audit.record(
            audit.Action.IMPORTED, actor=acting_user, request=request, file=file_name,
            created=len(result.created), updated=len(result.updated), unchanged=len(result.unchanged),
            created_emails=result.created, updated_emails=result.updated,
        )
    return result


def import_people(*, file, acting_user, request=None):
    """Check every row of `file` (an upload already accepted by validate_upload) and, when no
    row has an error, create or update the people in one transaction. Returns an ImportResult."""
    try:
        rows = read_rows(file, extension_of(file.name))
    except UnreadableFile as problem:
        return ImportResult(errors=[RowError(None, "", str(problem))])
    plans, errors = check_rows(rows)
    if errors:
        return ImportResult(errors=errors)
    try:
        return _write(plans, acting_user=acting_user, request=request, file_name=display_name(file.name))
    except IntegrityError:
        # Someone created one of these people between the check and the write: all was rolled back.
        return ImportResult(errors=[RowError(None, "", _("The directory changed while the file was checked. Import it again."))])


# The admin page ----------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = ValidatedFileField(kind="spreadsheet", label=gettext_lazy("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translated per request: a lazy string formatted at import time would freeze its language.
        self.fields["file"].help_text = _("CSV (UTF-8) or XLSX, up to 5 MB and %(limit)d rows.") % {"limit": MAX_ROWS}


def may_import(user):
    return user.has_perm("members.import_directory")


def import_view(request, *, model_admin):
    """Admin view (UserAdmin.get_urls): the upload form, then either a summary or every row's errors."""
    if not may_import(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_people(file=form.cleaned_data["file"], acting_user=request.user, request=request)
            if result.ok:
                for count, message in (
                    (len(result.created), ngettext("%(count)d person added.", "%(count)d people added.", len(result.created))),
                    (len(result.updated), ngettext("%(count)d person updated.", "%(count)d people updated.", len(result.updated))),
                    (len(result.unchanged), ngettext("%(count)d person unchanged.", "%(count)d people unchanged.", len(result.unchanged))),
                ):
                    if count:
                        model_admin.message_user(request, message % {"count": count})
                return redirect("admin:members_user_changelist")
    else:
        form = ImportForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import people"),
        "form": form,
        "result": result,
        "columns": COLUMN_HELP,
        "max_errors_shown": MAX_ERRORS_SHOWN,
    }
    return TemplateResponse(request, "admin/members/user/import.html", context)

