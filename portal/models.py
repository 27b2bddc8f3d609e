"""The audit log (who did what, and when; entries are written once and never changed) and the one
search index of every portal."""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    """Bulk update and delete are refused too: the log is append-only by every path of the app."""

    def update(self, **kwargs):
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self):
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        ROLE_CHANGED = "role_changed", _("Role changed")
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        DELETED = "deleted", _("Deleted")
        DOWNLOADED = "downloaded", _("File downloaded")
        EXPORTED = "exported", _("Exported")
        IMPORTED = "imported", _("Imported")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # PROTECT: accounts are deactivated, never deleted, once they have a history.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    # Kept as text too, so the entry reads the same even after the account is renamed.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "History of this object" in admin and reports.
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.target_label}"

    def save(self, *args, **kwargs):
        # The log is append-only: an existing entry is never rewritten.
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")


class SearchEntry(models.Model):
    """One searchable object of any portal, as the search page and the header's suggestions read it.

    Rows are written only by `portal.search` (from each app's registered provider), in the same
    transaction as the object's change. Who may see a row is decided by its `audiences`
    (SearchAudience), in SQL: the search never reads an object the user could not open.

    `terms_*` hold the text as `portal.search.analyse` reads it (Arabic folded and lightly stemmed),
    with a space on each side so that SQLite can match word starts with LIKE. On PostgreSQL a trigger
    (migration 0004) keeps `search_vector` from them: titles weigh A, subtitles B, text C.
    """

    kind = models.CharField(_("kind"), max_length=32)  # the provider's name: "people", "meetings", ...
    portal = models.CharField(_("portal"), max_length=32)
    object_id = models.CharField(_("object id"), max_length=64)
    title_ar = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    subtitle_ar = models.CharField(max_length=300, blank=True)
    subtitle_en = models.CharField(max_length=300, blank=True)
    text_ar = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    # Reversed when shown, so the link carries the page's language prefix.
    url_name = models.CharField(max_length=100)
    url_args = models.JSONField(default=list, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    terms_title = models.TextField(blank=True)
    terms_subtitle = models.TextField(blank=True)
    terms_text = models.TextField(blank=True)
    # Titles folded for pg_trgm (Latin vowels folded too: Ahmad/Ahmed, Mansoori/Mansouri).
    names = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The words of `names` as they are (PostgreSQL, trigger of migration 0005): a Latin name typed in
    # another spelling is matched through SearchNameWord's variants of it, by the GIN index of this.
    names_vector = SearchVectorField(null=True, editable=False)
    # The first of its audiences, also here: the common check ("members") is then a test of the
    # matched row itself, not a join with SearchAudience over the whole index.
    audience = models.CharField(max_length=64, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search index")
        ordering = ["kind", "object_id"]
        constraints = [
            # Re-indexing an object replaces its row (upsert on this pair).
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
        ]
        # The GIN indexes on search_vector and on names (pg_trgm) are PostgreSQL-only: migration 0004.

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title_ar or self.title_en}"


class SearchNameWord(models.Model):
    """Every Latin word of the index's `names` (vowel-folded), kept by a PostgreSQL trigger (migration
    0005), never by the application. A typed transliteration is compared by trigram similarity with
    these few thousand words instead of with the names of every entry; the entries holding the
    similar words are then found by `SearchEntry.names_vector`. Words whose entries are gone stay:
    they only name a variant that matches nothing."""

    word = models.TextField(primary_key=True)

    class Meta:
        verbose_name = _("search name word")
        verbose_name_plural = _("search name words")

    def __str__(self):
        return self.word


class SearchAudience(models.Model):
    """Who may find a SearchEntry: one row per audience key ("members", "secretariat", "entity:7",
    "meeting:12", "draft:entity:7", ...). A user's keys come from the resolvers apps register in
    portal.registry.search_audiences; an entry is found only when one of its keys is among them."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="audiences")
    key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("search audience")
        verbose_name_plural = _("search audiences")
        ordering = ["entry", "key"]
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="search_audience_unique")]
        indexes = [
            # The search's scope check: does this entry have one of the user's keys? (entry first: the
            # probe comes from the matched entry; the unique constraint above serves it.)
            models.Index(fields=["key", "entry"], name="search_audience_key_idx"),
        ]

    def __str__(self):
        return self.key
