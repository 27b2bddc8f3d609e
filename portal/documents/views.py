"""The pages and downloads of documents. Reads go through `Document.objects.visible_to(user)`
(404 for what a user may not see); writes through portal.documents.services."""
import contextlib
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import audit, registry
from portal.access import get_visible_or_404
from portal.documents import services
from portal.documents.forms import DocumentEditForm, DocumentReplaceForm, DocumentUploadForm, DocumentWithdrawForm
from portal.documents.models import Document, manages_all_documents
from portal.documents.zipstream import stream_zip, unique_names
from portal.files import serve
from portal.text import clean_text
from portal.uploads import extension_of


# Helpers -------------------------------------------------------------------------------------------

def can_manage(user, document):
    """Replace, withdraw, edit: the uploader, the secretariat, and whom the owner allows."""
    if document.uploaded_by_id == user.pk or manages_all_documents(user):
        return True
    spec = document.owner_spec
    return spec is not None and bool(spec.can_manage(user, document))


def _visible_document(request, pk):
    return get_visible_or_404(Document.objects.select_related("current_version", "uploaded_by"), request.user, pk=pk)


def _visible_owner(request, owner_key, owner_pk):
    spec = registry.document_owners.get(owner_key)
    if spec is None:
        raise Http404
    owner = spec.visible_owners(request.user).filter(pk=owner_pk).first()
    if owner is None:
        raise Http404
    return spec, owner


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _apply_service_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_errors_json(form):
    return JsonResponse({"ok": False, "errors": {
        field or "__all__": [str(message) for message in messages_]
        for field, messages_ in form.errors.items()
    }}, status=400)


def _too_large(request):
    """A body far over the limit is refused before it is read to the end."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024


def _refused_too_large(form):
    """`form` (unbound: the body was not read) carrying the size error."""
    form.full_clean()
    form.cleaned_data = {}
    form.add_error(None, _("The file is too large: the limit is %(limit)d MB.") % {"limit": settings.DOCUMENT_MAX_UPLOAD_MB})
    return form


def safe_component(text, fallback="document"):
    """A name usable as one part of a path in a ZIP: no folders, no leading dots, no controls."""
    text = clean_text(str(text)).replace("/", "-").replace("\\", "-")
    text = "".join(character for character in text if character.isprintable()).lstrip(". ")
    return text[:120].strip() or fallback


# Reading -------------------------------------------------------------------------------------------

@require_safe
@login_required
def detail(request, pk):
    document = _visible_document(request, pk)
    manage = can_manage(request.user, document)
    spec = document.owner_spec
    owner = document.owner
    context = {
        "document": document, "can_manage": manage,
        "versions": document.versions.select_related("uploaded_by") if manage else None,
        "owner_url": spec.owner_url(owner) if spec and owner else "",
        "owner_label": spec.label(owner) if spec and owner else "",
    }
    if manage and not document.is_withdrawn:
        context.update(
            edit_form=DocumentEditForm(initial={field: getattr(document, field) for field in services.EDITABLE_FIELDS},
                                       kinds=spec.kinds if spec else ()),
            replace_form=DocumentReplaceForm(), withdraw_form=DocumentWithdrawForm(),
        )
    return render(request, "documents/detail.html", context)


@require_safe
@login_required
def download(request, pk):
    """The document's stable link: always its newest version."""
    document = _visible_document(request, pk)
    version = document.current_version
    if version is None:
        raise Http404
    audit.record(audit.Action.DOWNLOADED, actor=request.user, target=document, request=request,
                 file="document", version=version.number)
    return serve(version.file, filename=version.original_name)


@require_safe
@login_required
def version_download(request, pk, number):
    """An older version: for those who manage the document (a replaced file may have been wrong)."""
    document = _visible_document(request, pk)
    if not can_manage(request.user, document):
        raise Http404
    version = document.versions.filter(number=number).first()
    if version is None:
        raise Http404
    audit.record(audit.Action.DOWNLOADED, actor=request.user, target=document, request=request,
                 file="document", version=version.number)
    return serve(version.file, filename=version.original_name)


@require_safe
@login_required
def preview(request, pk):
    """The first-page picture, shown in pages (inline, sandboxed; not audited, like logos)."""
    document = _visible_document(request, pk)
    if not document.preview:
        raise Http404
    return serve(document.preview, filename=f"{document.pk}.png", inline=True)


def _archive_members(documents, folders):
    names = []
    for document in documents:
        version = document.current_version
        stem = safe_component(document.title)
        extension = extension_of(version.file.name)
        folder = folders.get((document.owner_type_id, document.owner_id), "")
        names.append(f"{folder}/{stem}.{extension}" if folder else f"{stem}.{extension}")
    for name, document in zip(unique_names(names), documents):
        version = document.current_version
        date_time = timezone.localtime(version.uploaded_at).timetuple()[:6]
        yield name, date_time, _opener(version.file)


def _opener(field_file):
    storage = field_file.storage
    if hasattr(storage, "bucket"):  # S3: read the object's body as it arrives, not a spooled copy
        key = storage._normalize_name(field_file.name)
        return lambda: contextlib.closing(storage.bucket.Object(key).get()["Body"])
    return lambda: storage.open(field_file.name, "rb")


