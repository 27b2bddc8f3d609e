"""The coordination calendar: what each role sees on the month and the list, drafts of one's own
entity marked, the overlaps flagged between entities sharing an audience, the filters; and the
private `.ics` feed, read back with the icalendar library."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from campaigns import calendar
from campaigns.models import CalendarFeed, Occasion
from portal.calendars import add_months
from portal.models import AuditEntry
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db

MONTH = "/en/campaigns/calendar/2026/12/"


def plan(owner, title, starts, ends=None, audiences=("youth",), **extra):
    return make_campaign(owner, title_ar=f"حملة {title}", title_en=title, starts_on=starts, ends_on=ends,
                         audiences=list(audiences), status="planned", **extra)


def titles(entries):
    return [entry.item.title_en if entry.is_campaign else entry.item.name_en for entry in entries]


@pytest.fixture
def december(entity, other_entity):
    """Two entities' campaigns for the youth around National Day, one without a shared audience, one
    of the same entity, a draft of each entity, and the national occasions."""
    return {
        "ours": plan(entity, "Our youth", date(2026, 11, 25), date(2026, 12, 5)),
        "theirs": plan(other_entity, "Their youth", date(2026, 12, 1), date(2026, 12, 10), audiences=("youth", "families")),
        "seniors": plan(other_entity, "Their seniors", date(2026, 12, 2), date(2026, 12, 4), audiences=("seniors",)),
        "ours_again": plan(entity, "Our second youth", date(2026, 12, 3), date(2026, 12, 6)),
        "later": plan(other_entity, "Later youth", date(2026, 12, 20), date(2026, 12, 28)),
        "our_draft": plan(entity, "Our draft", date(2026, 12, 8), date(2026, 12, 9), state="draft"),
        "their_draft": plan(other_entity, "Their draft", date(2026, 12, 8), date(2026, 12, 9), state="in_review"),
        "national_day": Occasion.objects.create(name_ar="اليوم الوطني", name_en="UAE National Day", starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 3)),
        "commemoration": Occasion.objects.create(name_ar="يوم الشهيد", name_en="Commemoration Day", starts_on=date(2026, 11, 30)),
    }


def test_overlaps_are_campaigns_of_other_entities_sharing_an_audience_on_common_days(director, december):
    entries = {entry.item.title_en: entry for entry in calendar.coordination(director, date(2026, 12, 1), date(2026, 12, 31)) if entry.is_campaign}
    overlaps = {title: [other.title_en for other in entry.overlaps] for title, entry in entries.items()}
    assert overlaps == {
        "Our youth": ["Their youth"],  # not its own entity's "Our second youth", not "Their seniors"
        # The director's own draft clashes too: they see it, and should know before submitting it.
        "Their youth": ["Our youth", "Our second youth", "Our draft"],
        "Their seniors": [],
        "Our second youth": ["Their youth"],
        # The other entity's case in review on the same days is not the director's to see.
        "Our draft": ["Their youth"],
        "Later youth": [],
    }


def test_a_draft_is_shown_to_its_own_entity_only_and_marked(login_as, director, other_director, guest, december):
    ours = login_as(director).get(MONTH)
    assert ours.status_code == 200
    assert titles(ours.context["entries"]) == [
        "Our youth", "Their youth", "UAE National Day", "Their seniors", "Our second youth", "Our draft", "Later youth",
    ]
    body = ours.content.decode()
    draft_line = f'cal-entry-unpublished cal-entry-overlap" id="cal-campaign-{december["our_draft"].pk}"'
    assert draft_line in body and '<span class="badge campaign-state-draft">Draft</span>' in body
    assert "Their draft" not in body
    theirs = login_as(other_director).get(MONTH)
    assert "Their draft" in titles(theirs.context["entries"]) and "Our draft" not in titles(theirs.context["entries"])
    assert login_as(guest).get(MONTH).status_code == 404


def test_the_month_flags_overlaps_with_links_and_places_campaigns_on_their_days(login_as, director, december):
    body = login_as(director).get(MONTH).content.decode()
    theirs = december["theirs"]
    assert f'<a href="/en/campaigns/{theirs.pk}/">Their youth</a> <span class="text-body-secondary">(Dubai Municipality)</span>' in body
    # A campaign that started in November continues into the first week shown of December.
    weeks = login_as(director).get(MONTH).context["weeks"]
    first_day = next(day for week in weeks for day in week if day["date"] == date(2026, 12, 1))
    assert [entry.item.title_en for entry in first_day["continuing"]] == ["Our youth"]
    assert [entry.item.title_en for entry in first_day["entries"]] == ["Their youth"]


def test_filters_by_theme_and_audience(login_as, director, december):
    theme = make_theme("National occasions", "المناسبات الوطنية")
    december["theirs"].themes.add(theme)
    december["national_day"].theme = theme
    december["national_day"].save(update_fields=["theme"])
    client = login_as(director)
    by_theme = client.get(MONTH, {"theme": theme.pk}).context["entries"]
    assert titles(by_theme) == ["Their youth", "UAE National Day"]
    # The clash with a campaign of another theme is still shown.
    assert [other.title_en for other in by_theme[0].overlaps] == ["Our youth", "Our second youth", "Our draft"]
    assert titles(client.get(MONTH, {"audience": "seniors"}).context["entries"]) == ["UAE National Day", "Their seniors"]
    # Nonsense values are ignored, not errors.
    assert len(client.get(MONTH, {"theme": "abc", "audience": "<script>"}).context["entries"]) == 7


def test_the_list_shows_what_is_coming_grouped_by_month(login_as, director, entity):
    today = timezone.localdate()
    plan(entity, "Past", today - timedelta(days=40), today - timedelta(days=35))
    plan(entity, "Running", today - timedelta(days=3), today + timedelta(days=3))
    plan(entity, "Next month", add_months(today, 1) + timedelta(days=2))
    plan(entity, "Too far", add_months(today, 14))
    months = login_as(director).get("/en/campaigns/calendar/").context["months"]
    assert [(month, titles(entries)) for month, entries in months] == [
        (today.replace(day=1), ["Running"]), (add_months(today, 1), ["Next month"]),
    ]


def test_an_impossible_month_is_not_found(login_as, director):
    client = login_as(director)
    assert client.get("/en/campaigns/calendar/2026/13/").status_code == 404
    assert client.get("/en/campaigns/calendar/1999/1/").status_code == 404


# The feed ---------------------------------------------------------------------------------------------

def events_of(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in parsed.walk("VEVENT")}


def test_the_feed_is_read_back_with_all_day_events_and_stable_uids(client, login_as, director, december):
    page = login_as(director).get("/en/campaigns/calendar/feed/")
    feed = CalendarFeed.objects.get(person=director)
    assert page.context["feed_url"].endswith(f"/en/campaigns/calendar/feed/{feed.token}.ics") and len(feed.token) >= 40
    client.logout()
    response = client.get(f"/en/campaigns/calendar/feed/{feed.token}.ics")
    events = events_of(response)
    ours, national_day, draft = december["ours"], december["national_day"], december["our_draft"]
    assert f"campaign-{december['their_draft'].pk}@testserver" not in events and f"campaign-{december['their_draft'].pk}@localhost" not in events
    uid = next(key for key in events if key.startswith(f"campaign-{ours.pk}@"))
    event = events[uid]
    # All day: DTSTART a date, DTEND the day after the last one.
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (date(2026, 11, 25), date(2026, 12, 6))
    assert str(event["summary"]) == "حملة Our youth · دائرة الاقتصاد والسياحة"  # the person's language: Arabic by default
    assert str(event["status"]) == "CONFIRMED"
    occasion = next(value for key, value in events.items() if key.startswith(f"occasion-{national_day.pk}@"))
    assert (occasion.decoded("dtstart"), occasion.decoded("dtend"), str(occasion["summary"])) == (date(2026, 12, 2), date(2026, 12, 4), "اليوم الوطني")
    draft_event = next(value for key, value in events.items() if key.startswith(f"campaign-{draft.pk}@"))
    assert str(draft_event["status"]) == "TENTATIVE"
    # The same UIDs on the next read: a calendar replaces its copies rather than adding new ones.
    assert set(events_of(client.get(f"/en/campaigns/calendar/feed/{feed.token}.ics"))) == set(events)
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_a_reset_token_and_a_deactivated_members_feed_are_not_found(client, login_as, director, december):
    member = login_as(director)
    html = member.get("/en/campaigns/calendar/feed/").content.decode()
    old = CalendarFeed.objects.get(person=director).token
    # The page shared with the meetings' feed (templates/includes/calendar_subscription.html), with its own note and reset.
    assert f"/en/campaigns/calendar/feed/{old}.ics" in html and 'id="feed-copy"' in html
    assert "your entity's unpublished campaigns included" in html.replace("&#x27;", "'")
    assert '<form method="post" action="/en/campaigns/calendar/feed/">' in html
    response = member.post("/en/campaigns/calendar/feed/")
    assert response.status_code == 302
    new = CalendarFeed.objects.get(person=director).token
    assert new != old
    assert AuditEntry.objects.filter(target_type="campaigns.calendarfeed", action="updated", actor=director).count() == 1
    client.logout()
    assert client.get(f"/en/campaigns/calendar/feed/{old}.ics").status_code == 404
    assert client.get(f"/en/campaigns/calendar/feed/{new}.ics").status_code == 200
    director.is_active = False
    director.save(update_fields=["is_active"])
    assert client.get(f"/en/campaigns/calendar/feed/{new}.ics").status_code == 404


def test_a_guest_has_no_feed(client, login_as, guest):
    assert login_as(guest).get("/en/campaigns/calendar/feed/").status_code == 404
    # Even a token made for them by some other way opens nothing.
    token = calendar.calendar_feed_for(guest).token
    client.logout()
    assert client.get(f"/en/campaigns/calendar/feed/{token}.ics").status_code == 404


def test_the_secretariat_keeps_national_occasions_in_admin_through_the_audited_service(login_as, secretariat, director):
    client = login_as(secretariat)
    response = client.post("/en/admin/campaigns/occasion/add/", {
        "name_ar": "يوم العلم", "name_en": "Flag Day", "starts_on": "2026-11-03", "ends_on": "", "theme": "",
    })
    assert response.status_code == 302
    occasion = Occasion.objects.get(name_en="Flag Day")
    response = client.post(f"/en/admin/campaigns/occasion/{occasion.pk}/change/", {
        "name_ar": "يوم العلم", "name_en": "Flag Day", "starts_on": "2026-11-03", "ends_on": "2026-11-02", "theme": "",
    })
    assert response.status_code == 200 and "ends_on" in response.context["adminform"].form.errors  # a form error, not a 500
    client.post(f"/en/admin/campaigns/occasion/{occasion.pk}/change/", {
        "name_ar": "يوم العلم", "name_en": "UAE Flag Day", "starts_on": "2026-11-03", "ends_on": "", "theme": "",
    })
    entries = AuditEntry.objects.filter(target_type="campaigns.occasion", actor=secretariat).order_by("pk")
    assert [(entry.action, entry.details["fields"]) for entry in entries] == [
        ("created", ["ends_on", "name_ar", "name_en", "starts_on", "theme"]), ("updated", ["name_en"]),
    ]
    with pytest.raises(PermissionDenied):
        calendar.occasion_save(occasion=None, data={"name_ar": "x", "starts_on": date(2026, 1, 1)}, acting_user=director)
