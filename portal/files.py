"""The one protected-download path for every stored file.

A portal registers each downloadable file field once (`register("entity-logo", ...)`); the single
view `download` then checks access, writes the audit entry and hands the bytes over: by
FileResponse (or X-Accel-Redirect) for local files, or by a presigned URL of a few minutes on S3.
Nothing is ever served from a public media URL.
"""
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from portal import audit
from portal.uploads import PILLOW_FORMATS, extension_of

SANDBOX_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
CONTENT_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
    "pdf": "application/pdf", "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "vcf": "text/vcard",
}


@dataclass(frozen=True)
class Downloadable:
    model: type  # the model owning the file
    field: str
    permission: str  # a rules permission checked against the object, e.g. "members.view_entity"
    filename: Callable  # (obj) -> str shown to the user
    # Images shown in pages (logos, photos) are sent inline, sandboxed, and not audited one by one.
    inline_image: bool = False


REGISTRY = {}


def register(kind, **spec):
    REGISTRY[kind] = Downloadable(**spec)


@require_safe
@login_required
def download(request, kind, pk):
    spec = REGISTRY.get(kind)
    if spec is None:
        raise Http404
    obj = spec.model._default_manager.filter(pk=pk).first()
    # 404, not 403: a file the user may not open does not exist for them.
    if obj is None or not request.user.has_perm(spec.permission, obj):
        raise Http404
    field_file = getattr(obj, spec.field)
    if not field_file:
        raise Http404
    filename = spec.filename(obj)
    if not spec.inline_image:
        audit.record(audit.Action.DOWNLOADED, actor=request.user, target=obj, request=request, file=kind)
    return serve(field_file, filename=filename, inline=spec.inline_image)


def serve(field_file, *, filename, inline=False):
    """Send a stored file without the worker ever holding its bytes in memory."""
    extension = extension_of(field_file.name)
    if inline and extension not in PILLOW_FORMATS:
        inline = False  # only whitelisted image formats are ever shown inline
    disposition = content_disposition_header(not inline, filename)
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    storage = field_file.storage
    if hasattr(storage, "bucket_name"):  # S3: a short-lived signed URL, bytes go straight from S3
        url = storage.url(
            field_file.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
            expire=settings.STORAGES["default"]["OPTIONS"]["querystring_expire"],
        )
        response = HttpResponseRedirect(url)
    elif settings.PROTECTED_FILES_X_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_FILES_X_ACCEL_PREFIX + quote(field_file.name)
        response["Content-Disposition"] = disposition
    else:
        try:
            handle = storage.open(field_file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = disposition
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300" if inline else "private, no-store"
    return response


@contextmanager
def replacing_files(instance, changes):
    """Store new files for `instance` before its transaction, and never leave one behind.

    `changes` maps a `ProtectedFileField` name to an upload, or to None to remove the file. The new
    files are written now (outside the transaction, so a slow storage holds no database lock) and
    set on the instance; the block saves the row. If the block fails, the new files are deleted
    and the instance keeps its old names; once the row is committed, the replaced files are
    deleted. Yields the list of changed field names, for `save(update_fields=...)`.

        with replacing_files(entity, {"logo": upload}) as changed, transaction.atomic():
            entity.save(update_fields=["name_ar", *changed])
    """
    old_names = {field: getattr(instance, field).name for field in changes}
    new_names = []
    try:
        for field, upload in changes.items():
            if upload is None:
                setattr(instance, field, "")
            else:
                name = instance._meta.get_field(field).store(instance, upload)
                new_names.append(name)
                setattr(instance, field, name)
        yield list(changes)
    except BaseException:
        for name in new_names:
            default_storage.delete(name)
        for field, name in old_names.items():
            setattr(instance, field, name)
        raise
    replaced = [name for name in old_names.values() if name]
    if replaced:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in replaced])
