"""Meetings tell their invitees: new, changed, cancelled. The services queue one job (saving in
admin stays fast); the worker notifies the directory and the meeting's guests in bulk."""
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings import notifications as meeting_notifications
from meetings import services
from meetings.models import Meeting
from members.models import Role
from portal.models import AuditEntry
from portal.notifications.models import Notification
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def data(title="Network meeting", days=3, **extra):
    start = timezone.now() + timedelta(days=days)
    return {"title_ar": f"اجتماع {title}", "title_en": title, "starts_at": start, "ends_at": start + timedelta(hours=2),
            "location_ar": "دبي", "location_en": "Dubai", **extra}


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def fan_out_jobs():
    return DBTaskResult.objects.filter(task_path=meeting_notifications.notify_invitees.module_path)


def test_a_new_meeting_is_one_job_then_every_member_and_its_guests_are_told(users, guest, secretariat, run_tasks, django_assert_max_num_queries):
    other_guest = make_user("guest2@test.gcn.ae", Role.GUEST)

    # Saving costs a bounded number of queries (the search index's included) whoever is invited:
    # the fan-out is the worker's.
    with django_assert_max_num_queries(16):
        meeting = services.meeting_create(data=data(), guests=[guest], acting_user=secretariat)
    assert fan_out_jobs().count() == 1 and Notification.objects.count() == 0

    run_tasks()

    # Every member in the directory but the secretariat member who made it, and the invited guest only.
    assert told(meeting_notifications.NEW) == [
        "director2@test.gcn.ae", "director@test.gcn.ae", "guest@test.gcn.ae", "team@test.gcn.ae",
    ]
    assert other_guest.pk not in Notification.objects.values_list("recipient_id", flat=True)
    notification = Notification.objects.get(recipient=guest)
    assert (notification.url_name, notification.url_args) == ("meetings:detail", [meeting.pk])
    assert AuditEntry.objects.filter(action="created", target_type="meetings.meeting", target_id=str(meeting.pk)).count() == 1


def test_changing_the_time_tells_the_invitees_and_a_summary_edit_does_not(users, secretariat, director, run_tasks):
    meeting = services.meeting_create(data=data(), acting_user=secretariat)
    run_tasks()

    services.meeting_update(meeting=meeting, data={"summary_en": "New agenda"}, acting_user=secretariat)
    run_tasks()
    assert told(meeting_notifications.CHANGED) == []

    later = meeting.starts_at + timedelta(days=1)
    services.meeting_update(meeting=meeting, data={"starts_at": later, "ends_at": later + timedelta(hours=1)}, acting_user=secretariat)
    run_tasks()
    assert "director@test.gcn.ae" in told(meeting_notifications.CHANGED)
    notification = Notification.objects.get(kind=meeting_notifications.CHANGED, recipient=director)
    assert notification.context["changes"] == ["time"]


def test_a_guest_added_hears_of_the_meeting_as_new_and_only_of_it(users, guest, secretariat, run_tasks):
    meeting = services.meeting_create(data=data(), acting_user=secretariat)
    run_tasks()
    assert guest.pk not in Notification.objects.values_list("recipient_id", flat=True)

    services.meeting_update(meeting=meeting, data={"location_en": "Expo City"}, guests=[guest], acting_user=secretariat)
    run_tasks()

    assert list(Notification.objects.filter(recipient=guest).values_list("kind", flat=True)) == [meeting_notifications.NEW]
    assert "guest@test.gcn.ae" not in told(meeting_notifications.CHANGED)
    assert "director@test.gcn.ae" in told(meeting_notifications.CHANGED)


def test_cancelling_keeps_the_meeting_marks_it_and_tells_the_invitees(login_as, users, guest, secretariat, run_tasks):
    meeting = services.meeting_create(data=data(), guests=[guest], acting_user=secretariat)
    run_tasks()

    assert services.meeting_cancel(meeting=meeting, acting_user=secretariat) is True
    assert services.meeting_cancel(meeting=meeting, acting_user=secretariat) is False  # once only
    run_tasks()

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert told(meeting_notifications.CANCELLED) == [
        "director2@test.gcn.ae", "director@test.gcn.ae", "guest@test.gcn.ae", "team@test.gcn.ae",
    ]
    page = login_as(guest).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert 'id="meeting-cancelled"' in page and "This meeting has been cancelled." in page
    # Later edits of a cancelled meeting tell nobody.
    services.meeting_update(meeting=meeting, data={"location_en": "Elsewhere"}, acting_user=secretariat)
    run_tasks()
    assert told(meeting_notifications.CHANGED) == []


