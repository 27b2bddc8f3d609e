"""The secretariat's attendance reports: one meeting (who was invited, who replied what, who came,
by entity) and one entity over a year (the meetings it was invited to, and who of it attended).
The pages and their CSV/XLSX exports read the same rows; the spreadsheets are written by
members.exporting, which neutralises formulas and keeps Arabic intact."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from meetings.models import Attendance, Invitee, Meeting, Rsvp
from members import exporting
from members.models import Entity, User
from portal.i18n import name_ordering


@dataclass
class PersonLine:
    person: User
    entity: Entity | None  # at check-in for those who came, else the person's entity now
    invited: bool
    rsvp: Rsvp | None
    attendance: Attendance | None

    @property
    def reply(self):
        if self.rsvp is None:
            return _("No reply")
        if self.rsvp.is_wait_listed:
            return _("Wait list")
        return self.rsvp.get_response_display()


@dataclass
class EntityLines:
    entity: Entity | None
    lines: list = field(default_factory=list)

    def _count(self, test):
        return sum(1 for line in self.lines if test(line))

    @property
    def invited(self):
        return self._count(lambda line: line.invited)

    @property
    def replied(self):
        return self._count(lambda line: line.rsvp is not None)

    @property
    def attending(self):
        return self._count(lambda line: line.rsvp is not None and line.rsvp.response == Rsvp.Response.ATTENDING)

    @property
    def attended(self):
        return self._count(lambda line: line.attendance is not None)

    @property
    def attendees(self):
        return [line.person for line in self.lines if line.attendance is not None]


def meeting_lines(meeting, *, include_all_invited=True):
    """Everyone invited to `meeting`, who replied, or who came, grouped by entity (entities in name
    order, people without one last). Three queries, whatever the size. Without
    `include_all_invited`, only those who replied or came."""
    invited_ids = meeting.invited_people().values("pk")
    rsvps = {rsvp.person_id: rsvp for rsvp in Rsvp.objects.filter(meeting=meeting)}
    attendance = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting).select_related("entity")}
    people = (
        User.objects.filter((Q(pk__in=invited_ids) if include_all_invited else Q(pk__in=[])) | Q(pk__in=list(rsvps)) | Q(pk__in=list(attendance)))
        .select_related("entity").annotate(is_invited=ExpressionWrapper(Q(pk__in=invited_ids), output_field=BooleanField()))
        .order_by(*name_ordering("entity__"), *name_ordering(), "email")
    )
    groups = {}
    for person in people:
        came = attendance.get(person.pk)
        entity = came.entity if came else person.entity
        key = entity.pk if entity else None
        group = groups.setdefault(key, EntityLines(entity))
        group.lines.append(PersonLine(person, entity, person.is_invited, rsvps.get(person.pk), came))
    # People without an entity (the secretariat, guests) after the entities.
    return sorted(groups.values(), key=lambda group: group.entity is None)


MEETING_COLUMNS = [
    exporting.Column(gettext_lazy("Entity"), 36), exporting.Column(gettext_lazy("Name (Arabic)"), 28),
    exporting.Column(gettext_lazy("Name (English)"), 28), exporting.Column(gettext_lazy("E-mail"), 32),
    exporting.Column(gettext_lazy("Invited"), 10), exporting.Column(gettext_lazy("Reply"), 18),
    exporting.Column(gettext_lazy("Delegate"), 28), exporting.Column(gettext_lazy("Attended"), 10),
    exporting.Column(gettext_lazy("Checked in"), 18),
]


def _yes_no(value):
    return _("Yes") if value else _("No")


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def meeting_rows(groups):
    for group in groups:
        entity_name = group.entity.name if group.entity else _("No entity")
        for line in group.lines:
            delegate = line.rsvp.delegate if line.rsvp and line.rsvp.delegate_id else None
            yield [
                entity_name, line.person.name_ar, line.person.name_en, line.person.email, _yes_no(line.invited),
                line.reply, delegate.name if delegate else "", _yes_no(line.attendance),
                _local(line.attendance.checked_in_at) if line.attendance else "",
            ]


def meeting_export(meeting, groups, file_format):
    # Delegates are read once for the rows that name one.
    delegate_ids = {line.rsvp.delegate_id for group in groups for line in group.lines if line.rsvp and line.rsvp.delegate_id}
    delegates = User.objects.in_bulk(delegate_ids)
    for group in groups:
        for line in group.lines:
            if line.rsvp and line.rsvp.delegate_id:
                line.rsvp.delegate = delegates.get(line.rsvp.delegate_id)
    rows = list(meeting_rows(groups))
    content = exporting.spreadsheet_bytes(file_format, MEETING_COLUMNS, rows, title=_("Attendance"))
    return content, len(rows)


# One entity over a year ----------------------------------------------------------------------


@dataclass
class MeetingLine:
    meeting: Meeting
    invited: bool
    replies: list  # the entity's people's Rsvps
    attendees: list  # the entity's people who came (as checked in)


def _invited_condition(entity):
    return Q(invite_all_members=True) | Q(invitees__entity=entity) | Q(invitees__person__entity=entity)


def entity_year_lines(entity, year):
    """The meetings of `year` that invited `entity` (or one of its people), or that someone of it
    attended, in date order. Three queries."""
    invited = Meeting.objects.filter(_invited_condition(entity)).values("pk")
    meetings = list(
        Meeting.objects.filter(starts_at__year=year)
        .filter(Q(pk__in=invited) | Q(pk__in=Attendance.objects.filter(entity=entity).values("meeting")))
        .annotate(entity_invited=ExpressionWrapper(Q(pk__in=invited), output_field=BooleanField()))
        .select_related("host").order_by("starts_at")
    )
    replies, attendees = defaultdict(list), defaultdict(list)
    for rsvp in Rsvp.objects.filter(meeting__in=meetings, person__entity=entity).select_related("person").order_by("pk"):
        replies[rsvp.meeting_id].append(rsvp)
    for row in Attendance.objects.filter(meeting__in=meetings, entity=entity).select_related("person").order_by(*name_ordering("person__")):
        attendees[row.meeting_id].append(row.person)
    return [MeetingLine(meeting, meeting.entity_invited, replies[meeting.pk], attendees[meeting.pk]) for meeting in meetings]


def year_summary(year):
    """Every active entity's year: meetings invited to, meetings attended, people who came. Four
    queries."""
    meetings = list(Meeting.objects.filter(starts_at__year=year).exclude(status=Meeting.Status.CANCELLED).values_list("pk", "invite_all_members"))
    for_all = sum(1 for _pk, invites_all in meetings if invites_all)
    named = defaultdict(set)  # entity -> meetings that invite it or one of its people, beyond "all members"
    all_members = {pk for pk, invites_all in meetings if invites_all}
    rows = Invitee.objects.filter(meeting__in=[pk for pk, _invites_all in meetings]).values_list("meeting_id", "entity_id", "person__entity_id")
    for meeting_id, entity_id, person_entity_id in rows:
        if meeting_id in all_members:
            continue
        for key in (entity_id, person_entity_id):
            if key:
                named[key].add(meeting_id)
    attended_meetings, attended_people = defaultdict(set), defaultdict(set)
    for meeting_id, entity_id, person_id in Attendance.objects.filter(
        meeting__in=[pk for pk, _invites_all in meetings], entity__isnull=False,
    ).values_list("meeting_id", "entity_id", "person_id"):
        attended_meetings[entity_id].add(meeting_id)
        attended_people[entity_id].add(person_id)
    return [
        {
            "entity": entity, "invited": for_all + len(named[entity.pk]),
            "attended": len(attended_meetings[entity.pk]), "people": len(attended_people[entity.pk]),
        }
        for entity in Entity.objects.active().order_by(*name_ordering())
    ]


ENTITY_COLUMNS = [
    exporting.Column(gettext_lazy("Date"), 18), exporting.Column(gettext_lazy("Meeting (Arabic)"), 36),
    exporting.Column(gettext_lazy("Meeting (English)"), 36), exporting.Column(gettext_lazy("Kind"), 20),
    exporting.Column(gettext_lazy("Status"), 14), exporting.Column(gettext_lazy("Invited"), 10),
    exporting.Column(gettext_lazy("Replies"), 40), exporting.Column(gettext_lazy("Attended by"), 48),
]


def entity_rows(lines):
    for line in lines:
        meeting = line.meeting
        yield [
            _local(meeting.starts_at), meeting.title_ar, meeting.title_en, meeting.get_kind_display(),
            meeting.get_status_display(), _yes_no(line.invited),
            "; ".join(f"{rsvp.person.name}: {rsvp.get_response_display()}" for rsvp in line.replies),
            "; ".join(person.name for person in line.attendees),
        ]


SUMMARY_COLUMNS = [
    exporting.Column(gettext_lazy("Entity"), 36), exporting.Column(gettext_lazy("Meetings invited to"), 14),
    exporting.Column(gettext_lazy("Meetings attended"), 14), exporting.Column(gettext_lazy("People who attended"), 14),
]


def summary_rows(summary):
    for row in summary:
        yield [row["entity"].name, str(row["invited"]), str(row["attended"]), str(row["people"])]
