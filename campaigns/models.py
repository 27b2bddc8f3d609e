"""Al Multaqa: government campaigns kept as best-practice cases, with their results.

A campaign belongs to its owner entity, whose director and communication team write the case as a
draft and submit it; the secretariat publishes it or returns it with comments
(campaigns/services.py). Published cases are seen by every network member; the others only by the
owner entity's people and the secretariat (`CampaignQuerySet.visible_to`, and the rules in
campaigns/rules.py, which agree with it).
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal import fields
from portal.i18n import Bilingual

# Who writes an entity's cases: its communication director and team (members.models.Role values).
OWNER_ROLES = ("director", "team")


class ChoiceListField(models.CharField):
    """Several values of fixed choices in one column, stored as " a b c " (spaces around each), so
    that `field__contains=" a "` finds the rows holding a value on PostgreSQL and SQLite alike, and a
    page reads them without a query of their own. Values are lists in Python."""

    def __init__(self, *args, value_choices=(), **kwargs):
        self.value_choices = value_choices
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The choices are the app's code, not the schema: migrations need not follow them.
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs

    @staticmethod
    def stored(values):
        return f" {' '.join(values)} " if values else ""

    def from_db_value(self, value, expression, connection):
        return value.split() if value else []

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return value.split() if value else []

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return self.stored(value)
        return value  # a lookup's own string: " instagram "

    def value_to_string(self, obj):
        return self.stored(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {code for code, _label in self.value_choices}
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(_("Unknown value: %(value)s"), code="invalid_choice", params={"value": ", ".join(unknown)})
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        from django import forms

        return forms.MultipleChoiceField(
            choices=self.value_choices, required=not self.blank, label=capfirst(self.verbose_name),
            widget=forms.CheckboxSelectMultiple, help_text=self.help_text,
        )


class Channel(models.TextChoices):
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X (Twitter)")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    LINKEDIN = "linkedin", _("LinkedIn")
    SNAPCHAT = "snapchat", _("Snapchat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEBSITE = "website", _("Website")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    OUTDOOR = "outdoor", _("Outdoor")
    PRINT = "print", _("Print")
    EVENTS = "events", _("Events")
    INFLUENCERS = "influencers", _("Influencers")
    EMAIL_SMS = "email_sms", _("E-mail and SMS")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The general public")
    CITIZENS = "citizens", _("Emirati citizens")
    RESIDENTS = "residents", _("Residents")
    YOUTH = "youth", _("Youth")
    FAMILIES = "families", _("Families")
    STUDENTS = "students", _("Students and schools")
    WOMEN = "women", _("Women")
    SENIORS = "seniors", _("Senior citizens")
    DETERMINATION = "determination", _("People of determination")
    WORKERS = "workers", _("Workers")
    VISITORS = "visitors", _("Tourists and visitors")
    BUSINESS = "business", _("Businesses and investors")
    EMPLOYEES = "employees", _("Government employees")
    MEDIA = "media", _("Media")


class Theme(models.Model):
    """A strategic theme campaigns serve: a goal of the Dubai Plan, sustainability, a national occasion."""

    name_ar = fields.CharField(_("name (Arabic)"), max_length=120)
    name_en = fields.CharField(_("name (English)"), max_length=120)
    name = Bilingual("name")

    class Meta:
        verbose_name = _("strategic theme")
        verbose_name_plural = _("strategic themes")
        ordering = ["name_en", "pk"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="campaign_theme_unique_name_en")]

    def __str__(self):
        return self.name


def validate_video_links(value):
    for line in value.split():
        parts = urlsplit(line)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(
                _("Each video link must be a full web address starting with https://, one per line: %(link)s"),
                code="video_link", params={"link": line[:100]},
            )


def end_after_start(start, end, name):
    """The database's check that an optional end date (`end`, null for none) is not before `start`."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True}) | models.Q(**{f"{end}__gte": models.F(start)}), name=name,
    )


