"""Network meetings, knowledge sessions and training workshops."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import fields
from portal.i18n import Bilingual


MEMBER_ROLES = ("secretariat", "director", "team")


def is_member(user):
    """A network member (not a guest), by role: what `members.rules.is_member` says."""
    return user.is_authenticated and user.is_active and user.role in MEMBER_ROLES


def _count(rows):
    """A count of `rows` of each meeting, as a subquery (several counts side by side stay exact
    and no join multiplies the meetings)."""
    counted = rows.filter(meeting=models.OuterRef("pk")).order_by().values("meeting").annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def invited_condition(user):
    """Whether a meeting invites `user` (authenticated and active), as a condition on the meeting's
    row: MeetingQuerySet.invited() filters on it and the meeting page annotates it. One EXISTS per
    way of being invited: the same as joining the guests, invitees and replies, which PostgreSQL
    planned and ran about ten times slower (12 ms for a list of twenty, 1.2 ms for one meeting)."""
    meeting = models.OuterRef("pk")
    condition = (
        models.Q(models.Exists(Meeting.guests.through.objects.filter(meeting=meeting, user=user.pk)))
        | models.Q(models.Exists(Invitee.objects.filter(meeting=meeting, person=user.pk)))
        | models.Q(models.Exists(Rsvp.objects.filter(meeting=meeting, person=user.pk, on_behalf_of__isnull=False)))
    )
    if user.entity_id is not None:
        condition |= models.Q(models.Exists(Invitee.objects.filter(meeting=meeting, entity_id=user.entity_id)))
    if is_member(user):
        condition |= models.Q(invite_all_members=True)
    return condition


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

    def invited(self, user):
        """The meetings `user` is invited to: every meeting that invites all members (for a member),
        those naming the person or their entity, those they are a guest of, and those they attend
        as someone's delegate."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(invited_condition(user))

    def with_counts(self):
        """Annotates `attending_count` (places taken), `wait_list_count` and `attended_count`."""
        return self.annotate(
            attending_count=_count(Rsvp.objects.filter(response=Rsvp.Response.ATTENDING, wait_listed_at__isnull=True)),
            wait_list_count=_count(Rsvp.objects.filter(response=Rsvp.Response.ATTENDING, wait_listed_at__isnull=False)),
            attended_count=_count(Attendance.objects.all()),
        )

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
    # The venue; a meeting may have a venue, an online link, or both.
    location_ar = fields.CharField(_("venue (Arabic)"), max_length=200, blank=True)
    location_en = fields.CharField(_("venue (English)"), max_length=200, blank=True)
    location = Bilingual("location")
    online_url = models.URLField(_("online meeting link"), blank=True)
    summary_ar = fields.TextField(_("description (Arabic)"), blank=True)
    summary_en = fields.TextField(_("description (English)"), blank=True)
    summary = Bilingual("summary")
    # Network meetings invite every network member; sessions and workshops the chosen invitees.
    invite_all_members = models.BooleanField(
        _("invite all network members"), default=True,
        help_text=_("Off: only the people and entities chosen as invitees are invited."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True,
        help_text=_("Places available. Replies beyond it join a wait list, promoted in order when a place frees."),
    )
    # Training workshops.
    trainers_ar = fields.TextField(_("trainers (Arabic)"), blank=True)
    trainers_en = fields.TextField(_("trainers (English)"), blank=True)
    trainers = Bilingual("trainers")
    topics_ar = fields.TextField(_("topics (Arabic)"), blank=True)
    topics_en = fields.TextField(_("topics (English)"), blank=True)
    topics = Bilingual("topics")
    target_audience_ar = fields.TextField(_("target audience (Arabic)"), blank=True)
    target_audience_en = fields.TextField(_("target audience (English)"), blank=True)
    target_audience = Bilingual("target_audience")
    programme_ar = fields.CharField(_("programme (Arabic)"), max_length=200, blank=True)
    programme_en = fields.CharField(_("programme (English)"), max_length=200, blank=True)
    programme = Bilingual("programme")
    participants_count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    # iCalendar: raised on every change invitees are told of, so calendars replace the old copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
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

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def is_workshop(self):
        return self.kind == self.Kind.WORKSHOP

    def _prefetched(self, name):
        return getattr(self, "_prefetched_objects_cache", {}).get(name)

    def is_invited(self, user):
        """Whether `user` is invited to this meeting (Meeting.objects.invited for one meeting),
        read from prefetched `guests`, `invitees` and `rsvps` when the caller loaded them."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if self.invite_all_members and is_member(user):
            return True
        guests = self._prefetched("guests")
        if guests is not None:
            if any(guest.pk == user.pk for guest in guests):
                return True
        elif self.guests.filter(pk=user.pk).exists():
            return True
        invitees = self._prefetched("invitees")
        if invitees is not None:
            if any(i.person_id == user.pk or (user.entity_id and i.entity_id == user.entity_id) for i in invitees):
                return True
        else:
            entity_match = models.Q(entity_id=user.entity_id) if user.entity_id else models.Q(pk__in=[])
            if self.invitees.filter(models.Q(person=user) | entity_match).exists():
                return True
        rsvps = self._prefetched("rsvps")
        if rsvps is not None:
            return any(r.person_id == user.pk and r.on_behalf_of_id is not None for r in rsvps)
        return self.rsvps.filter(person=user, on_behalf_of__isnull=False).exists()

    def invited_people(self):
        """Everyone invited to this meeting, as a queryset of users (the reverse of
        Meeting.objects.invited)."""
        from django.contrib.auth import get_user_model

        User = get_user_model()
        condition = (
            models.Q(pk__in=self.guests.values("pk"))
            | models.Q(pk__in=self.invitees.filter(person__isnull=False).values("person"))
            | models.Q(entity__in=self.invitees.filter(entity__isnull=False).values("entity"))
            | models.Q(pk__in=self.rsvps.filter(on_behalf_of__isnull=False).values("person"))
        )
        if self.invite_all_members:
            condition |= models.Q(role__in=MEMBER_ROLES)
        return User.objects.filter(condition, is_active=True)

    def places_taken(self):
        """ATTENDING replies not on the wait list (a delegate takes a place, the reply that sent
        them does not)."""
        return self.rsvps.taking_places().count()

    def places_left(self):
        """Free places, or None when the meeting has no capacity."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken(), 0)

    def latest_minutes(self):
        return self.minutes.order_by("-version").first()


class Invitee(models.Model):
    """A person or a whole entity invited to a meeting that does not invite every member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("meeting"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    entity = models.ForeignKey(
        "members.Entity", on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_invitations",
        verbose_name=_("entity"), help_text=_("Invites everyone of the entity."),
    )

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, entity__isnull=True) | models.Q(person__isnull=True, entity__isnull=False),
                name="invitee_person_or_entity",
            ),
            models.UniqueConstraint(fields=["meeting", "person"], name="invitee_person_once"),
            models.UniqueConstraint(fields=["meeting", "entity"], name="invitee_entity_once"),
        ]

    def __str__(self):
        return str(self.person or self.entity)


class RsvpQuerySet(models.QuerySet):
    def taking_places(self):
        return self.filter(response=Rsvp.Response.ATTENDING, wait_listed_at__isnull=True)

    def wait_list(self):
        """Wait-listed replies, first come first promoted."""
        return self.filter(response=Rsvp.Response.ATTENDING, wait_listed_at__isnull=False).order_by("wait_listed_at", "pk")


class Rsvp(models.Model):
    """A person's answer to a meeting's invitation. Beyond the meeting's capacity an "attending"
    answer waits on the wait list (ordered by `wait_listed_at`) until a place frees."""

    class Response(models.TextChoices):
        ATTENDING = "attending", _("Attending")
        NOT_ATTENDING = "not_attending", _("Not attending")
        MAYBE = "maybe", _("Maybe")
        DELEGATE = "delegate", _("Sending a delegate")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("person"))
    response = models.CharField(_("response"), max_length=16, choices=Response.choices)
    # DELEGATE: who goes instead (someone of the person's own entity); that person's own Rsvp is
    # ATTENDING with `on_behalf_of` pointing back.
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("delegate"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of"),
    )
    wait_listed_at = models.DateTimeField(_("on the wait list since"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), default=timezone.now)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="rsvp_once_per_person")]
        indexes = [models.Index(fields=["meeting", "response", "wait_listed_at"])]

    def __str__(self):
        return f"{self.person} · {self.get_response_display()}"

    @property
    def is_wait_listed(self):
        return self.wait_listed_at is not None


class Attendance(models.Model):
    """Who was actually there, recorded by the secretariat at check-in. `entity` is the person's
    entity on the day, so reports by entity stay true after people move."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("person"))
    entity = models.ForeignKey(
        "members.Entity", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("entity"),
    )
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")]

    def __str__(self):
        return str(self.person)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_ar = fields.CharField(_("title (Arabic)"), max_length=300)
    title_en = fields.CharField(_("title (English)"), max_length=300, blank=True)
    title = Bilingual("title")
    description_ar = fields.TextField(_("description (Arabic)"), blank=True)
    description_en = fields.TextField(_("description (English)"), blank=True)
    description = Bilingual("description")
    # The presenter: an entity, a person, or a guest organisation from outside the network.
    presenter_entity = models.ForeignKey(
        "members.Entity", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_presentations",
        verbose_name=_("presenting entity"),
    )
    presenter_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_presentations",
        verbose_name=_("presenter"),
    )
    presenter_guest_ar = fields.CharField(_("guest organisation (Arabic)"), max_length=200, blank=True)
    presenter_guest_en = fields.CharField(_("guest organisation (English)"), max_length=200, blank=True)
    presenter_guest = Bilingual("presenter_guest")
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title


class ActionItemQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=ActionItem.OPEN_STATUSES)

    def owned_by(self, user):
        """Items whose owner is `user` or `user`'s entity (the dashboard's "my action items")."""
        condition = models.Q(owner_person=user)
        if user.entity_id is not None:
            condition |= models.Q(owner_entity_id=user.entity_id)
        return self.filter(condition)

    def arising_for(self, meeting):
        """Matters arising of `meeting`: earlier meetings' action items that were still open when it
        started (open now, or closed after its start), so a past meeting's page stays as it was.
        Its start is read by the query itself: the SQL holds only the meeting's pk, so the meeting
        page compiles it once (portal.compiled)."""
        starts_at = models.Subquery(Meeting.objects.filter(pk=meeting.pk).values("starts_at")[:1])
        return self.filter(kind=ActionItem.Kind.ACTION, meeting__starts_at__lt=starts_at).filter(
            models.Q(status__in=ActionItem.OPEN_STATUSES) | models.Q(closed_at__gte=starts_at)
        )


class ActionItem(models.Model):
    """A decision of a meeting, or an action item with an owner and a due date. Open action items
    roll forward into later meetings' matters arising until they are closed."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action item")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items", verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ACTION)
    text_ar = fields.TextField(_("text (Arabic)"))
    text_en = fields.TextField(_("text (English)"), blank=True)
    text = Bilingual("text")
    owner_entity = models.ForeignKey(
        "members.Entity", on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items", verbose_name=_("owner entity"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items", verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision or action item")
        verbose_name_plural = _("decisions and action items")
        ordering = ["meeting", "pk"]
        indexes = [models.Index(fields=["status", "owner_entity"]), models.Index(fields=["status", "owner_person"])]

    def __str__(self):
        return self.text

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class Minutes(models.Model):
    """One version of a meeting's minutes. Published for comment, then approved; approved minutes
    are locked: a correction is a new version (the old one is kept, marked superseded)."""

    class Status(models.TextChoices):
        FOR_COMMENT = "for_comment", _("Open for comments")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text_ar = fields.TextField(_("text (Arabic)"), blank=True)
    text_en = fields.TextField(_("text (English)"), blank=True)
    text = Bilingual("text")
    # Minutes published as a file are a document of the meeting of kind "minutes" (the documents
    # service keeps its versions); this text is what members comment on and what is approved.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.FOR_COMMENT)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comments_until = models.DateField(_("comments until"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    change_note = fields.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_once")]

    def __str__(self):
        return f"{self.meeting} · {self.version}"

    @property
    def is_locked(self):
        return self.status != self.Status.FOR_COMMENT


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments", verbose_name=_("minutes"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    text = fields.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Feedback(models.Model):
    """A participant's feedback on a workshop: a rating of 1 to 5 and a comment."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("meeting"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant"))
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = fields.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="feedback_once_per_person"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]


class CalendarFeed(models.Model):
    """A person's private iCalendar feed. The token in its address is the only credential (calendar
    programs cannot sign in), so it is long, random, and the person can reset it."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
