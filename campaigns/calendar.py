"""Al Multaqa's coordination calendar: the government's planned and running campaigns and the
national occasions, on a month and as a list, with the overlaps that entities should coordinate;
and each member's private iCalendar feed of it.

What a person sees is `Campaign.objects.visible_to(person)`: published cases for every member, and
the drafts and cases in review of their own entity (marked as such), never another entity's.

Dates: a campaign runs from `starts_on` to `ends_on`; one without an end date is placed on its
start date only (an open-ended campaign would otherwise fill every month to come and overlap with
everything).

Overlaps: two campaigns of different entities whose dates overlap and that share at least one
target audience. They are computed in Python from two queries, whatever the number of campaigns:
the campaigns of the period shown, then every campaign the person sees that touches the span of
those (so a campaign that starts in this month is flagged for a clash in the next one too).

The feed (`/campaigns/calendar/feed/<token>.ics`) follows meetings/calendar.py: the token is the
only credential, all-day events (`DTSTART;VALUE=DATE`, `DTEND` the day after the last), UIDs
`campaign-<pk>@<host>` and `occasion-<pk>@<host>` that never change, texts in the person's language.
"""
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy
from icalendar import Event

from campaigns.models import Audience, CalendarFeed, Campaign, Occasion
from portal import audit, calendars
from portal.calendars import text_in

# A feed carries a year of past campaigns and everything to come: enough history, bounded size.
FEED_HISTORY = timedelta(days=365)
FEED_REFRESH = timedelta(hours=6)
PRODID = "-//Government Communication Network//Al Multaqa//{language}"
# The list view: from the start of this month, this many months ahead.
LIST_MONTHS = 12
ENTRY_FIELDS = (
    "pk", "title_ar", "title_en", "owner", "owner__name_ar", "owner__name_en", "owner__short_name",
    "starts_on", "ends_on", "state", "status", "audiences",
)


class CalendarFilterForm(forms.Form):
    """Filters of both views; an invalid value (`?theme=abc`) is ignored, not an error."""

    theme = forms.TypedChoiceField(label=gettext_lazy("Theme"), required=False, coerce=int, empty_value=None)
    audience = forms.ChoiceField(label=gettext_lazy("Audience"), required=False)

    def __init__(self, data, *, themes):
        super().__init__(data)
        self.fields["theme"].choices = [("", _("All themes")), *((theme.pk, theme.name) for theme in themes)]
        self.fields["audience"].choices = [("", _("All audiences")), *Audience.choices]

    def values(self):
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors and value}


def touching(start, end):
    """Campaigns (or occasions) whose days meet [start, end]; without an end date, the start day."""
    return models.Q(starts_on__lte=end) & (
        models.Q(ends_on__gte=start) | models.Q(ends_on__isnull=True, starts_on__gte=start)
    )


def last_day(item):
    return item.ends_on or item.starts_on


@dataclass
class Entry:
    """One line of the calendar: a campaign or a national occasion."""

    kind: str  # "campaign" or "occasion"
    item: object
    overlaps: list = field(default_factory=list)  # the campaigns it clashes with

    @property
    def starts_on(self):
        return self.item.starts_on

    @property
    def ends_on(self):
        return last_day(self.item)

    @property
    def is_campaign(self):
        return self.kind == "campaign"

    @property
    def is_unpublished(self):
        return self.is_campaign and self.item.state != Campaign.State.PUBLISHED

    def on(self, day):
        return self.starts_on <= day <= self.ends_on


def overlapping(first, second):
    """Different entities, days in common and at least one target audience in common."""
    return (
        first.owner_id != second.owner_id
        and first.starts_on <= last_day(second) and second.starts_on <= last_day(first)
        and bool(set(first.audiences) & set(second.audiences))
    )


