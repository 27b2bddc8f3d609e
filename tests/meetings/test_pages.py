"""The member-facing meetings pages: the list with its filters, the month, a meeting's page (what a
member who missed it catches up on, and what a guest may not see), and the reply, comment and
feedback forms."""
import re
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone
from django.utils.html import escape, format_html

from meetings.models import ActionItem, Feedback, Meeting, MinutesComment, Rsvp
from members.models import Role
from portal import registry
from tests.conftest import make_user
from tests.meetings.page_data import action, add_agenda, check_in, make_meeting, publish_minutes, reply

pytestmark = pytest.mark.django_db


def titles(meetings):
    return [meeting.title_en for meeting in meetings]


# The list ----------------------------------------------------------------------------------------
def test_list_filters_by_kind_year_and_host(login_as, director, entity, other_entity):
    make_meeting("Ours", 5, host=entity)
    make_meeting("Theirs", 6, host=other_entity)
    make_meeting("Workshop", 7, host=entity, kind=Meeting.Kind.WORKSHOP)
    client = login_as(director)
    assert titles(client.get("/en/meetings/", {"host": other_entity.pk}).context["upcoming"]) == ["Theirs"]
    assert titles(client.get("/en/meetings/", {"kind": "workshop"}).context["upcoming"]) == ["Workshop"]
    long_ago = make_meeting("Long ago", -800)
    by_year = client.get("/en/meetings/", {"year": timezone.localtime(long_ago.starts_at).year})
    assert (titles(by_year.context["upcoming"]), titles(by_year.context["past"])) == ([], ["Long ago"])
    # Bad values are ignored, never a 500.
    response = client.get("/en/meetings/", {"year": "abc", "host": "-1", "kind": "x", "page": "-5", "upcoming_page": "zz"})
    assert titles(response.context["upcoming"]) == ["Ours", "Theirs", "Workshop"]


def test_list_card_shows_status_reply_venue_and_online(login_as, director, entity):
    cancelled = make_meeting("Called off", 2, host=entity, status=Meeting.Status.CANCELLED, location_en="DET offices", online_url="https://teams.example/x")
    postponed = make_meeting("Later", 3, status=Meeting.Status.POSTPONED)
    reply(cancelled, director, Rsvp.Response.MAYBE)
    reply(postponed, director, Rsvp.Response.ATTENDING, wait_listed_at=timezone.now())
    body = login_as(director).get("/en/meetings/").content.decode()
    assert "Cancelled" in body and "text-decoration-line-through" in body and "Postponed" in body
    assert "Your reply: maybe" in body and "Your reply: wait list" in body
    assert "DET offices" in body and "Online" in body
    assert 'href="/en/meetings/' in body and "Month view" in body


def test_list_paginates_past_meetings(login_as, director):
    for i in range(23):
        make_meeting(f"Past {i:02d}", -(i + 1))
    client = login_as(director)
    first = client.get("/en/meetings/")
    assert titles(first.context["past"]) == [f"Past {i:02d}" for i in range(20)]
    assert "page=2" in first.content.decode()
    second = client.get("/en/meetings/", {"page": 2})
    assert titles(second.context["past"]) == ["Past 20", "Past 21", "Past 22"]
    assert client.get("/en/meetings/", {"page": 99}).context["past"] == []


def test_guest_list_offers_only_their_meeting_and_its_host(login_as, guest, entity, other_entity):
    make_meeting("Invited", 3, host=entity, guests=[guest])
    make_meeting("Other", 4, host=other_entity)
    response = login_as(guest).get("/en/meetings/")
    assert titles(response.context["upcoming"]) == ["Invited"]
    assert [label for value, label in response.context["filters"].fields["host"].choices if value] == [entity.name_en]
    assert "Dubai Municipality" not in response.content.decode()


