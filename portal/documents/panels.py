"""A documents panel's HTML: its list of documents, the "Download all" link and the upload form.

One writer for every page that shows one: `{% documents_panel %}` (a case's page, any owner's) and
the meeting page, which draws a panel for the meeting and for each agenda item. Drawn from
templates, a meeting's nine panels and twenty documents cost about a third of its page: each
document's item is written here as an escaped string from its row, and the upload form, the same
for every panel but its ids, its address and the CSRF token, is drawn once per process, language
and list of kinds (documents/includes/upload_form.html) and given those three.
"""
import collections
import functools

from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal import links
from portal.documents.forms import DocumentUploadForm
from portal.documents.models import Document
from portal.escaping import escaped as _e
from portal.i18n import active_language

UPLOAD_TEMPLATE = "documents/includes/upload_form.html"
# Stand-ins drawn into the upload form once, replaced by each panel's own values.
_PANEL_ID = "__documents_panel__"
_UPLOAD_URL = "__documents_upload_url__"
_CSRF_TOKEN = "__documents_csrf_token__"


# What a panel shows of a document, as values_list() reads them: for pages that list many documents
# (a meeting's twenty), a row of these costs far less than a Document with its version and uploader.
LISTED_FIELDS = (
    "pk", "owner_type_id", "owner_id", "title", "kind", "language", "status", "shared_with_guests", "preview",
    "current_version_id", "current_version__number", "current_version__size", "current_version__uploaded_at",
    "uploaded_by__name_ar", "uploaded_by__name_en", "uploaded_by__email",
)
ListedVersion = collections.namedtuple("ListedVersion", "number size uploaded_at")


class ListedDocument:
    """A document as a panel lists it, from a row of LISTED_FIELDS: what document_item(), panel()
    and zippable() read of a Document, read the same way."""

    __slots__ = (
        "pk", "owner_type_id", "owner_id", "title", "kind", "language", "status", "shared_with_guests", "preview",
        "current_version_id", "current_version", "uploaded_by",
    )
    Status = Document.Status

    def __init__(self, row, language):
        (
            self.pk, self.owner_type_id, self.owner_id, self.title, self.kind, self.language, self.status,
            self.shared_with_guests, self.preview, self.current_version_id, number, size, uploaded_at, name_ar, name_en, email,
        ) = row
        self.current_version = ListedVersion(number, size, uploaded_at) if self.current_version_id else None
        # As str(User): the name in the page's language, else in the other, else the e-mail address.
        self.uploaded_by = ((name_ar or name_en) if language == "ar" else (name_en or name_ar)) or email

    @property
    def is_withdrawn(self):
        return self.status == Document.Status.WITHDRAWN


def listed(rows):
    """ListedDocuments of rows of LISTED_FIELDS."""
    language = active_language()
    return [ListedDocument(row, language) for row in rows]



@functools.cache
def _texts(language):
    """An item's and a panel's fixed text in `language`, translated and escaped once per process."""
    return {
        "language": language,
        "withdrawn": _e(gettext("Withdrawn")),
        "shared": _e(gettext("shared with guests")),
        "details": _e(gettext("Details and versions")),
        "empty": _e(gettext("No documents yet.")),
        "download_all": _e(gettext("Download all (ZIP)")),
        "add": _e(gettext("Add a document")),
        "version": gettext("version %(number)s"),
        # get_kind_display() and get_language_display() look the label up afresh on every call.
        "kinds": {value: _e(label) for value, label in Document.Kind.choices},
        "languages": {value: _e(label) for value, label in Document.Language.choices},
    }


def _version_meta(version, texts):
    uploaded_at = timezone.localtime(version.uploaded_at)
    number = _e(texts["version"] % {"number": version.number})
    return (
        f' · <span dir="ltr">{_file_size(texts["language"], version.size)}</span> · {number}'
        f' · <time datetime="{_e(uploaded_at.isoformat())}">{_day(texts["language"], uploaded_at.date())}</time>'
    )


# A size and a day written in a language, remembered: the same answer every time, and the documents
# of one meeting share a handful of upload days (formatting a date costs about 65 microseconds).
@functools.lru_cache(maxsize=4096)
def _file_size(language, size):
    return _e(filesizeformat(size))


@functools.lru_cache(maxsize=4096)
def _day(language, day):
    return _e(formats.date_format(day, "DATE_FORMAT"))