def clean_end_after_start(obj, start, end, message):
    """The same rule for Model.clean(): `message` on the end field, as a form error."""
    if getattr(obj, end) and getattr(obj, start) and getattr(obj, end) < getattr(obj, start):
        raise ValidationError({end: message})


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published cases for every network member; the others for the owner entity's director and
        team and the secretariat; nothing for guests and anyone else."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == "secretariat":
            return self
        if user.role in OWNER_ROLES:
            own = models.Q(owner_id=user.entity_id) if user.entity_id is not None else models.Q(pk__in=[])
            return self.filter(models.Q(state=Campaign.State.PUBLISHED) | own)
        return self.none()

    def published(self):
        return self.filter(state=Campaign.State.PUBLISHED)

    def awaiting_review(self):
        return self.filter(state=Campaign.State.IN_REVIEW)

    def start_years(self):
        """The years in which these cases start, newest first (the showcase's year filter).

        On PostgreSQL, a loose index scan: a recursive query asks for the first start date on or
        after 1 January of the year after the last one found, one index probe per year (the
        calendar's index on starts_on), instead of reading every case to group them by year
        (0.15 ms instead of 8 ms on 5,000 cases). The cases are this queryset's own rows, so the
        years stay exactly those of the cases it holds."""
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return sorted({day.year for day in self.dates("starts_on", "year")}, reverse=True)
        try:
            cases, params = self.order_by().values("starts_on").query.sql_with_params()
        except EmptyResultSet:
            return []
        # Inside a SELECT: a statement opening with WITH may write, and would move the data version
        # (portal.fragments) on every view of the showcase.
        with connection.cursor() as cursor:
            cursor.execute(f"""
                SELECT year FROM (
                    WITH RECURSIVE found(day) AS (
                        SELECT min(cases.starts_on) FROM ({cases}) AS cases
                        UNION ALL
                        SELECT (
                            SELECT min(cases.starts_on) FROM ({cases}) AS cases
                            WHERE cases.starts_on >= make_date(EXTRACT(YEAR FROM found.day)::integer + 1, 1, 1)
                        ) FROM found WHERE found.day IS NOT NULL
                    )
                    SELECT EXTRACT(YEAR FROM day)::integer AS year FROM found WHERE day IS NOT NULL
                ) AS years ORDER BY year DESC
            """, params + params)
            return [year for (year,) in cursor.fetchall()]