# The month -----------------------------------------------------------------------------------------
def test_month_grid_places_meetings_on_their_dubai_day(login_as, director):
    # 22:30 UTC on 31 March is 02:30 on 1 April in Dubai.
    start = datetime(2026, 3, 31, 22, 30, tzinfo=dt_timezone.utc)
    Meeting.objects.create(title_ar="اجتماع أبريل", title_en="April meeting", starts_at=start, ends_at=start + timedelta(hours=1))
    client = login_as(director)
    april = client.get("/en/meetings/2026/4/")
    assert titles(april.context["meetings"]) == ["April meeting"]
    first_week = april.context["weeks"][0]
    day = next(day for day in first_week if day["date"] == date(2026, 4, 1))
    assert titles(day["meetings"]) == ["April meeting"]
    body = april.content.decode()
    assert '<th scope="col">Monday</th>' in body and "April 2026" in body
    assert 'href="/en/meetings/2026/3/"' in body and 'href="/en/meetings/2026/5/"' in body
    assert client.get("/en/meetings/2026/3/").context["meetings"] == []
    assert client.get("/en/meetings/2026/13/").status_code == 404
    arabic = client.get("/ar/meetings/2026/4/").content.decode()
    assert "إبريل 2026" in arabic and "اجتماع أبريل" in arabic


def test_month_marks_today(login_as, director):
    today = timezone.localdate()
    body = login_as(director).get(f"/en/meetings/{today.year}/{today.month}/").content.decode()
    assert body.count('aria-current="date"') == 1
    assert "(today)" in body


def test_month_of_a_guest_shows_only_their_meeting(login_as, guest):
    mine = make_meeting("Mine", 1, guests=[guest])
    make_meeting("Not mine", 1)
    local = timezone.localtime(mine.starts_at)
    response = login_as(guest).get(f"/en/meetings/{local.year}/{local.month}/")
    assert titles(response.context["meetings"]) == ["Mine"]


# The meeting page ----------------------------------------------------------------------------------
@pytest.fixture
def held_meeting(secretariat, director, team_member, other_director, entity, other_entity, guest):
    """A network meeting held yesterday: agenda, attendance, decisions, minutes open for comment,
    and an earlier meeting's open action item arising."""
    earlier = make_meeting("Earlier", -40, host=entity)
    action(earlier, "Send the campaign figures", owner_entity=entity, due_on=date(2026, 1, 15))
    action(earlier, "Closed long ago", status=ActionItem.Status.DONE, closed_at=timezone.now() - timedelta(days=39))
    meeting = make_meeting("Held", -1, host=entity, location_en="Museum of the Future", online_url="https://teams.example/join?id=1",
                           summary_en="Launch of the members' platform.", guests=[guest])
    add_agenda(meeting, entity=entity, person=director)
    check_in(meeting, director, secretariat)
    check_in(meeting, other_director, secretariat)
    action(meeting, "Adopt the joint calendar", kind=ActionItem.Kind.DECISION)
    action(meeting, "Share the plastic bag campaign kit", owner_person=other_director, owner_entity=other_entity, due_on=date(2026, 2, 1))
    old = publish_minutes(meeting, secretariat, text="المحضر الأول", status="approved", version=1)
    current = publish_minutes(meeting, secretariat, text="المحضر المعدل", version=2, change_note="Corrected the attendance")
    MinutesComment.objects.create(minutes=current, author=team_member, text="Please add our figures")
    MinutesComment.objects.create(minutes=current, author=team_member, text="hidden one", hidden=True)
    return meeting


def test_member_catches_up_on_a_held_meeting(login_as, team_member, held_meeting):
    response = login_as(team_member).get(f"/en/meetings/{held_meeting.pk}/")
    body = response.content.decode()
    assert [item.title_en for item in response.context["agenda_items"]] == ["Opening", "Dubai Can results", "Guest presentation"]
    assert "Presented by Khalid Al Mansouri" in body and "Emirates Nature–WWF" in body and "30 minutes" in body
    assert 'dir="ltr" id="online-link"' in body and "Museum of the Future" in body
    # Attendance by entity, with names, once people are checked in.
    assert [(group["entity"].name_en, [p.name_en for p in group["people"]]) for group in response.context["attendance"]] == [
        ("Department of Economy and Tourism", ["Khalid Al Mansouri"]), ("Dubai Municipality", ["Saeed Al Muhairi"]),
    ]
    assert [item.text_en for item in response.context["decisions"]] == ["Adopt the joint calendar"]
    assert [item.text_en for item in response.context["action_items"]] == ["Share the plastic bag campaign kit"]
    assert [item.text_en for item in response.context["arising"]] == ["Send the campaign figures"]
    assert response.context["minutes"].version == 2 and [m.version for m in response.context["older_minutes"]] == [1]
    assert [c.text for c in response.context["minutes_comments"]] == ["Please add our figures"]
    assert "hidden one" not in body and "Corrected the attendance" in body
    assert response.context["comment_form"] is not None
    # The meeting has ended: no reply form.
    assert "rsvp_form" not in response.context and "replies are closed" in body