def _filtered_campaigns(user, start, end, filters):
    campaigns = Campaign.objects.visible_to(user).filter(touching(start, end))
    if filters.get("theme"):
        campaigns = campaigns.filter(pk__in=Campaign.themes.through.objects.filter(theme_id=filters["theme"]).values("campaign_id"))
    if filters.get("audience"):
        campaigns = campaigns.filter(audiences__contains=f" {filters['audience']} ")
    return campaigns.select_related("owner").only(*ENTRY_FIELDS).order_by("starts_on", "pk")


def coordination(user, start, end, filters=None):
    """The calendar's entries between `start` and `end` (dates, inclusive) that `user` may see, in
    date order, each campaign with the campaigns it overlaps. Three queries, whatever the size."""
    filters = filters or {}
    campaigns = list(_filtered_campaigns(user, start, end, filters))
    if campaigns:
        # The neighbours: every campaign the user sees that touches the span of those shown, with an
        # audience (a campaign without one clashes with nothing). Not narrowed by the filters: a
        # clash with a campaign of another theme is still a clash.
        span_start, span_end = min(c.starts_on for c in campaigns), max(last_day(c) for c in campaigns)
        neighbours = list(
            Campaign.objects.visible_to(user).filter(touching(span_start, span_end)).exclude(audiences="")
            .select_related("owner").only(*ENTRY_FIELDS).order_by("starts_on", "pk")
        )
    else:
        neighbours = []
    entries = [Entry("campaign", campaign, [other for other in neighbours if overlapping(campaign, other)]) for campaign in campaigns]
    occasions = Occasion.objects.visible_to(user).filter(touching(start, end)).select_related("theme")
    if filters.get("theme"):
        occasions = occasions.filter(theme_id=filters["theme"])
    entries += [Entry("occasion", occasion) for occasion in occasions.order_by("starts_on", "pk")]
    # Occasions first on a day: they are the context the campaigns of that day are planned around.
    entries.sort(key=lambda entry: (max(entry.starts_on, start), entry.is_campaign, entry.starts_on, entry.item.pk))
    return entries


def month_weeks(year, month, entries, today):
    """The month as weeks of days (Monday first, the UAE's working week since 2022). A day lists the
    entries starting that day, and those continuing into it on the first day shown of each week."""
    weeks = calendars.month_weeks(year, month)
    shown = []
    for week in weeks:
        first_in_month = next(day for day in week if day.month == month) if any(day.month == month for day in week) else None
        days = []
        for day in week:
            starting = [entry for entry in entries if entry.starts_on == day] if day.month == month else []
            continuing = [
                entry for entry in entries if day == first_in_month and entry.starts_on < day <= entry.ends_on
            ]
            days.append({
                "date": day, "in_month": day.month == month, "today": day == today,
                "entries": starting, "continuing": continuing,
            })
        shown.append(days)
    return shown


def by_month(entries, start):
    """[(first day of a month, [entries])], each entry under the month it starts in (or `start`'s)."""
    groups = {}
    for entry in entries:
        month = max(entry.starts_on, start).replace(day=1)
        groups.setdefault(month, []).append(entry)
    return sorted(groups.items())


# The feed's token: a service, like every write (portal.calendars) --------------------------------

def calendar_feed_for(person):
    """`person`'s private coordination-calendar feed, made on first use (audited)."""
    return calendars.feed_for(CalendarFeed, person, audit_creation=True)


def calendar_feed_reset(*, person, request=None):
    """A new secret address for `person`'s feed; the old one stops working at once."""
    return calendars.feed_reset(CalendarFeed, person=person, request=request, audit_creation=True)


# National occasions: the secretariat's, in admin ---------------------------------------------------

OCCASION_FIELDS = ("name_ar", "name_en", "starts_on", "ends_on", "theme")


