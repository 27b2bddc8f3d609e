"""Accounts, government entities and invitations.

The user is the member's profile too: e-mail is the login, names are bilingual, and the role
decides what the member may see (rules in members/rules.py).
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal import fields
from portal.i18n import Bilingual


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    DIRECTOR = "director", _("Director")
    TEAM = "team", _("Communication team")
    GUEST = "guest", _("Guest")


class Gender(models.TextChoices):
    # Arabic titles and verbs agree with the person (مدير / مديرة): the pages need to know.
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    HINDI = "hi", _("Hindi")
    URDU = "ur", _("Urdu")
    PERSIAN = "fa", _("Persian")
    MALAYALAM = "ml", _("Malayalam")
    TAGALOG = "tl", _("Filipino")
    TURKISH = "tr", _("Turkish")


def validate_language_codes(value):
    if not isinstance(value, list) or not set(value) <= set(Language.values):
        raise ValidationError(_("Choose languages from the list."), code="languages")


class LanguageListField(models.JSONField):
    """A list of Language codes, chosen with ticks in every form (the portal's and admin's)."""

    def formfield(self, **kwargs):
        from django import forms

        defaults = {
            "label": capfirst(self.verbose_name), "help_text": self.help_text, "required": not self.blank,
            "choices": Language.choices, "widget": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        }
        return forms.MultipleChoiceField(**{**defaults, **kwargs})


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

    def visible_to(self, user):
        """Active entities for network members; nothing for guests or anonymous visitors.
        The rule `members.view_entity` says the same for one entity (tests check they agree)."""
        return self.active() if user.has_perm("members.view_directory") else self.none()


class Entity(models.Model):
    """A government entity of Dubai whose communication department belongs to the network."""

    name_ar = fields.CharField(_("name (Arabic)"), max_length=200)
    name_en = fields.CharField(_("name (English)"), max_length=200)
    name = Bilingual("name")
    short_name = fields.CharField(_("short name"), max_length=30, blank=True)
    # Stored as a bounded PNG rendition: print-ready CMYK logos and huge scans come out web-ready.
    logo = fields.ProtectedFileField(
        _("logo"), blank=True, kind="logo", folder="entities/logos", image_size=400, image_format="PNG",
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    general_email = models.EmailField(_("communication e-mail"), blank=True)
    general_phone = fields.CharField(_("communication phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name_ar"]
        constraints = [
            models.UniqueConstraint(Lower("name_en"), name="entity_unique_name_en"),
            models.UniqueConstraint(fields=["name_ar"], name="entity_unique_name_ar"),
        ]

    def __str__(self):
        return self.name


class SocialPlatform(models.TextChoices):
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X")
    YOUTUBE = "youtube", _("YouTube")
    LINKEDIN = "linkedin", _("LinkedIn")
    TIKTOK = "tiktok", _("TikTok")
    FACEBOOK = "facebook", _("Facebook")
    WHATSAPP = "whatsapp", _("WhatsApp channel")


class EntitySocialAccount(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="social_accounts", verbose_name=_("entity"))
    platform = models.CharField(_("platform"), max_length=16, choices=SocialPlatform.choices)
    url = models.URLField(_("address"))
    handle = fields.CharField(_("handle"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("official social media account")
        verbose_name_plural = _("official social media accounts")
        ordering = ["platform"]
        constraints = [models.UniqueConstraint(fields=["entity", "platform", "url"], name="entity_social_unique")]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.handle or self.url}"


class Expertise(models.Model):
    """An area of expertise a person can be found by (social media, crisis communication, ...)."""

    name_ar = fields.CharField(_("name (Arabic)"), max_length=80, unique=True)
    name_en = fields.CharField(_("name (English)"), max_length=80, unique=True)
    name = Bilingual("name")

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        ordering = ["name_ar"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def in_directory(self):
        """Active network people (guests are not part of the directory, nor people of an entity
        that has left the network)."""
        return self.filter(is_active=True).exclude(role=Role.GUEST).exclude(entity__is_active=False)

    def stale_profiles(self):
        """People whose details need confirming (`User.profile_is_stale`, as a query)."""
        return self.filter(stale_profile_condition())

    def visible_to(self, user):
        """The directory for network members; nobody for guests or anonymous visitors.
        The rule `members.view_person` says the same for one person (tests check they agree)."""
        return self.in_directory() if user.has_perm("members.view_directory") else self.none()

    def with_seat(self):
        """Annotate `seat`: member, alternate, or None for the communication team."""
        current = NetworkSeat.objects.filter(person=models.OuterRef("pk"), ended_on__isnull=True).order_by()
        return self.annotate(seat=models.Subquery(current.values("seat")[:1]))

    def with_seat_rank(self):
        """Annotate `seat_rank` (member 0, alternate 1, team 2) for ordering; needs `with_seat()`.
        Kept apart because SQL repeats the seat subquery inside it."""
        return self.annotate(
            seat_rank=models.Case(
                models.When(seat=NetworkSeat.Seat.MEMBER, then=0),
                models.When(seat=NetworkSeat.Seat.ALTERNATE, then=1),
                default=2,
            )
        )


class UserManager(BaseUserManager.from_queryset(PersonQuerySet)):
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
    name_ar = fields.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = fields.CharField(_("name (English)"), max_length=150, blank=True)
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

    # The directory profile.
    job_title_ar = fields.CharField(_("job title (Arabic)"), max_length=150, blank=True)
    job_title_en = fields.CharField(_("job title (English)"), max_length=150, blank=True)
    job_title = Bilingual("job_title")
    office_phone = fields.CharField(_("office phone"), max_length=32, blank=True)
    mobile = fields.CharField(_("mobile"), max_length=32, blank=True)
    hide_mobile_from_team = models.BooleanField(
        _("hide my mobile from communication team members"), default=False,
        help_text=_("Directors and the secretariat still see it."),
    )
    # Renditions only: the uploaded original is never kept (it may carry GPS and device data).
    photo = fields.ProtectedFileField(_("photo"), blank=True, kind="image", folder="people/photos", image_size=640)
    photo_small = fields.ProtectedFileField(_("photo (small)"), blank=True, kind="image", folder="people/photos", image_size=160)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    # Codes from Language: shown in the reader's language, never as free text.
    languages = LanguageListField(_("languages"), default=list, blank=True, validators=[validate_language_codes])
    expertise = models.ManyToManyField(Expertise, blank=True, related_name="people", verbose_name=_("areas of expertise"))
    bio_ar = fields.TextField(_("short bio (Arabic)"), max_length=1500, blank=True)
    bio_en = fields.TextField(_("short bio (English)"), max_length=1500, blank=True)
    bio = Bilingual("bio")
    acting_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="deputies",
        verbose_name=_("acting as deputy for"),
    )
    acting_from = models.DateField(_("acting from"), null=True, blank=True)
    acting_until = models.DateField(_("acting until"), null=True, blank=True)
    profile_confirmed_at = models.DateTimeField(_("details confirmed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_ar", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_unique_email_ci"),
            models.CheckConstraint(
                condition=models.Q(acting_until__isnull=True) | models.Q(acting_from__isnull=True)
                | models.Q(acting_until__gte=models.F("acting_from")),
                name="user_acting_period_ordered",
            ),
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def is_acting_now(self):
        today = timezone.localdate()
        return (
            self.acting_for_id is not None
            and (self.acting_from is None or self.acting_from <= today)
            and (self.acting_until is None or today <= self.acting_until)
        )

    @property
    def profile_is_stale(self):
        limit = timezone.now() - timedelta(days=PROFILE_CONFIRMATION_DAYS)
        return self.profile_confirmed_at is None or self.profile_confirmed_at < limit

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)

    @property
    def language_names(self):
        """The person's languages, named in the reader's language."""
        return [Language(code).label for code in self.languages if code in Language.values]

    @property
    def seat_label(self):
        """The network role as shown in the directory (needs `with_seat()`)."""
        seat = getattr(self, "seat", None)
        return NetworkSeat.Seat(seat).label if seat else _("Communication team")

    @property
    def requires_mfa(self):
        return self.role == Role.SECRETARIAT

    # What the rules of a permission without an object read of the user (members.rules' roles,
    # campaigns' owner people) and what decides their groups (members.services.user_set_role).
    PERMISSION_STATE_FIELDS = ("role", "entity_id", "is_active", "is_superuser", "is_staff")

    def has_perm(self, perm, obj=None):
        """Django's answer; for a permission without an object, kept on this user object (a request's
        user) while the fields the rules read stay the same, as Django keeps the group permissions.
        A page asks the same few several times (header, page, panels), at about 70 µs each."""
        if obj is not None:
            return super().has_perm(perm, obj)
        state = tuple(getattr(self, name) for name in self.PERMISSION_STATE_FIELDS)
        kept = self.__dict__.get("_kept_permissions")
        if kept is None or kept[0] != state:
            kept = self._kept_permissions = (state, {})
        answer = kept[1].get(perm)
        if answer is None:
            answer = kept[1][perm] = super().has_perm(perm)
        return answer


PROFILE_CONFIRMATION_DAYS = 90


def stale_profile_condition():
    """Details unconfirmed for longer than PROFILE_CONFIRMATION_DAYS, or never confirmed."""
    limit = timezone.now() - timedelta(days=PROFILE_CONFIRMATION_DAYS)
    return models.Q(profile_confirmed_at__isnull=True) | models.Q(profile_confirmed_at__lt=limit)


class NetworkSeat(models.Model):
    """Who holds an entity's seat in the network: its member (the director) or the alternate.

    The current holder has no end date; past holders are kept as history.
    """

    class Seat(models.TextChoices):
        MEMBER = "member", _("Network member")
        ALTERNATE = "alternate", _("Alternate member")

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="seats", verbose_name=_("entity"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seats", verbose_name=_("person"))
    seat = models.CharField(_("seat"), max_length=16, choices=Seat.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("network seat")
        verbose_name_plural = _("network seats")
        ordering = ["entity", "seat", "-started_on"]
        constraints = [
            # At most one current member and one current alternate per entity.
            models.UniqueConstraint(
                fields=["entity", "seat"], condition=models.Q(ended_on__isnull=True), name="seat_one_current_per_entity",
            ),
            # A person holds at most one current seat.
            models.UniqueConstraint(fields=["person"], condition=models.Q(ended_on__isnull=True), name="seat_one_current_per_person"),
        ]

    def __str__(self):
        return f"{self.entity} — {self.get_seat_display()}: {self.person}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        """Every invitation for the secretariat, their own entity's for a director, none for anyone
        else. The rule `members.see_invitation` says the same for one invitation."""
        if user.has_perm("members.view_all_invitations"):
            return self
        if user.has_perm("members.view_invitations") and user.entity_id is not None:
            return self.filter(entity_id=user.entity_id)
        return self.none()


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use, expiring invitation: the only way an account comes to exist."""

    email = models.EmailField(_("e-mail address"))
    name_ar = fields.CharField(_("name (Arabic)"), max_length=150, blank=True)
    name_en = fields.CharField(_("name (English)"), max_length=150, blank=True)
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