class Campaign(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned with comments")
        PUBLISHED = "published", _("Published")

    title_ar = fields.CharField(_("title (Arabic)"), max_length=200)
    title_en = fields.CharField(_("title (English)"), max_length=200, blank=True)
    title = Bilingual("title")
    summary_ar = fields.TextField(_("summary (Arabic)"), max_length=2000, blank=True)
    summary_en = fields.TextField(_("summary (English)"), max_length=2000, blank=True)
    summary = Bilingual("summary")
    owner = models.ForeignKey(
        "members.Entity", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("owner entity"),
    )
    partners = models.ManyToManyField(
        "members.Entity", blank=True, related_name="partner_campaigns", verbose_name=_("partner entities"),
    )
    status = models.CharField(_("campaign status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="campaigns", verbose_name=_("strategic themes"))
    # The pks of `themes` as " 3 7 12 ", kept in step with them by campaigns.theme_keys: the
    # showcase filters on a theme and draws its cards' themes from the row it reads anyway, as it
    # does the channels, where a join to the themes cost PostgreSQL more than the rest of the page.
    theme_keys = models.TextField(_("theme keys"), blank=True, default="", editable=False)
    audiences = ChoiceListField(_("target audiences"), value_choices=Audience.choices)
    channels = ChoiceListField(_("channels"), value_choices=Channel.choices)

    # The case, following the planning model: objectives, insight, idea, implementation, results, lessons.
    objectives_ar = fields.TextField(_("objectives (Arabic)"), max_length=5000, blank=True)
    objectives_en = fields.TextField(_("objectives (English)"), max_length=5000, blank=True)
    objectives = Bilingual("objectives")
    insight_ar = fields.TextField(_("audience insight (Arabic)"), max_length=5000, blank=True)
    insight_en = fields.TextField(_("audience insight (English)"), max_length=5000, blank=True)
    insight = Bilingual("insight")
    strategy_ar = fields.TextField(_("strategy and idea (Arabic)"), max_length=5000, blank=True)
    strategy_en = fields.TextField(_("strategy and idea (English)"), max_length=5000, blank=True)
    strategy = Bilingual("strategy")
    implementation_ar = fields.TextField(_("implementation (Arabic)"), max_length=5000, blank=True)
    implementation_en = fields.TextField(_("implementation (English)"), max_length=5000, blank=True)
    implementation = Bilingual("implementation")
    results_ar = fields.TextField(_("results and evaluation (Arabic)"), max_length=5000, blank=True)
    results_en = fields.TextField(_("results and evaluation (English)"), max_length=5000, blank=True)
    results = Bilingual("results")
    lessons_ar = fields.TextField(_("lessons learned (Arabic)"), max_length=5000, blank=True)
    lessons_en = fields.TextField(_("lessons learned (English)"), max_length=5000, blank=True)
    lessons = Bilingual("lessons")
    awards_ar = fields.TextField(_("awards and recognition (Arabic)"), max_length=2000, blank=True)
    awards_en = fields.TextField(_("awards and recognition (English)"), max_length=2000, blank=True)
    awards = Bilingual("awards")
    video_links = fields.TextField(
        _("video links"), max_length=2000, blank=True, validators=[validate_video_links],
        help_text=_("One web address per line (YouTube, Instagram, the entity's website)."),
    )
    # One uploaded cover becomes two renditions (the original is not kept): the page's and the grid's.
    cover = fields.ProtectedFileField(_("cover image"), blank=True, kind="image", folder="campaigns/covers", image_size=1600)
    cover_card = fields.ProtectedFileField(_("cover image (grid)"), blank=True, kind="image", folder="campaigns/covers", image_size=640)
    # The uploaded picture, checked and kept only until the background task has made the two
    # renditions above from it (campaigns/tasks.py); empty once they are made.
    cover_source = fields.ProtectedFileField(_("cover image (being processed)"), blank=True, kind="image", folder="campaigns/originals")
    messages = models.ManyToManyField(
        "StrategicMessage", blank=True, related_name="campaigns", verbose_name=_("strategic messages carried"),
    )
    # The meeting agenda items at which the case was presented (meetings knows nothing of campaigns:
    # the link is shown on the meeting page through portal.registry.agenda_item_links).
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem", blank=True, related_name="campaigns", verbose_name=_("presented at (agenda items)"),
    )

    # Set by the secretariat only (campaigns.services.campaign_set_flags).
    best_practice = models.BooleanField(_("best practice"), default=False)
    featured = models.BooleanField(_("featured"), default=False)

    state = models.CharField(_("workflow state"), max_length=16, choices=State.choices, default=State.DRAFT)
    review_comment = fields.TextField(_("secretariat's comments"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    # Kept equal to the number of UsefulMark rows by the services that add and remove them, so the
    # showcase sorts by it from an index.
    useful_count = models.PositiveIntegerField(_("marked useful"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [end_after_start("starts_on", "ends_on", "campaign_ends_after_start")]
        indexes = [
            # The showcase: published cases, newest first and most viewed first. The first also
            # carries what "similar campaigns" (campaigns/related.py) scores the published cases
            # on, so that ranking is an index-only scan instead of a read of the wide rows.
            models.Index(
                fields=["state", "-published_at"], include=["id", "owner", "audiences", "channels"],
                name="campaign_state_published_idx",
            ),
            models.Index(fields=["state", "-view_count"], name="campaign_state_views_idx"),
            models.Index(fields=["state", "-useful_count"], name="campaign_state_useful_idx"),
            # The coordination calendar: cases by their dates.
            models.Index(fields=["starts_on", "ends_on"], name="campaign_dates_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        clean_end_after_start(self, "starts_on", "ends_on", _("The end date cannot be before the start date."))

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def year(self):
        return self.starts_on.year if self.starts_on else None

    def video_link_list(self):
        return self.video_links.split()

    def channel_labels(self):
        return [Channel(code).label for code in self.channels if code in Channel.values]

    def audience_labels(self):
        return [Audience(code).label for code in self.audiences if code in Audience.values]


class Kpi(models.Model):
    """One measured result of a campaign: the target set and what was achieved."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("campaign"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    metric_ar = fields.CharField(_("metric (Arabic)"), max_length=150)
    metric_en = fields.CharField(_("metric (English)"), max_length=150, blank=True)
    metric = Bilingual("metric")
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    achieved = models.DecimalField(_("achieved"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit_ar = fields.CharField(_("unit (Arabic)"), max_length=40, blank=True)
    unit_en = fields.CharField(_("unit (English)"), max_length=40, blank=True)
    unit = Bilingual("unit")
    source_ar = fields.CharField(_("source of the figure (Arabic)"), max_length=200, blank=True)
    source_en = fields.CharField(_("source of the figure (English)"), max_length=200, blank=True)
    source = Bilingual("source")

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(target__gte=0) | models.Q(target__isnull=True), name="campaign_kpi_target_not_negative"),
            models.CheckConstraint(condition=models.Q(achieved__gte=0) | models.Q(achieved__isnull=True), name="campaign_kpi_achieved_not_negative"),
        ]

    def __str__(self):
        return self.metric

    @property
    def attainment(self):
        """Achieved as a share of the target, in percent (None without both)."""
        if self.target and self.achieved is not None:
            return round(self.achieved * 100 / self.target)
        return None


class Review(models.Model):
    """One step of a case's review: submitted, returned with comments, published. Append-only history."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with comments")
        PUBLISHED = "published", _("Published")
        RESUBMITTED = "resubmitted", _("Published case updated: back in review")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("campaign"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    comment = fields.TextField(_("comment"), max_length=5000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["campaign", "created_at", "pk"]

    def __str__(self):
        return f"{self.campaign} · {self.get_action_display()}"


class GalleryImage(models.Model):
    """A picture of a campaign's gallery. The upload is checked and kept in `source`; a background
    task (campaigns/tasks.py) makes the page's and the grid's renditions and then deletes it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="gallery", verbose_name=_("campaign"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption_ar = fields.CharField(_("caption (Arabic)"), max_length=300, blank=True)
    caption_en = fields.CharField(_("caption (English)"), max_length=300, blank=True)
    caption = Bilingual("caption")
    source = fields.ProtectedFileField(_("uploaded picture (being processed)"), blank=True, kind="image", folder="campaigns/originals")
    image = fields.ProtectedFileField(_("picture"), blank=True, kind="image", folder="campaigns/gallery", image_size=1600)
    thumbnail = fields.ProtectedFileField(_("picture (small)"), blank=True, kind="image", folder="campaigns/gallery", image_size=480)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("gallery picture")
        verbose_name_plural = _("gallery pictures")
        ordering = ["campaign", "position", "pk"]

    def __str__(self):
        return self.caption or f"{self.campaign} · {self.position + 1}"

    @property
    def is_ready(self):
        return bool(self.image)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Comments on the cases `user` sees; hidden ones for the secretariat only."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        comments = self.filter(campaign__in=Campaign.objects.visible_to(user))
        if user.role != "secretariat":
            comments = comments.filter(hidden=False)
        return comments


class Comment(models.Model):
    """A member's question or comment on a case, or an answer to one (one level: an answer has a
    `parent` that itself has none). Plain text; links are made clickable when shown."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments", verbose_name=_("campaign"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("answer to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author"),
    )
    # The author's entity when they wrote, so an answer "from the owner entity" stays true after a move.
    author_entity = models.ForeignKey(
        "members.Entity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author's entity"),
    )
    body = fields.TextField(_("comment"), max_length=4000)
    hidden = models.BooleanField(_("hidden by the secretariat"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["campaign", "created_at", "pk"]
        indexes = [models.Index(fields=["campaign", "created_at"], name="campaign_comment_time_idx")]

    def __str__(self):
        return self.body[:60]


class UsefulMark(models.Model):
    """A member found a case useful (one mark per member and case)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="useful_marks", verbose_name=_("campaign"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    created_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("useful mark")
        verbose_name_plural = _("useful marks")
        constraints = [models.UniqueConstraint(fields=["user", "campaign"], name="campaign_useful_once")]


class SavedCase(models.Model):
    """A case in a member's own collection."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="saved_by", verbose_name=_("campaign"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved case")
        verbose_name_plural = _("saved cases")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "campaign"], name="campaign_saved_once")]


class MemberQuerySet(models.QuerySet):
    """Government-wide content every network member reads (strategic messages, national occasions)."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == "secretariat" or user.role in OWNER_ROLES:
            return self
        return self.none()


class StrategicMessage(models.Model):
    """A government-wide key message the secretariat publishes, valid for a period, under a theme;
    campaigns link to the messages they carry."""

    title_ar = fields.CharField(_("title (Arabic)"), max_length=200)
    title_en = fields.CharField(_("title (English)"), max_length=200, blank=True)
    title = Bilingual("title")
    body_ar = fields.TextField(_("message (Arabic)"), max_length=5000)
    body_en = fields.TextField(_("message (English)"), max_length=5000, blank=True)
    body = Bilingual("body")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="messages", verbose_name=_("strategic theme"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic message")
        verbose_name_plural = _("strategic messages")
        ordering = ["-valid_from", "-pk"]
        constraints = [end_after_start("valid_from", "valid_until", "campaign_message_valid_period")]

    def __str__(self):
        return self.title

    def clean(self):
        clean_end_after_start(self, "valid_from", "valid_until", _("The end of the validity cannot be before its start."))


class Occasion(models.Model):
    """A national occasion on the coordination calendar (National Day, Ramadan, the Year of...)."""

    name_ar = fields.CharField(_("name (Arabic)"), max_length=200)
    name_en = fields.CharField(_("name (English)"), max_length=200, blank=True)
    name = Bilingual("name")
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="occasions", verbose_name=_("strategic theme"),
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("national occasion")
        verbose_name_plural = _("national occasions")
        ordering = ["starts_on", "pk"]
        constraints = [end_after_start("starts_on", "ends_on", "campaign_occasion_ends_after_start")]

    def __str__(self):
        return self.name

    def clean(self):
        clean_end_after_start(self, "starts_on", "ends_on", _("The end date cannot be before the start date."))


class CalendarFeed(models.Model):
    """A member's private iCalendar feed of the coordination calendar. The token in its address is
    the only credential (calendar programs cannot sign in), so it is long, random and resettable."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