def test_nobody_is_told_about_a_meeting_that_has_ended(users, secretariat, run_tasks):
    services.meeting_create(data=data(days=-10), acting_user=secretariat)
    run_tasks()
    assert Notification.objects.count() == 0 and fan_out_jobs().count() == 0


def test_admin_saves_through_the_services_and_cancels_with_its_action(login_as, users, guest, secretariat, run_tasks):
    client = login_as(secretariat)
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    # The inlines (agenda, invitees, action items) left empty.
    inlines = {}
    for inline in client.get("/en/admin/meetings/meeting/add/").context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        inlines.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post("/en/admin/meetings/meeting/add/", {**inlines,
        "title_ar": "اجتماع الشبكة", "title_en": "Network meeting", "kind": "network_meeting", "status": "scheduled",
        "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": "10:00:00",
        "ends_at_0": start.strftime("%Y-%m-%d"), "ends_at_1": "12:00:00",
        "location_ar": "", "location_en": "", "summary_ar": "", "summary_en": "", "guests": [guest.pk],
    })
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    meeting = Meeting.objects.get(title_en="Network meeting")
    assert list(meeting.guests.all()) == [guest]
    # One audit entry, the service's (not a second one from admin).
    assert AuditEntry.objects.filter(target_type="meetings.meeting", target_id=str(meeting.pk)).count() == 1
    run_tasks()
    assert "guest@test.gcn.ae" in told(meeting_notifications.NEW)

    response = client.post("/en/admin/meetings/meeting/", {"action": "cancel_meetings", "_selected_action": [meeting.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "1 meeting was cancelled; its invitees will be told."
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    run_tasks()
    assert "guest@test.gcn.ae" in told(meeting_notifications.CANCELLED)


def test_admin_delete_goes_through_the_service(login_as, users, director, secretariat, run_tasks):
    meeting = services.meeting_create(data=data(), acting_user=secretariat)
    run_tasks()
    assert Notification.objects.filter(recipient=director).exists()

    response = login_as(secretariat).post(f"/en/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Notification.objects.filter(recipient=director).exists()
    assert AuditEntry.objects.filter(action="deleted", target_type="meetings.meeting").count() == 1


# The kinds core's services call, and the reminders on the schedule ------------------------------

from datetime import datetime, time  # noqa: E402

from icalendar import Calendar  # noqa: E402

from meetings import tasks as meeting_tasks  # noqa: E402
from meetings.models import ActionItem, Attendance, Invitee, Minutes, Rsvp  # noqa: E402
from portal.notifications.models import Recipient  # noqa: E402
from portal.tasks import periodic  # noqa: E402


def meeting_on(day_offset, *, hour=10, **extra):
    day = timezone.localdate() + timedelta(days=day_offset)
    start = timezone.make_aware(datetime.combine(day, time(hour)))
    return Meeting.objects.create(**{**data(), "starts_at": start, "ends_at": start + timedelta(hours=2), **extra})


def recipients_of(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_invitation_e_mail_carries_the_meeting_ics_in_the_readers_language(director, secretariat, deliver, mailoutbox):
    Recipient.objects.create(user=director, language="en")
    with deliver():
        meeting = services.meeting_create(data=data("Media forum"), acting_user=secretariat)

    message = next(m for m in mailoutbox if m.to == ["director@test.gcn.ae"])
    (filename, content, mimetype), = message.attachments
    assert filename == f"meeting-{meeting.pk}.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Media forum" and event["SEQUENCE"] == meeting.sequence
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"


def test_a_meeting_of_chosen_invitees_tells_only_them(users, director, team_member, other_director, guest, secretariat, entity, run_tasks):
    meeting = Meeting.objects.create(**data(), invite_all_members=False)
    Invitee.objects.create(meeting=meeting, entity=entity)
    meeting.guests.add(guest)
    meeting_notifications.queue(meeting_notifications.NEW, meeting, acting_user=secretariat)
    run_tasks()
    assert recipients_of(meeting_notifications.NEW) == {director.pk, team_member.pk, guest.pk}

    Invitee.objects.create(meeting=meeting, person=other_director)
    assert set(meeting_notifications.invitees(meeting)) == {director, team_member, guest, other_director}


def test_promoted_from_the_wait_list_tells_that_person_with_the_ics(director, secretariat, deliver, mailoutbox):
    meeting = Meeting.objects.create(**data(), capacity=1)
    rsvp = Rsvp.objects.create(meeting=meeting, person=director, response=Rsvp.Response.ATTENDING)
    with deliver():
        meeting_notifications.queue_promoted(rsvp, acting_user=secretariat)
    notification = Notification.objects.get(kind=meeting_notifications.PROMOTED)
    assert notification.recipient == director and notification.url_args == [meeting.pk]
    with translation_override("en"):
        assert str(notification.title) == "A place is yours: Network meeting"
    assert mailoutbox[-1].to == ["director@test.gcn.ae"] and mailoutbox[-1].attachments


def test_a_document_added_tells_who_comes_and_guests_only_of_shared_documents(
    users, director, team_member, other_director, guest, secretariat, run_tasks,
):
    meeting = Meeting.objects.create(**data())
    meeting.guests.add(guest)
    Rsvp.objects.create(meeting=meeting, person=director, response=Rsvp.Response.ATTENDING)
    Rsvp.objects.create(meeting=meeting, person=other_director, response=Rsvp.Response.NOT_ATTENDING)
    Rsvp.objects.create(meeting=meeting, person=guest, response=Rsvp.Response.MAYBE)

    class Unshared:
        title_ar, title_en, shared_with_guests = "عرض تقديمي", "Presentation", False

    meeting_notifications.queue_document_added(Unshared(), meeting, acting_user=secretariat)
    run_tasks()
    # A network meeting's directory hears only once they say they come; the guest not of an unshared file.
    assert recipients_of(meeting_notifications.DOCUMENT_ADDED) == {director.pk}

    class Shared(Unshared):
        shared_with_guests = True

    Notification.objects.all().delete()
    meeting_notifications.queue_document_added(Shared(), meeting)
    run_tasks()
    assert recipients_of(meeting_notifications.DOCUMENT_ADDED) == {director.pk, guest.pk}
    notification = Notification.objects.get(kind=meeting_notifications.DOCUMENT_ADDED, recipient=director)
    with translation_override("en"):
        assert str(notification.title) == "New document: Presentation"
    with translation_override("ar"):
        assert "عرض تقديمي" in str(notification.title)


def test_an_action_item_is_told_to_its_person_or_its_entitys_director(
    users, director, team_member, other_director, entity, other_entity, secretariat, run_tasks,
):
    meeting = Meeting.objects.create(**data(days=-7))
    for_person = ActionItem.objects.create(meeting=meeting, text_ar="إعداد التقرير", text_en="Prepare the report", owner_person=team_member)
    for_entity = ActionItem.objects.create(meeting=meeting, text_ar="نشر الحملة", owner_entity=other_entity,
                                           due_on=timezone.localdate() + timedelta(days=5))
    decision = ActionItem.objects.create(meeting=meeting, kind=ActionItem.Kind.DECISION, text_ar="قرار", owner_entity=entity)
    for item in (for_person, for_entity, decision):
        meeting_notifications.queue_action_assigned(item, acting_user=secretariat)
    run_tasks()

    told = Notification.objects.filter(kind=meeting_notifications.ACTION_ASSIGNED)
    assert {(n.recipient_id, n.context["item_id"]) for n in told} == {(team_member.pk, for_person.pk), (other_director.pk, for_entity.pk)}
    with translation_override("en"):
        notification = told.get(recipient=other_director)
        # The English text is empty: the Arabic one stands in.
        assert str(notification.title) == "Action item for you: نشر الحملة"
        assert "Due: " in str(notification.body)


def test_minutes_ready_for_comment_tell_the_invited_members_not_guests(users, director, guest, secretariat, run_tasks):
    meeting = Meeting.objects.create(**data(days=-2))
    meeting.guests.add(guest)
    minutes = Minutes.objects.create(meeting=meeting, text_ar="المحضر", comments_until=timezone.localdate() + timedelta(days=7))
    meeting_notifications.queue_minutes_ready(minutes, acting_user=secretariat)
    run_tasks()
    told = recipients_of(meeting_notifications.MINUTES_READY)
    assert director.pk in told and guest.pk not in told and secretariat.pk not in told
    with translation_override("en"):
        assert "Comments are open until" in str(Notification.objects.filter(kind=meeting_notifications.MINUTES_READY).first().body)


def translation_override(language):
    from django.utils import translation

    return translation.override(language)


def test_reply_reminders_go_to_invitees_without_a_reply_once(users, director, team_member, other_director, guest, run_tasks):
    in_three_days = meeting_on(meeting_tasks.RSVP_REMINDER_DAYS)
    in_three_days.guests.add(guest)
    meeting_on(meeting_tasks.RSVP_REMINDER_DAYS, status=Meeting.Status.CANCELLED)
    meeting_on(meeting_tasks.RSVP_REMINDER_DAYS + 1)
    Rsvp.objects.create(meeting=in_three_days, person=director, response=Rsvp.Response.NOT_ATTENDING)

    meeting_tasks.send_rsvp_reminders.enqueue()
    run_tasks()
    told = Notification.objects.filter(kind=meeting_notifications.RSVP_REMINDER)
    assert {n.target_id for n in told} == {str(in_three_days.pk)}
    assert set(told.values_list("recipient_id", flat=True)) >= {team_member.pk, other_director.pk, guest.pk}
    assert director.pk not in set(told.values_list("recipient_id", flat=True))

    count = told.count()
    meeting_tasks.send_rsvp_reminders.enqueue()  # a retry of the same day
    run_tasks()
    assert told.count() == count


def test_the_day_before_reminder_skips_those_who_declined_or_wait(users, director, team_member, other_director, secretariat, run_tasks):
    tomorrow = meeting_on(1)
    meeting_on(2)
    Rsvp.objects.create(meeting=tomorrow, person=director, response=Rsvp.Response.DELEGATE, delegate=team_member)
    Rsvp.objects.create(meeting=tomorrow, person=team_member, response=Rsvp.Response.ATTENDING, on_behalf_of=director)
    Rsvp.objects.create(meeting=tomorrow, person=other_director, response=Rsvp.Response.ATTENDING, wait_listed_at=timezone.now())

    meeting_tasks.send_meeting_reminders.enqueue()
    run_tasks()
    told = recipients_of(meeting_notifications.REMINDER)
    assert team_member.pk in told and secretariat.pk in told
    assert director.pk not in told and other_director.pk not in told
    with translation_override("en"):
        assert str(Notification.objects.filter(kind=meeting_notifications.REMINDER).first().title) == "Tomorrow: Network meeting"


def test_action_items_due_tomorrow_remind_their_owners(users, team_member, other_director, other_entity, run_tasks):
    meeting = Meeting.objects.create(**data(days=-30))
    tomorrow = timezone.localdate() + timedelta(days=1)
    due = ActionItem.objects.create(meeting=meeting, text_ar="متابعة", owner_person=team_member, due_on=tomorrow)
    ActionItem.objects.create(meeting=meeting, text_ar="مغلق", owner_person=team_member, due_on=tomorrow, status=ActionItem.Status.DONE)
    ActionItem.objects.create(meeting=meeting, text_ar="لاحقاً", owner_entity=other_entity, due_on=tomorrow + timedelta(days=1))
    for _ in range(2):  # the second run (a retry) tells nobody twice
        meeting_tasks.send_action_due_reminders.enqueue()
        run_tasks()
    told = Notification.objects.filter(kind=meeting_notifications.ACTION_DUE)
    assert [(n.recipient_id, n.context["item_id"]) for n in told] == [(team_member.pk, due.pk)]


def test_the_reminders_are_on_the_schedule():
    jobs = dict(periodic.items())
    assert (jobs["meetings_reminders"].task, jobs["meetings_reminders"].hour) == (meeting_tasks.send_meeting_reminders, 10)
    assert jobs["meetings_rsvp_reminders"].task == meeting_tasks.send_rsvp_reminders
    assert jobs["meetings_action_due"].task == meeting_tasks.send_action_due_reminders


def test_checked_in_people_hear_of_documents_after_the_meeting(users, team_member, secretariat, run_tasks):
    meeting = Meeting.objects.create(**data(days=-1))
    Attendance.objects.create(meeting=meeting, person=team_member)

    class Report:
        title_ar, title_en, shared_with_guests = "التقرير", "Report", False

    meeting_notifications.queue_document_added(Report(), meeting)
    run_tasks()
    assert recipients_of(meeting_notifications.DOCUMENT_ADDED) == {team_member.pk}


def test_the_services_tell_through_these_kinds(users, director, team_member, other_director, entity, secretariat, run_tasks):
    meeting = services.meeting_create(data=data(capacity=1), acting_user=secretariat)
    services.rsvp_respond(meeting=meeting, person=director, response=Rsvp.Response.ATTENDING, acting_user=director)
    services.rsvp_respond(meeting=meeting, person=other_director, response=Rsvp.Response.ATTENDING, acting_user=other_director)
    services.rsvp_respond(meeting=meeting, person=director, response=Rsvp.Response.NOT_ATTENDING, acting_user=director)
    services.action_item_create(meeting=meeting, kind=ActionItem.Kind.ACTION, text_ar="متابعة", owner_entity=entity,
                                acting_user=secretariat)
    held = services.meeting_create(data=data(days=-1), acting_user=secretariat)
    services.minutes_publish(meeting=held, text_ar="المحضر", acting_user=secretariat)
    run_tasks()

    assert recipients_of(meeting_notifications.PROMOTED) == {other_director.pk}
    assert recipients_of(meeting_notifications.ACTION_ASSIGNED) == {director.pk}
    assert {director.pk, team_member.pk, other_director.pk} <= recipients_of(meeting_notifications.MINUTES_READY)