@require_safe
@login_required
def download_all(request, owner_key, owner_pk):
    """A ZIP of every document of the owner (and of its related owners, in folders) that the user
    may open, streamed as it is written. One audit entry for the archive."""
    from django.contrib.contenttypes.models import ContentType

    spec, owner = _visible_owner(request, owner_key, owner_pk)
    owners, folders = [owner], {}
    for related_key, queryset in (spec.related_owners(owner) if spec.related_owners else []):
        related_spec = registry.document_owners.get(related_key)
        visible = related_spec.visible_owners(request.user).values("pk")
        for related in queryset.filter(pk__in=visible):
            owners.append(related)
            folders[(ContentType.objects.get_for_model(related).pk, related.pk)] = safe_component(related_spec.label(related))
    documents = list(Document.objects.active().for_owners(owners, visible_to=request.user).exclude(current_version=None))
    if not documents:
        raise Http404
    audit.record(audit.Action.DOWNLOADED, actor=request.user, target=owner, request=request,
                 file="documents-zip", documents=[document.pk for document in documents])
    response = StreamingHttpResponse(stream_zip(_archive_members(documents, folders)), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{safe_component(spec.label(owner))}.zip")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # nginx must pass the stream on as it comes rather than buffer it.
    response["X-Accel-Buffering"] = "no"
    return response


# Writing -------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def upload(request, owner_key, owner_pk):
    spec, owner = _visible_owner(request, owner_key, owner_pk)
    if not spec.can_upload(request.user, owner):
        raise PermissionDenied
    owner_url = spec.owner_url(owner)
    if request.method == "POST" and _too_large(request):
        form = _refused_too_large(DocumentUploadForm(kinds=spec.kinds))
        return _form_errors_json(form) if _wants_json(request) else _upload_page(request, form, spec, owner, status=400)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, kinds=spec.kinds)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                owner=owner, upload=form.cleaned_data["file"], title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"], language=form.cleaned_data["language"],
                shared_with_guests=form.cleaned_data["shared_with_guests"], acting_user=request.user, request=request,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        except OSError:
            form.add_error(None, _("The file could not be stored. Please try again."))
        else:
            message = _("“%(title)s” was added.") % {"title": document.title}
            if _wants_json(request):
                messages.success(request, message)
                return JsonResponse({"ok": True, "redirect": owner_url, "document": document.pk})
            messages.success(request, message)
            return redirect(owner_url)
    if request.method == "POST":
        if _wants_json(request):
            return _form_errors_json(form)
        return _upload_page(request, form, spec, owner, status=400)
    return _upload_page(request, form, spec, owner)


def _upload_page(request, form, spec, owner, status=200):
    return render(request, "documents/upload.html", {
        "form": form, "owner": owner, "owner_label": spec.label(owner), "owner_url": spec.owner_url(owner),
        "action": request.path,
    }, status=status)


def _managed_document(request, pk):
    document = _visible_document(request, pk)
    if not can_manage(request.user, document):
        raise PermissionDenied
    return document


@require_http_methods(["GET", "POST"])
@login_required
def replace(request, pk):
    document = _managed_document(request, pk)
    if document.is_withdrawn:
        raise PermissionDenied
    if request.method == "POST" and _too_large(request):
        form = _refused_too_large(DocumentReplaceForm())
        return _form_errors_json(form) if _wants_json(request) else _replace_page(request, document, form, status=400)
    form = DocumentReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_replace(document=document, upload=form.cleaned_data["file"], note=form.cleaned_data["note"],
                                      acting_user=request.user, request=request)
        except ValidationError as error:
            _apply_service_errors(form, error)
        except OSError:
            form.add_error(None, _("The file could not be stored. Please try again."))
        else:
            messages.success(request, _("A new version of “%(title)s” was added.") % {"title": document.title})
            target = document_url(document)
            return JsonResponse({"ok": True, "redirect": target}) if _wants_json(request) else redirect(target)
    if request.method == "POST":
        if _wants_json(request):
            return _form_errors_json(form)
        return _replace_page(request, document, form, status=400)
    return _replace_page(request, document, form)


def _replace_page(request, document, form, status=200):
    return render(request, "documents/replace.html", {"document": document, "form": form}, status=status)


def document_url(document):
    from django.urls import reverse

    return reverse("documents:detail", args=[document.pk])


@require_POST
@login_required
def edit(request, pk):
    document = _managed_document(request, pk)
    if document.is_withdrawn:
        raise PermissionDenied
    spec = document.owner_spec
    form = DocumentEditForm(request.POST, kinds=spec.kinds if spec else ())
    if form.is_valid():
        try:
            services.document_update(document=document, data=form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(document_url(document))
    return render(request, "documents/detail.html", {
        "document": document, "can_manage": True, "versions": document.versions.select_related("uploaded_by"),
        "owner_url": spec.owner_url(document.owner) if spec else "", "owner_label": spec.label(document.owner) if spec else "",
        "edit_form": form, "replace_form": DocumentReplaceForm(), "withdraw_form": DocumentWithdrawForm(),
    }, status=400)


@require_POST
@login_required
def withdraw(request, pk):
    document = _managed_document(request, pk)
    form = DocumentWithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.document_withdraw(document=document, reason=reason, acting_user=request.user, request=request)
    messages.success(request, _("“%(title)s” was withdrawn.") % {"title": document.title})
    spec = document.owner_spec
    owner = document.owner
    return redirect(spec.owner_url(owner) if spec and owner else document_url(document))