def document_item(document, texts=None, urls=None):
    """One document's list item, from the document with its current version and uploader loaded."""
    texts = texts or _texts(active_language())
    urls = urls or item_urls()
    pk = int(document.pk)
    withdrawn = document.is_withdrawn
    if document.preview:
        thumb = f'<img class="document-thumb" src="{_url(urls["preview"], pk)}" alt="" width="64" height="90" loading="lazy">'
    else:
        thumb = '<span class="document-thumb document-thumb-icon" aria-hidden="true"><i class="bi bi-file-earmark-text"></i></span>'
    version = document.current_version
    title = _e(document.title)
    return (
        f'<li class="document-item{" document-withdrawn" if withdrawn else ""}">{thumb}<div class="document-body">'
        f'<a class="document-title fw-bold" href="{_url(urls["download"], pk)}" download>{title}</a>'
        + (f' <span class="badge text-bg-secondary">{texts["withdrawn"]}</span>' if withdrawn else "")
        + f'<div class="document-meta small text-body-secondary">{texts["kinds"].get(document.kind, _e(document.kind))}'
        + f' · {texts["languages"].get(document.language, _e(document.language))}'
        + (_version_meta(version, texts) if version else "")
        + f' · {_e(document.uploaded_by)}'
        + (f' · {texts["shared"]}' if document.shared_with_guests else "")
        + f'</div><a class="small" href="{_url(urls["detail"], pk)}">{texts["details"]}<span class="visually-hidden">: {title}</span></a>'
        '</div></li>'
    )


def item_urls():
    """The parts of an item's links, looked up once for a panel or a page of them."""
    return {name: links.pk_url_parts(f"documents:{name}") for name in ("preview", "download", "detail")}


def _url(parts, pk):
    head, tail = parts
    return _e(f"{head}{pk}{tail}")


def _upload_form(kinds):
    """The upload form with stand-ins for its panel's values, drawn once per process, language and kinds."""
    return _upload_form_in(active_language(), tuple(kinds))


@functools.cache
def _upload_form_in(language, kinds):
    form = DocumentUploadForm(kinds=kinds, auto_id=f"{_PANEL_ID}-%s")
    return render_to_string(UPLOAD_TEMPLATE, {"form": form, "panel_id": _PANEL_ID, "upload_url": _UPLOAD_URL, "csrf_token": _CSRF_TOKEN})


def panel(*, panel_id, documents, download_all_url="", upload_url="", kinds=(), csrf_token="", urls=None, upload_form=True):
    """A panel of `documents` (already those of its owner the viewer may see). With `upload_url`,
    the upload form of `kinds` posting there with `csrf_token`, or with `upload_form=False` a link
    to the upload page at that address, beside the "Download all" link (a page of many panels
    carries one form, not one each).
    `urls`: item_urls(), for a page of several panels to look them up once."""
    texts, urls = _texts(active_language()), urls or item_urls()
    parts = [f'<div class="documents-panel" id="{_e(panel_id)}">']
    if documents:
        parts.append('<ul class="list-unstyled documents-list mb-3">')
        parts.extend(document_item(document, texts, urls) for document in documents)
        parts.append("</ul>")
    else:
        parts.append(f'<p class="text-body-secondary documents-empty">{texts["empty"]}</p>')
    if not upload_form:
        # A panel among many (an agenda item's): its links side by side, at the body's size, so
        # that the agenda reads as an agenda, not as a column of large buttons.
        actions = []
        if download_all_url:
            actions.append(
                f'<a class="btn btn-outline-primary document-download-all" href="{_e(download_all_url)}">'
                f'<i class="bi bi-file-zip" aria-hidden="true"></i> {texts["download_all"]}</a>'
            )
        if upload_url:
            actions.append(f'<a class="btn btn-outline-primary document-upload-link" href="{_e(upload_url)}">{texts["add"]}</a>')
        if actions:
            parts.append(f'<p class="d-flex flex-wrap gap-2">{"".join(actions)}</p>')
    elif download_all_url:
        parts.append(
            f'<p><a class="btn btn-outline-primary btn-lg document-download-all" href="{_e(download_all_url)}">'
            f'<i class="bi bi-file-zip" aria-hidden="true"></i> {texts["download_all"]}</a></p>'
        )
    if upload_form and upload_url:
        parts.append(
            _upload_form(kinds).replace(_PANEL_ID, _e(panel_id)).replace(_UPLOAD_URL, _e(upload_url)).replace(_CSRF_TOKEN, _e(csrf_token))
        )
    parts.append("\n</div>")  # on its own line, as the panel's end (tests find panels by it)
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped by _e, the form drawn by its template


def zippable(documents):
    """Whether the download-all ZIP would hold any of `documents` (it leaves out the withdrawn)."""
    return any(document.status == document.Status.ACTIVE and document.current_version_id for document in documents)
