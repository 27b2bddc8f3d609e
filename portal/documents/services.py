"""Every write to documents: upload, replace (a new version), edit, withdraw.

Files are written before the transaction (a slow storage holds no lock) and removed again if the
transaction fails (portal.files.replacing_files), so a failure leaves neither a row nor a file.
"""
import posixpath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit, registry
from portal.documents.models import Document, DocumentVersion
from portal.files import replacing_files
from portal.uploads import display_name

EDITABLE_FIELDS = ("title", "kind", "language", "shared_with_guests")


def _check_kind(owner_spec, kind):
    if kind not in Document.Kind.values or (owner_spec.kinds and kind not in owner_spec.kinds):
        raise ValidationError({"kind": _("Choose a kind of document from the list.")}, code="kind")


def _new_version(*, document, upload, number, acting_user, note=""):
    version = DocumentVersion(
        document=document, number=number, original_name=display_name(upload.name), size=upload.size,
        uploaded_by=acting_user, note=note,
    )
    # Validates (allowlist, signature, size, bombs) on the model field, whatever form brought it.
    DocumentVersion._meta.get_field("file").prepared_content(upload)
    return version


def _after_file_changed(document):
    from portal.documents import tasks

    # Enqueued in this transaction: the job exists exactly when the version does.
    tasks.extract_document.enqueue(document.pk, document.current_version_id)


def document_upload(*, owner, upload, title="", kind, language, shared_with_guests=False, acting_user, request=None):
    """Attach a new document (version 1 of `upload`) to `owner`, a registered owner's object."""
    key = registry.document_owners.key_for_model(owner)
    if key is None:
        raise LookupError(f"{type(owner).__name__} is not a registered document owner.")
    spec = registry.document_owners.get(key)
    _check_kind(spec, kind)
    if language not in Document.Language.values:
        raise ValidationError({"language": _("Choose a language from the list.")}, code="language")
    title = (title or "").strip() or posixpath.splitext(display_name(upload.name))[0]
    document = Document(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, title=title[:200], kind=kind,
        language=language, shared_with_guests=bool(shared_with_guests), uploaded_by=acting_user,
    )
    version = _new_version(document=document, upload=upload, number=1, acting_user=acting_user)
    with replacing_files(version, {"file": upload}), transaction.atomic():
        document.save()
        version.document = document
        version.save()
        document.current_version = version
        document.save(update_fields=["current_version"])
        audit.record(
            audit.Action.CREATED, actor=acting_user, target=document, request=request,
            owner=f"{key}:{owner.pk}", file=version.original_name, size=version.size,
        )
        _after_file_changed(document)
        if spec.on_added is not None:
            transaction.on_commit(lambda: spec.on_added(document, acting_user))
    return document


def document_replace(*, document, upload, note="", acting_user, request=None):
    """A new version of `document`: its link now serves this file; the older versions are kept."""
    version = _new_version(document=document, upload=upload, number=0, acting_user=acting_user, note=note)
    with replacing_files(version, {"file": upload}), transaction.atomic():
        # Locked: two replacements at once get consecutive numbers.
        Document.objects.select_for_update().filter(pk=document.pk).first()
        number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version.number = number
        version.save()
        previous = document.current_version_id
        document.current_version = version
        document.extraction = Document.Extraction.PENDING
        document.save(update_fields=["current_version", "extraction", "updated_at"])
        audit.record(
            audit.Action.UPDATED, actor=acting_user, target=document, request=request,
            version=number, file=version.original_name, size=version.size, old_version_id=previous,
        )
        _after_file_changed(document)
    return document


def document_update(*, document, data, acting_user, request=None):
    """Change the title, kind, language or sharing of `document`; other keys of `data` are ignored."""
    changes = {}
    for field in EDITABLE_FIELDS:
        if field in data and data[field] != getattr(document, field):
            changes[field] = data[field]
    if "kind" in changes:
        _check_kind(document.owner_spec, changes["kind"])
    if "language" in changes and changes["language"] not in Document.Language.values:
        raise ValidationError({"language": _("Choose a language from the list.")}, code="language")
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": _("A title is required.")}, code="title")
    if not changes:
        return document
    old = {field: getattr(document, field) for field in changes}
    with transaction.atomic():
        for field, value in changes.items():
            setattr(document, field, value)
        document.save(update_fields=[*changes, "updated_at"])
        audit.record(
            audit.Action.UPDATED, actor=acting_user, target=document, request=request,
            old=old, new={field: getattr(document, field) for field in changes},
        )
    return document


def document_withdraw(*, document, reason="", acting_user, request=None):
    """Take `document` out of view (its files stay, for the secretariat); it is not deleted."""
    if document.is_withdrawn:
        return document
    with transaction.atomic():
        document.status = Document.Status.WITHDRAWN
        document.withdrawn_at = timezone.now()
        document.withdrawn_by = acting_user
        document.withdrawal_reason = (reason or "")[:300]
        document.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=document, request=request, status="withdrawn", reason=document.withdrawal_reason)
    return document


def document_restore(*, document, acting_user, request=None):
    """Bring a withdrawn document back (the secretariat, from admin)."""
    if not document.is_withdrawn:
        return document
    with transaction.atomic():
        document.status = Document.Status.ACTIVE
        document.withdrawn_at = None
        document.withdrawn_by = None
        document.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=document, request=request, status="active")
    return document
