"""Documents attached to any registered owner (a meeting, an agenda item...), with their versions.

A document's link never changes: it serves its current version, and replacing the file adds a
version (history kept). Documents are withdrawn, never deleted: the file stays for the secretariat.
Who sees a document follows its owner (portal.registry.document_owners).
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import fields, registry


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Documents of the owners the user may see, in one query: for each registered owner type,
        its objects visible to the user as a subquery (only those shared with guests, for a guest).
        Withdrawn documents stay visible to their uploader and to the secretariat only."""
        return self._visible(user, owners_by_model=None)

    def active(self):
        return self.filter(status=Document.Status.ACTIVE)

    def for_owners(self, owners, *, visible_to=None):
        """The documents of several owners (a meeting and its agenda items) in one query, with what a
        list of them shows (current version, uploader). With `visible_to` (a user), only those the
        user may see: the rows of `visible_to(user)` for these owners."""
        by_model = {}
        for owner in owners:
            by_model.setdefault(type(owner), []).append(owner.pk)
        queryset = self if visible_to is None else self._visible(visible_to, owners_by_model=by_model)
        condition = models.Q(pk__in=[])
        for model, pks in by_model.items():
            condition |= models.Q(owner_type=ContentType.objects.get_for_model(model), owner_id__in=pks)
        return queryset.filter(condition).select_related("current_version", "uploaded_by")

    def _visible(self, user, *, owners_by_model):
        """`owners_by_model` ({model: [pk, ...]}, or None for every owner) narrows the owners whose
        visibility is looked up to those named: PostgreSQL then checks a meeting and its eight agenda
        items once, rather than building the set of every visible owner of every type (every
        published campaign, every agenda item: 12 ms for the twenty documents of one meeting)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        condition = models.Q(pk__in=[])
        for _key, owner in registry.document_owners.items():
            if owners_by_model is not None and owner.model not in owners_by_model:
                continue  # not asked: no need to build (or ask the viewer about) its visible owners
            visible = owner.visible_owners(user)
            if owners_by_model is None:
                # EXISTS, looked up for each document (or hashed, as the planner sees fit), where
                # `owner_id IN (subquery)` always builds the whole set first.
                owned = models.Exists(visible.filter(pk=models.OuterRef("owner_id")))
            else:
                owned = models.Q(owner_id__in=visible.filter(pk__in=owners_by_model[owner.model]).values("pk"))
            allowed = models.Q(owned, owner_type=ContentType.objects.get_for_model(owner.model))
            if owner.guests_only_shared(user):
                allowed &= models.Q(shared_with_guests=True)
            condition |= allowed
        queryset = self.filter(condition)
        if not manages_all_documents(user):
            queryset = queryset.filter(models.Q(status=Document.Status.ACTIVE) | models.Q(uploaded_by=user))
        return queryset


def manages_all_documents(user):
    """The secretariat (Django's model permission, granted to its group by migration 0002)."""
    return user.has_perm("documents.change_document")


class Document(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        CASE_STUDY = "case_study", _("Case study")
        CREATIVE_FILE = "creative_file", _("Creative file")
        GUIDELINE = "guideline", _("Guideline")
        MEDIA_KIT = "media_kit", _("Media kit")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        BOTH = "both", _("Arabic and English")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        NONE = "none", _("Nothing to extract")
        FAILED = "failed", _("Failed")

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner type"))
    owner_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("owner_type", "owner_id")
    title = fields.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ARABIC)
    shared_with_guests = models.BooleanField(_("shared with guests"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = fields.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents_uploaded", verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    current_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("current version"),
    )
    text = models.TextField(_("extracted text"), blank=True)
    extraction = models.CharField(_("text extraction"), max_length=16, choices=Extraction.choices, default=Extraction.PENDING)
    # Made from the file by a background task (portal.documents.tasks), never uploaded.
    preview = fields.ProtectedFileField(_("preview"), kind="document_preview", folder="documents/previews", blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "id"]
        indexes = [
            # for_owners() and visible_to(): the documents of given owners.
            models.Index(fields=["owner_type", "owner_id"], name="document_owner_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def owner_spec(self):
        """The DocumentOwner registered for this document's owner type (None if unregistered)."""
        model = ContentType.objects.get_for_id(self.owner_type_id).model_class()
        key = registry.document_owners.key_for_model(model)
        return registry.document_owners.get(key) if key else None

    @property
    def extension(self):
        from portal.uploads import extension_of

        return extension_of(self.current_version.file.name) if self.current_version_id else ""


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document"))
    number = models.PositiveIntegerField(_("version"))
    file = fields.ProtectedFileField(_("file"), kind="document_upload", folder="documents")
    original_name = fields.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    note = fields.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"
