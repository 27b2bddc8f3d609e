"""Notifications, each user's e-mail choice per kind, and the language their e-mails are written in."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import active_language, other_language
from portal.notifications import kinds
from portal.notifications.kinds import Delivery


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own notifications: nobody ever reads another's (the only way any view reads them)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        """E-mails owed and not yet taken by the mail server (immediate or for the next digest)."""
        return self.filter(email_sent_at__isnull=True).exclude(email=Delivery.OFF)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by"),
    )
    # What it is about: a generic reference (to withdraw notifications of a deleted object) ...
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    # ... and where it leads: a URL name and its arguments, reversed in the reader's language.
    url_name = models.CharField(max_length=100, blank=True)
    url_args = models.JSONField(default=list, blank=True)
    # The values its title and body are written with (bilingual ones as {"ar": ..., "en": ...}).
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The recipient's choice for this kind when it was sent, and when the mail server took the e-mail.
    email = models.CharField(_("e-mail"), max_length=16, choices=Delivery.choices, default=Delivery.OFF)
    email_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The notification centre: one user's, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient_idx"),
            # The header's unread count: only unread rows are in this index, so it stays small.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
            # The e-mail tasks, the digest and `notifications_pending`: only what is still owed.
            models.Index(
                fields=["email", "created_at"],
                condition=models.Q(email_sent_at__isnull=True) & ~models.Q(email="off"),
                name="notification_email_owed_idx",
            ),
            # Withdrawing the notifications of a deleted object.
            models.Index(fields=["target_type", "target_id"], name="notification_target_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def kind_entry(self):
        return kinds.get(self.kind)

    def value(self, name, default=""):
        """A context value; a bilingual one ({"ar": ..., "en": ...}) in the active language, else the other."""
        value = self.context.get(name, default)
        if isinstance(value, dict) and set(value) <= {"ar", "en"}:
            language = active_language()
            return value.get(language) or value.get(other_language(language)) or default
        return value

    @property
    def title(self):
        kind = self.kind_entry
        return kind.title(self) if kind else _("Notification")

    @property
    def body(self):
        kind = self.kind_entry
        return kind.body(self) if kind and kind.body else ""

    @property
    def icon(self):
        kind = self.kind_entry
        return kind.icon if kind else "bell"

    @property
    def kind_label(self):
        kind = self.kind_entry
        return kind.label if kind else _("Notification")

    def target_path(self):
        """The target's path in the active language, or "" when it cannot be built (a route removed)."""
        if not self.url_name:
            return ""
        try:
            return reverse(self.url_name, args=self.url_args)
        except NoReverseMatch:
            return ""


class Preference(models.Model):
    """A user's choice for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences", verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=80)
    delivery = models.CharField(_("e-mail"), max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class EmailLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class Recipient(models.Model):
    """What the notifications need to know about a user that the account does not say: the language
    their e-mails are written in. Without a row, Arabic (the portal's first language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language of e-mails"), max_length=2, choices=EmailLanguage.choices, default=EmailLanguage.ARABIC)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user_id}: {self.language}"


def language_of(user):
    """The language `user`'s e-mails are written in (needs `select_related("notification_settings")`
    to cost no query)."""
    try:
        return user.notification_settings.language
    except Recipient.DoesNotExist:
        return EmailLanguage.ARABIC