def test_guest_sees_the_agenda_but_not_attendance_decisions_or_minutes(login_as, guest, held_meeting):
    response = login_as(guest).get(f"/en/meetings/{held_meeting.pk}/")
    body = response.content.decode()
    assert "Dubai Can results" in body
    for private in ("Khalid Al Mansouri attended", "Saeed Al Muhairi", "Adopt the joint calendar", "المحضر المعدل",
                    "Please add our figures", "Send the campaign figures"):
        assert private not in body
    assert "attendance" not in response.context and "minutes" not in response.context


def test_reply_counts_before_check_in(login_as, director, team_member, other_director):
    meeting = make_meeting("Soon", 2)
    reply(meeting, director)
    reply(meeting, team_member, Rsvp.Response.MAYBE)
    reply(meeting, other_director, Rsvp.Response.NOT_ATTENDING)
    body = login_as(director).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "1 attending" in body and "1 maybe" in body and "1 not attending" in body and "0 sending a delegate" in body


def test_registered_agenda_links_are_shown(login_as, director):
    meeting = make_meeting("Linked", 2)
    first, *_ = add_agenda(meeting)
    calls = []

    def campaigns(request, items):
        calls.append([item.pk for item in items])
        # Providers return HTML marked safe (format_html, render_to_string); a plain string is escaped.
        return {first.pk: format_html('<a href="/campaigns/{}/">{}</a>', 1, "Dubai Can"), items[1].pk: "<b>plain</b>"}

    registry.agenda_item_links.register("test-campaigns", campaigns)
    try:
        body = login_as(director).get(f"/en/meetings/{meeting.pk}/").content.decode()
    finally:
        registry.agenda_item_links._entries.pop("test-campaigns")
    assert len(calls) == 1 and len(calls[0]) == 3
    assert '<div class="agenda-link small"><a href="/campaigns/1/">Dubai Can</a></div>' in body
    assert "&lt;b&gt;plain&lt;/b&gt;" in body


def test_download_all_is_offered_when_only_an_agenda_item_has_documents(login_as, secretariat, director, guest, entity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.documents.services import document_upload
    from tests.portal.test_documents_support import pdf_bytes

    meeting = make_meeting("With slides", guests=[guest])
    item = add_agenda(meeting, entity=entity)[1]
    zip_link = f'href="/en/documents/all/meetings.meeting/{meeting.pk}/"'
    assert zip_link not in login_as(director).get(f"/en/meetings/{meeting.pk}/").content.decode()
    document_upload(owner=item, upload=SimpleUploadedFile("slides.pdf", pdf_bytes(), "application/pdf"), title="Slides",
                    kind="presentation", language="en", acting_user=secretariat)
    page = login_as(director).get(f"/en/meetings/{meeting.pk}/").content.decode()
    # Once, in the meeting's own panel (its ZIP holds the agenda items' documents in folders)...
    assert page.count(zip_link) == 1 and page.count("document-download-all") == 2
    # ...and not for a guest, with whom the slides are not shared: their ZIP would be empty.
    assert zip_link not in login_as(guest).get(f"/en/meetings/{meeting.pk}/").content.decode()


def test_title_and_comment_markup_is_escaped(login_as, secretariat, team_member):
    meeting = make_meeting("x", -1, title_ar='"><img src=x onerror=alert(1)>')
    minutes = publish_minutes(meeting, secretariat)
    MinutesComment.objects.create(minutes=minutes, author=team_member, text="<script>alert(1)</script>")
    body = login_as(team_member).get(f"/ar/meetings/{meeting.pk}/").content.decode()
    assert "<img src=x" not in body and "<script>alert(1)" not in body
    assert escape("<script>alert(1)</script>") in body


# Replying ----------------------------------------------------------------------------------------------
def test_rsvp_is_post_only(login_as, director):
    meeting = make_meeting("Soon", 2)
    assert login_as(director).get(f"/en/meetings/{meeting.pk}/rsvp/").status_code == 405
    assert not Rsvp.objects.exists()


def test_director_replies_in_arabic_and_extra_fields_are_ignored(login_as, director, other_director):
    meeting = make_meeting("Soon", 2)
    client = login_as(director)
    page = client.get(f"/ar/meetings/{meeting.pk}/")
    assert page.context["rsvp_form"] is not None
    response = client.post(f"/ar/meetings/{meeting.pk}/rsvp/", {
        "response": "attending", "person": other_director.pk, "wait_listed_at": "2020-01-01", "meeting": 999,
    }, follow=True)
    assert response.redirect_chain[-1][0] == f"/ar/meetings/{meeting.pk}/#rsvp"
    assert list(Rsvp.objects.values_list("person_id", "response", "wait_listed_at")) == [(director.pk, "attending", None)]
    assert response.context["meeting"].my_response == "attending"
    assert len(list(response.context["messages"])) == 1


def test_director_sends_a_delegate_from_own_entity_only(login_as, director, team_member, other_director):
    meeting = make_meeting("Soon", 2)
    client = login_as(director)
    form = client.get(f"/en/meetings/{meeting.pk}/").context["rsvp_form"]
    assert re.findall(r'<option value="(\d+)"', form) == [str(team_member.pk)]
    # Someone of another entity is refused by the form: a message, nothing stored.
    response = client.post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "delegate", "delegate": other_director.pk}, follow=True)
    assert response.status_code == 200 and not Rsvp.objects.exists()
    assert "Select a valid choice" in response.content.decode()
    client.post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "delegate", "delegate": team_member.pk})
    assert set(Rsvp.objects.values_list("person_id", "response")) == {(director.pk, "delegate"), (team_member.pk, "attending")}


