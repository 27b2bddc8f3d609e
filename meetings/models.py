"""Network meetings, knowledge sessions and training workshops."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import fields
from portal.i18n import Bilingual


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members see every meeting; a guest only those they are invited to; anyone else none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("members.view_directory"):
            return self
        if user.has_perm("meetings.view_meetings"):
            return self.filter(guests=user)
        return self.none()

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        KNOWLEDGE_SESSION = "knowledge_session", _("Knowledge session")
        WORKSHOP = "workshop", _("Training workshop")

    title_ar = fields.CharField(_("title (Arabic)"), max_length=200)
    title_en = fields.CharField(_("title (English)"), max_length=200)
    title = Bilingual("title")
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        # Cancelling keeps the meeting (its page says so, its invitees were told): not a deletion.
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.NETWORK_MEETING)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location_ar = fields.CharField(_("location (Arabic)"), max_length=200, blank=True)
    location_en = fields.CharField(_("location (English)"), max_length=200, blank=True)
    location = Bilingual("location")
    summary_ar = fields.TextField(_("summary (Arabic)"), blank=True)
    summary_en = fields.TextField(_("summary (English)"), blank=True)
    summary = Bilingual("summary")
    host = models.ForeignKey(
        "members.Entity", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings_hosted",
        verbose_name=_("host entity"),
    )
    guests = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="guest_meetings", verbose_name=_("invited guests"),
        limit_choices_to={"role": "guest"},
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_ended(self):
        return self.ends_at < timezone.now()