def occasion_save(*, occasion, data, acting_user, request=None):
    """Add a national occasion (`occasion` None) or change one; the secretariat only, audited."""
    from django.core.exceptions import PermissionDenied

    if not (acting_user.is_active and acting_user.role == "secretariat"):
        raise PermissionDenied
    unknown = set(data) - set(OCCASION_FIELDS)
    if unknown:
        raise ValueError(f"Not an occasion field: {sorted(unknown)}")  # a programming error
    with transaction.atomic():
        if occasion is None:
            occasion = Occasion(**data)
            occasion.full_clean()
            occasion.save()
            audit.record(audit.Action.CREATED, actor=acting_user, target=occasion, request=request, fields=sorted(data))
            return occasion
        changed = sorted(name for name, value in data.items() if getattr(occasion, name) != value)
        if changed:
            old = {name: str(getattr(occasion, name)) for name in changed}
            for name in changed:
                setattr(occasion, name, data[name])
            occasion.full_clean()
            occasion.save(update_fields=changed)
            audit.record(audit.Action.UPDATED, actor=acting_user, target=occasion, request=request, fields=changed,
                         **{name: {"old": old[name], "new": str(getattr(occasion, name))} for name in changed})
    return occasion


# iCalendar ------------------------------------------------------------------------------------------

def _all_day(event, item):
    event.add("dtstart", item.starts_on)
    # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    event.add("dtend", last_day(item) + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a campaign does not make anyone busy


def campaign_event(campaign, language, *, stamp):
    event = Event()
    event.add("uid", f"campaign-{campaign.pk}@{calendars.portal_host()}")
    event.add("dtstamp", stamp.astimezone(UTC))
    if campaign.updated_at:
        event.add("last-modified", campaign.updated_at.astimezone(UTC))
    _all_day(event, campaign)
    title = f"{text_in(campaign, 'title', language)} · {text_in(campaign.owner, 'name', language)}"
    if campaign.state != Campaign.State.PUBLISHED:
        title = _("Not published: %(title)s") % {"title": title}
    event.add("summary", title, parameters={"LANGUAGE": language})
    event.add("status", "CONFIRMED" if campaign.state == Campaign.State.PUBLISHED else "TENTATIVE")
    event.add("categories", [_("Campaign")])
    page = f"{settings.PORTAL_BASE_URL}{reverse('campaigns:detail', args=[campaign.pk])}"
    event.add("url", page, parameters={"VALUE": "URI"})
    audiences = ", ".join(str(Audience(code).label) for code in campaign.audiences if code in Audience.values)
    description = [
        text_in(campaign, "summary", language),
        _("Target audiences: %(audiences)s") % {"audiences": audiences} if audiences else "",
        _("Campaign page: %(url)s") % {"url": page},
    ]
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def occasion_event(occasion, language, *, stamp):
    event = Event()
    event.add("uid", f"occasion-{occasion.pk}@{calendars.portal_host()}")
    event.add("dtstamp", stamp.astimezone(UTC))
    _all_day(event, occasion)
    event.add("summary", text_in(occasion, "name", language), parameters={"LANGUAGE": language})
    event.add("status", "CONFIRMED")
    event.add("categories", [_("National occasion")])
    return event


def feed_items(person, today=None):
    """What `person`'s feed holds: the campaigns and occasions they see, from a year back on."""
    since = (today or timezone.localdate()) - FEED_HISTORY
    later = models.Q(ends_on__gte=since) | models.Q(ends_on__isnull=True, starts_on__gte=since)
    campaigns = (
        Campaign.objects.visible_to(person).filter(later).select_related("owner")
        .only(*ENTRY_FIELDS, "summary_ar", "summary_en", "updated_at").order_by("starts_on", "pk")
    )
    occasions = Occasion.objects.visible_to(person).filter(later).order_by("starts_on", "pk")
    return campaigns, occasions


def feed_calendar(campaigns, occasions, language):
    """The feed (bytes), in `language`."""
    with translation.override(language):
        calendar = calendars.new_calendar(_("Government campaigns calendar"), language, prodid=PRODID, refresh=FEED_REFRESH)
        stamp = timezone.now()
        for campaign in campaigns:
            calendar.add_component(campaign_event(campaign, language, stamp=stamp))
        for occasion in occasions:
            calendar.add_component(occasion_event(occasion, language, stamp=stamp))
        return calendar.to_ical()