def test_reply_to_an_ended_meeting_is_refused_with_a_message(login_as, director):
    meeting = make_meeting("Over", -1)
    response = login_as(director).post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "attending"}, follow=True)
    assert response.status_code == 200
    assert "You cannot reply to this meeting" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_bad_reply_value_is_a_form_error(login_as, director):
    meeting = make_meeting("Soon", 2)
    response = login_as(director).post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "status=published"}, follow=True)
    assert response.status_code == 200 and not Rsvp.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_full_meeting_puts_the_reply_on_the_wait_list_and_shows_the_position(login_as, director, team_member, other_director):
    meeting = make_meeting("Small", 2, capacity=1)
    reply(meeting, other_director)
    client = login_as(team_member)
    client.post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "attending"})
    login_as(director).post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "attending"})
    response = login_as(director).get(f"/en/meetings/{meeting.pk}/")
    body = response.content.decode()
    assert response.context["meeting"].my_wait_position == 2
    assert "You are number 2 on the wait list." in body and "1 of 1 place taken" in body


def test_guest_cannot_reply_to_another_meeting(login_as, guest):
    other = make_meeting("Other", 2)
    assert login_as(guest).post(f"/en/meetings/{other.pk}/rsvp/", {"response": "attending"}).status_code == 404
    assert not Rsvp.objects.exists()


# Minutes comments ----------------------------------------------------------------------------------------
def test_member_comments_on_minutes_open_for_comment(login_as, team_member, held_meeting):
    client = login_as(team_member)
    response = client.post(f"/en/meetings/{held_meeting.pk}/minutes/comment/", {"text": "Our entity's name is misspelt", "author": 1}, follow=True)
    assert "Your comment was added to the minutes." in response.content.decode()
    assert MinutesComment.objects.filter(author=team_member, text="Our entity's name is misspelt").count() == 1


def test_approved_minutes_take_no_comment(login_as, secretariat, team_member):
    meeting = make_meeting("Locked", -3)
    publish_minutes(meeting, secretariat, status="approved")
    client = login_as(team_member)
    assert "comment_form" not in client.get(f"/en/meetings/{meeting.pk}/").context
    response = client.post(f"/en/meetings/{meeting.pk}/minutes/comment/", {"text": "late"}, follow=True)
    assert response.status_code == 200 and "no longer open for comments" in response.content.decode()
    assert not MinutesComment.objects.exists()


def test_guest_cannot_comment(login_as, guest, held_meeting):
    response = login_as(guest).post(f"/en/meetings/{held_meeting.pk}/minutes/comment/", {"text": "hi"})
    assert response.status_code == 404
    assert MinutesComment.objects.count() == 2


# Workshop feedback ------------------------------------------------------------------------------------------
@pytest.fixture
def workshop(secretariat, director, team_member):
    meeting = make_meeting("Using social media", -1, kind=Meeting.Kind.WORKSHOP, programme_en="Government communication capability programme",
                           trainers_en="Trainer A", topics_en="Choosing platforms", target_audience_en="Communication teams",
                           capacity=25, participants_count=22)
    check_in(meeting, director, secretariat)
    return meeting


