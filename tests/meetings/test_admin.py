"""The secretariat's admin of meetings: every page opens, the meeting saves with its agenda,
invitees and action items through the services (audited once), the actions work, and bad input is
a form error with nothing stored, never a 500."""
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Feedback, Invitee, Meeting, Minutes, Rsvp
from members.models import Role
from portal.models import AuditEntry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MODELS = ["meeting", "agendaitem", "actionitem", "rsvp", "attendance", "minutes", "minutescomment", "feedback"]


def make_meeting(days=3, **extra):
    start = timezone.now() + timedelta(days=days)
    values = {"title_ar": "اجتماع الشبكة", "title_en": "Network meeting", "starts_at": start, "ends_at": start + timedelta(hours=2)}
    return Meeting.objects.create(**{**values, **extra})


def when(days, hour):
    day = timezone.localtime(timezone.now() + timedelta(days=days))
    return {"0": day.strftime("%Y-%m-%d"), "1": f"{hour:02d}:00:00"}


def inline(prefix, rows=(), initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def meeting_post(title="Network meeting", days=5, agenda=(), invitees=(), actions=(), **extra):
    start, end = when(days, 10), when(days, 12)
    data = {
        "title_ar": "اجتماع الشبكة", "title_en": title, "kind": "network_meeting", "status": "scheduled",
        "starts_at_0": start["0"], "starts_at_1": start["1"], "ends_at_0": end["0"], "ends_at_1": end["1"],
        "location_ar": "", "location_en": "", "online_url": "", "summary_ar": "", "summary_en": "",
        "invite_all_members": "on", "capacity": "", "trainers_ar": "", "trainers_en": "", "topics_ar": "", "topics_en": "",
        "target_audience_ar": "", "target_audience_en": "", "programme_ar": "", "programme_en": "", "participants_count": "",
        **inline("agenda_items", agenda), **inline("invitees", invitees), **inline("action_items", actions),
    }
    data.update(extra)
    return data


def test_every_meetings_admin_page_opens(login_as, secretariat, director, entity):
    meeting = make_meeting(days=-1, kind="workshop")
    item = services.agenda_item_save(meeting=meeting, data={"title_ar": "بند"}, acting_user=secretariat)
    services.action_item_create(meeting=meeting, kind="action", text_ar="مهمة", agenda_item=item, acting_user=secretariat)
    services.attendance_check_in(meeting=meeting, person=director, acting_user=secretariat)
    minutes = services.minutes_publish(meeting=meeting, text_ar="محضر", acting_user=secretariat)
    services.minutes_comment(minutes=minutes, author=director, text="ملاحظة")
    services.feedback_give(meeting=meeting, person=director, rating=4)
    Rsvp.objects.create(meeting=meeting, person=director, response="attending")
    client = login_as(secretariat)
    for language in ("ar", "en"):
        for model in MODELS:
            listing = client.get(f"/{language}/admin/meetings/{model}/")
            assert listing.status_code == 200, model
            objects = listing.context["cl"].result_list
            assert len(objects) >= 1, model
            assert client.get(f"/{language}/admin/meetings/{model}/{objects[0].pk}/change/").status_code == 200, model
            add = client.get(f"/{language}/admin/meetings/{model}/add/")
            assert add.status_code in (200, 403), model
    page = client.get(f"/ar/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert 'name="agenda_items-TOTAL_FORMS"' in page and 'name="invitees-TOTAL_FORMS"' in page and 'name="action_items-TOTAL_FORMS"' in page


def test_members_other_than_the_secretariat_get_no_meetings_admin(login_as, director):
    response = login_as(director).get("/en/admin/meetings/meeting/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_add_a_meeting_with_agenda_invitees_and_action_items(login_as, secretariat, director, entity, other_entity):
    client = login_as(secretariat)
    response = client.post("/en/admin/meetings/meeting/add/", meeting_post(
        title="Knowledge session", invite_all_members="",
        agenda=[{"position": "1", "title_ar": "حملة دبي تبادر", "title_en": "Dubai Can", "presenter_entity": entity.pk,
                 "planned_minutes": "20"}],
        invitees=[{"entity": other_entity.pk}, {"person": director.pk}],
        actions=[{"kind": "action", "status": "open", "text_ar": "مشاركة النتائج", "owner_entity": entity.pk}],
    ))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    meeting = Meeting.objects.get(title_en="Knowledge session")
    assert not meeting.invite_all_members
    assert list(meeting.agenda_items.values_list("title_en", "presenter_entity")) == [("Dubai Can", entity.pk)]
    assert sorted(map(str, Invitee.objects.filter(meeting=meeting))) == sorted([str(other_entity), str(director)])
    assert list(meeting.action_items.values_list("text_ar", "status")) == [("مشاركة النتائج", "open")]
    # The services wrote the audit entries, each once, by the secretariat member.
    entries = AuditEntry.objects.filter(actor=secretariat, target_type__startswith="meetings").values_list("action", "target_type")
    assert sorted(entries) == sorted([
        ("created", "meetings.meeting"), ("updated", "meetings.meeting"),  # the invitees
        ("created", "meetings.agendaitem"), ("created", "meetings.actionitem"),
    ])


def test_change_inlines_and_capacity_promotes_the_wait_list(login_as, secretariat, entity, users):
    meeting = make_meeting(capacity=1)
    item = services.agenda_item_save(meeting=meeting, data={"title_ar": "بند قديم"}, acting_user=secretariat)
    action = services.action_item_create(meeting=meeting, kind="action", text_ar="مهمة", acting_user=secretariat)
    services.rsvp_respond(meeting=meeting, person=users["director"], response="attending", acting_user=users["director"])
    services.rsvp_respond(meeting=meeting, person=users["team"], response="attending", acting_user=users["team"])
    assert meeting.rsvps.wait_list().count() == 1
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    data = meeting_post(
        capacity="2", starts_at_0=start.strftime("%Y-%m-%d"), starts_at_1=start.strftime("%H:%M:%S"),
        ends_at_0=end.strftime("%Y-%m-%d"), ends_at_1=end.strftime("%H:%M:%S"),
    )
    data.update(inline("agenda_items", [{"id": item.pk, "meeting": meeting.pk, "position": "1", "title_ar": "بند جديد", "DELETE": ""}], initial=1))
    data.update(inline("action_items", [{"id": action.pk, "meeting": meeting.pk, "kind": "action", "status": "done", "text_ar": "مهمة"}], initial=1))
    response = login_as(secretariat).post(f"/en/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.title_ar == "بند جديد"
    assert action.status == "done" and action.closed_at is not None
    assert not meeting.rsvps.wait_list().exists()


def test_bad_meeting_input_is_a_form_error_and_stores_nothing(login_as, secretariat, director, entity):
    client = login_as(secretariat)
    cases = [
        meeting_post(title="Ends first", ends_at_1="09:00:00"),
        meeting_post(title="Both", invitees=[{"person": director.pk, "entity": entity.pk}]),
        meeting_post(title="Long", agenda=[{"position": "1", "title_ar": "ب" * 301}]),
        meeting_post(title="Rating", capacity="-3"),
        meeting_post(title="Formula", actions=[{"kind": "task", "status": "open", "text_ar": "x"}]),
    ]
    for data in cases:
        response = client.post("/en/admin/meetings/meeting/add/", data)
        assert response.status_code == 200, data["title_en"]
        assert response.context["errors"], data["title_en"]
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists() and not AuditEntry.objects.filter(target_type__startswith="meetings").exists()


def test_script_in_a_title_is_escaped_in_the_list(login_as, secretariat):
    make_meeting(title_en='<script>alert(1)</script>"><img src=x onerror=alert(2)>')
    body = login_as(secretariat).get("/en/admin/meetings/meeting/").content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body


def test_rsvp_admin_goes_through_the_service_and_refusals_are_form_errors(login_as, secretariat, director, other_director, entity):
    meeting = make_meeting()
    client = login_as(secretariat)
    refused = client.post("/en/admin/meetings/rsvp/add/", {
        "meeting": meeting.pk, "person": director.pk, "response": "delegate", "delegate": other_director.pk,
    })
    assert refused.status_code == 200
    assert "Your delegate must be an active member of your own entity." in refused.content.decode()
    assert not Rsvp.objects.exists()
    colleague = make_user("colleague@test.gcn.ae", Role.TEAM, entity)
    saved = client.post("/en/admin/meetings/rsvp/add/", {
        "meeting": meeting.pk, "person": director.pk, "response": "delegate", "delegate": colleague.pk,
    })
    assert saved.status_code == 302
    assert Rsvp.objects.get(person=colleague).on_behalf_of == director
    # Deleting the delegator's reply takes the delegate's with it.
    reply = Rsvp.objects.get(person=director)
    response = client.post("/en/admin/meetings/rsvp/", {"action": "withdraw", "_selected_action": [reply.pk]})
    assert response.status_code == 302 and not Rsvp.objects.exists()


def test_attendance_admin_checks_in_and_refuses_before_the_day(login_as, secretariat, director):
    meeting = make_meeting(days=0)
    client = login_as(secretariat)
    refused = client.post("/en/admin/meetings/attendance/add/", {"meeting": make_meeting(days=3).pk, "person": director.pk})
    assert refused.status_code == 200 and "Attendance can be recorded from the day of the meeting." in refused.content.decode()
    assert not Attendance.objects.exists()
    assert client.post("/en/admin/meetings/attendance/add/", {"meeting": meeting.pk, "person": director.pk}).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.entity, attendance.checked_in_by) == (director.entity, secretariat)
    assert client.post(f"/en/admin/meetings/attendance/{attendance.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Attendance.objects.exists()


def test_minutes_publish_approve_lock_and_comments_hidden(login_as, secretariat, director):
    client = login_as(secretariat)
    future = make_meeting()
    refused = client.post("/en/admin/meetings/minutes/add/", {"meeting": future.pk, "text_ar": "محضر", "text_en": "", "change_note": "", **inline("comments")})
    assert refused.status_code == 200 and "Minutes can be published once the meeting has started." in refused.content.decode()
    past = make_meeting(days=-1)
    assert client.post("/en/admin/meetings/minutes/add/", {"meeting": past.pk, "text_ar": "محضر", "text_en": "", "change_note": "", **inline("comments")}).status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.version, minutes.status, minutes.published_by) == (1, "for_comment", secretariat)
    comment = services.minutes_comment(minutes=minutes, author=director, text="ملاحظة")
    response = client.post("/en/admin/meetings/minutescomment/", {"action": "hide", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden

    response = client.post("/en/admin/meetings/minutes/", {"action": "approve", "_selected_action": [minutes.pk]}, follow=True)
    assert "1 version of the minutes was approved." in [str(m) for m in response.context["messages"]]
    # Approved: read only; a second approval is refused with a message, not a 500.
    page = client.get(f"/en/admin/meetings/minutes/{minutes.pk}/change/")
    assert page.status_code == 200 and 'name="text_ar"' not in page.content.decode()
    response = client.post("/en/admin/meetings/minutes/", {"action": "approve", "_selected_action": [minutes.pk]}, follow=True)
    assert any("Only minutes open for comments can be approved." in str(m) for m in response.context["messages"])
    assert client.post(f"/en/admin/meetings/minutes/{minutes.pk}/change/", {"text_ar": "تغيير"}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.text_ar == "محضر"


def test_action_item_actions_and_feedback_average(login_as, secretariat, director, team_member):
    meeting = make_meeting(days=-1, kind="workshop")
    item = services.action_item_create(meeting=meeting, kind="action", text_ar="مهمة", acting_user=secretariat)
    client = login_as(secretariat)
    client.post("/en/admin/meetings/actionitem/", {"action": "mark_done", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == "done" and item.closed_at
    for person, rating in ((director, 5), (team_member, 4)):
        services.attendance_check_in(meeting=meeting, person=person, acting_user=secretariat)
        services.feedback_give(meeting=meeting, person=person, rating=rating)
    response = client.get("/en/admin/meetings/feedback/")
    assert "Average 4.5 of 5 from 2 participants." in [str(m) for m in response.context["messages"]]
    assert client.post(f"/en/admin/meetings/feedback/{Feedback.objects.first().pk}/change/", {"rating": "1"}).status_code == 403
    listing = client.get("/en/admin/meetings/meeting/").content.decode()
    assert "4.5" in listing
