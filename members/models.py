"""Accounts, government entities and invitations.

The user is the member's profile too: e-mail is the login, names are bilingual, and the role
decides what the member may see (rules in members/rules.py).
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import Bilingual


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    DIRECTOR = "director", _("Director")
    TEAM = "team", _("Communication team")
    GUEST = "guest", _("Guest")


class Sector(models.TextChoices):
    GOVERNMENT_SERVICES = "government_services", _("Government services")
    ECONOMY = "economy", _("Economy")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SECURITY = "security", _("Security and justice")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    CULTURE = "culture", _("Culture and community")
    ENVIRONMENT = "environment", _("Environment and energy")


class EntityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Entity(models.Model):
    """A government entity of Dubai whose communication department belongs to the network."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name = Bilingual("name")
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    logo = models.FileField(_("logo"), upload_to="entities/logos/", blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(Lower("name_en"), name="entity_unique_name_en"),
            models.UniqueConstraint(fields=["name_ar"], name="entity_unique_name_ar"),
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.SECRETARIAT)
        return self.create_user(email, password, **fields)


def normalize_email(email):
    """One account per address whatever its case: `Director@Gov.AE` is `director@gov.ae`."""
    return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), max_length=254)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name = Bilingual("name")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.GUEST)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="people",
        verbose_name=_("entity"),
    )
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Unticking this signs the person out on their next request."),
    )
    is_staff = models.BooleanField(_("can use the admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_en", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_unique_email_ci"),
        ]

    def __str__(self):
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)

    @property
    def requires_mfa(self):
        return self.role == Role.SECRETARIAT


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use, expiring invitation: the only way an account comes to exist."""

    email = models.EmailField(_("e-mail address"))
    name_ar = models.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations",
        verbose_name=_("entity"),
    )
    # Only a hash is stored: a leaked database does not hand out working links.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation",
        verbose_name=_("account"),
    )
    # The e-mail is sent after commit; a failed send is retried by `send_pending_invitations`.
    email_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entity__isnull=False) | models.Q(role__in=["secretariat", "guest"]),
                name="invitation_member_has_entity",
            ),
        ]

    def __str__(self):
        return self.email

    @staticmethod
    def new_token():
        """A fresh random token and its hash; the token goes in the e-mail, the hash in the database."""
        token = secrets.token_urlsafe(32)
        return token, Invitation.hash_token(token)

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
