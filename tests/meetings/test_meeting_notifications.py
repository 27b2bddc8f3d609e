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
    response = client.post("/en/admin/meetings/meeting/add/", {
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