def test_attendee_gives_feedback_with_radio_buttons(login_as, director, workshop):
    client = login_as(director)
    page = client.get(f"/en/meetings/{workshop.pk}/")
    body = page.content.decode()
    assert body.count('type="radio" name="rating"') == 5
    assert "Government communication capability programme" in body and "Choosing platforms" in body and 'id="participants-count">22<' in body
    client.post(f"/en/meetings/{workshop.pk}/feedback/", {"rating": "5", "comment": "Very practical", "person": 99})
    assert list(Feedback.objects.values_list("person_id", "rating", "comment")) == [(director.pk, 5, "Very practical")]
    assert "feedback_form" not in client.get(f"/en/meetings/{workshop.pk}/").context


def test_feedback_refused_for_who_did_not_attend(login_as, team_member, workshop):
    client = login_as(team_member)
    assert "feedback_form" not in client.get(f"/en/meetings/{workshop.pk}/").context
    response = client.post(f"/en/meetings/{workshop.pk}/feedback/", {"rating": "1"}, follow=True)
    assert "Feedback is open to the participants" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_rating_out_of_range_is_a_form_error(login_as, director, workshop):
    response = login_as(director).post(f"/en/meetings/{workshop.pk}/feedback/", {"rating": "9"}, follow=True)
    assert response.status_code == 200 and not Feedback.objects.exists()


def test_secretariat_sees_the_feedback_aggregate(login_as, secretariat, director, team_member, workshop):
    check_in(workshop, team_member, secretariat)
    Feedback.objects.create(meeting=workshop, person=director, rating=5, comment="Great")
    Feedback.objects.create(meeting=workshop, person=team_member, rating=4)
    response = login_as(secretariat).get(f"/en/meetings/{workshop.pk}/")
    summary = response.context["feedback_summary"]
    assert (summary["count"], summary["average"], summary["comments"]) == (2, 4.5, ["Great"])
    assert [(rating, count) for rating, count, _percent in summary["distribution"]] == [(5, 1), (4, 1), (3, 0), (2, 0), (1, 0)]
    assert "Average rating 4.5 of 5, from 2 participants." in response.content.decode()
    assert "feedback_summary" not in login_as(director).get(f"/en/meetings/{workshop.pk}/").context


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["1 minute", "Presented by Ali &lt;i&gt;, Guests &amp; partners"]),
    ("ar", ["دقيقة واحدة", "يقدّمه"]),
])
def test_agenda_items_are_escaped_and_counted_in_the_pages_language(login_as, director, entity, language, expected):
    """The agenda is written as strings (meetings.templatetags.meeting_tags): every text escaped,
    line breaks kept, the planned minutes in the language's plural form."""
    from meetings.models import AgendaItem

    meeting = make_meeting("Escaped", 2)
    person = make_user("ali@agenda.test", Role.DIRECTOR, entity, name_en="Ali <i>", name_ar="علي <i>")
    AgendaItem.objects.create(
        meeting=meeting, position=1, title_ar="<script>x</script> بند", title_en="<script>x</script> item", planned_minutes=1,
        presenter_person=person, presenter_guest_ar="ضيوف & شركاء", presenter_guest_en="Guests & partners",
        description_ar="سطر\n<b>ثان</b>", description_en="line\n<b>two</b>",
    )
    body = login_as(director).get(f"/{language}/meetings/{meeting.pk}/").content.decode()
    start = body.index('<ol class="agenda-list')
    agenda = body[start:body.index("</ol>", start)]
    assert "<script>" not in agenda and "&lt;script&gt;x&lt;/script&gt;" in agenda
    assert "<b>" not in agenda and "<br>&lt;b&gt;" in agenda
    for text in expected:
        assert text in agenda


def test_the_arabic_reply_is_in_the_first_person_and_the_report_counts_people(login_as, secretariat, director):
    """"Attending" is two things: the reply a member chooses ("I will attend") and the report's
    column of people who replied so ("they will attend"); each has its own Arabic."""
    meeting = make_meeting("Forum")
    form = login_as(director).get(f"/ar/meetings/{meeting.pk}/").content.decode()
    assert re.search(r'value="attending"[^>]*>\s*<label class="form-check-label" for="id_response_0">سأحضر</label>', form)
    report = login_as(secretariat).get(f"/ar/meetings/{meeting.pk}/report/").content.decode()
    assert '<th scope="col">سيحضرون</th>' in report
