"""The notification service: bulk storage, e-mail choices, e-mails in each language, the digest,
retries while the mail server is down, the pending command, guests, and the notification centre."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meetings import notifications as meeting_notifications
from meetings.models import Meeting
from members.models import Role, User
from portal.models import AuditEntry
from portal.notifications import kinds, services
from portal.notifications.kinds import Delivery
from portal.notifications.models import Notification, Preference, Recipient
from portal.notifications.services import notify
from portal.notifications.tasks import send_daily_digests, send_notification_emails
from tests.conftest import make_user
from tests.portal import mail_backends

pytestmark = pytest.mark.django_db

NEW = meeting_notifications.NEW
CANCELLED = meeting_notifications.CANCELLED
CENTRE = "/en/notifications/"


def make_meeting(title="Media forum", days=3, guests=()):
    start = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(
        title_ar=f"ملتقى {title}", title_en=title, starts_at=start, ends_at=start + timedelta(hours=2),
        location_ar="دبي", location_en="Dubai",
    )
    meeting.guests.set(guests)
    return meeting


def many_members(entity, count):
    return User.objects.bulk_create(
        User(email=f"m{i}@bulk.gcn.ae", password="!", role=Role.TEAM, entity=entity, name_ar=f"عضو {i}", name_en=f"Member {i}")
        for i in range(count)
    )


def choose(user, kind, delivery):
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def jobs(task):
    return DBTaskResult.objects.filter(task_path=task.module_path)


# Storing in bulk --------------------------------------------------------------------------------

def test_notify_stores_500_notifications_in_a_fixed_number_of_queries(entity, django_assert_num_queries):
    meeting = make_meeting()
    few = many_members(entity, 5)
    notify(few[:1], NEW, meeting)  # warm-up: the content type is cached once per process
    # recipients (with the audience's guest list), e-mail choices, savepoint, bulk insert, the one
    # e-mail job, release: the same for 5 and for 500.
    with django_assert_num_queries(7):
        assert len(notify(few, NEW, meeting)) == 5
    lots = many_members_more(entity, 500)
    for user in lots[:100]:
        choose(user, NEW, Delivery.DAILY)
    with django_assert_num_queries(7):
        created = notify(User.objects.filter(email__endswith="@more.gcn.ae"), NEW, meeting)
    assert len(created) == 500
    assert Notification.objects.filter(kind=NEW, recipient__email__endswith="@more.gcn.ae").count() == 500
    assert Notification.objects.filter(recipient__in=lots[:100], email=Delivery.DAILY).count() == 100
    # One job for the 400 who want their e-mail now, carrying their notifications' ids.
    job = jobs(send_notification_emails).order_by("-enqueued_at").first()
    assert sorted(job.args_kwargs["args"][0]) == sorted(n.pk for n in created if n.email == Delivery.IMMEDIATELY)
    assert len(job.args_kwargs["args"][0]) == 400


def many_members_more(entity, count):
    return User.objects.bulk_create(
        User(email=f"x{i}@more.gcn.ae", password="!", role=Role.TEAM, entity=entity, name_en=f"X {i}")
        for i in range(count)
    )


def test_unknown_kind_is_refused(director):
    with pytest.raises(LookupError):
        notify([director], "nobody.registered_this", director)


def test_inactive_users_and_the_actor_are_not_notified(director, team_member, secretariat):
    User.objects.filter(pk=team_member.pk).update(is_active=False)
    meeting = make_meeting()
    created = notify([director, team_member, secretariat], NEW, meeting, actor=secretariat)
    assert [n.recipient_id for n in created] == [director.pk]


# Guests ---------------------------------------------------------------------------------------

def test_guests_receive_only_what_concerns_their_meeting(users, guest):
    invited = make_meeting("Invited", guests=[guest])
    other = make_meeting("Not invited")
    everyone = [user for user in users.values() if user is not None]

    assert guest.pk in {n.recipient_id for n in notify(everyone, NEW, invited)}
    assert guest.pk not in {n.recipient_id for n in notify(everyone, NEW, other)}
    assert list(Notification.objects.filter(recipient=guest).values_list("target_id", flat=True)) == [str(invited.pk)]


@pytest.mark.parametrize("role", ["secretariat", "director", "team", "other_director", "guest"])
def test_meeting_audience_agrees_with_the_meeting_rule(users, role):
    user = users[role]
    for meeting in (make_meeting("Invited", guests=[users["guest"]]), make_meeting("Closed")):
        assert meeting_notifications.meeting_audience(meeting)(user) == user.has_perm("meetings.view_meeting", meeting)


# E-mail choices -----------------------------------------------------------------------------------

def test_each_choice_is_honoured(entity, run_tasks, mailoutbox):
    now_user = make_user("now@test.gcn.ae", Role.TEAM, entity)
    daily_user = make_user("daily@test.gcn.ae", Role.TEAM, entity)
    off_user = make_user("off@test.gcn.ae", Role.TEAM, entity)
    choose(daily_user, NEW, Delivery.DAILY)
    choose(off_user, NEW, Delivery.OFF)
    meeting = make_meeting()

    notify([now_user, daily_user, off_user], NEW, meeting)
    run_tasks()

    # Everyone has it in the portal; only the "immediately" person has had an e-mail.
    assert Notification.objects.filter(kind=NEW).count() == 3
    assert [message.to for message in mailoutbox] == [["now@test.gcn.ae"]]
    state = dict(Notification.objects.values_list("recipient__email", "email"))
    assert state == {"now@test.gcn.ae": "immediately", "daily@test.gcn.ae": "daily", "off@test.gcn.ae": "off"}
    assert Notification.objects.get(recipient=now_user).email_sent_at is not None
    assert Notification.objects.get(recipient=daily_user).email_sent_at is None

    send_daily_digests.enqueue()
    run_tasks()
    assert [message.to for message in mailoutbox] == [["now@test.gcn.ae"], ["daily@test.gcn.ae"]]
    assert Notification.objects.get(recipient=daily_user).email_sent_at is not None
    assert Notification.objects.email_pending().count() == 0


# The e-mails --------------------------------------------------------------------------------------

def test_email_in_arabic_is_right_to_left_with_a_plain_text_alternative(director, run_tasks, mailoutbox):
    meeting = make_meeting("Media <b>forum</b>")
    notify([director], NEW, meeting)
    run_tasks()

    [message] = mailoutbox
    link = f"http://127.0.0.1:8000/ar/meetings/{meeting.pk}/"
    assert message.subject == "[GCN] اجتماع جديد: ملتقى Media <b>forum</b>"
    assert link in message.body and "اجتماع جديد: ملتقى Media <b>forum</b>" in message.body
    assert "<" not in message.body.replace("<b>", "").replace("</b>", "")  # plain text, no markup of ours
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert "text-align:right" in html
    assert "ملتقى Media &lt;b&gt;forum&lt;/b&gt;" in html  # escaped
    assert f'href="{link}"' in html
    assert "الشبكة الحكومية للاتصال" in html or "شبكة" in html
    assert "http://127.0.0.1:8000/ar/notifications/preferences/" in html
    assert not re.search(r"<img|@import|fonts\.googleapis|<link", html)


def test_email_in_english_for_whoever_chose_english(director, run_tasks, mailoutbox):
    Recipient.objects.create(user=director, language="en")
    meeting = make_meeting("Media forum")
    notify([director], NEW, meeting)
    run_tasks()

    [message] = mailoutbox
    link = f"http://127.0.0.1:8000/en/meetings/{meeting.pk}/"
    assert message.subject == "[GCN] New meeting: Media forum"
    assert link in message.body
    [(html, _mimetype)] = message.alternatives
    assert '<html lang="en" dir="ltr">' in html and "text-align:left" in html
    assert "Government Communication Network" in html and f'href="{link}"' in html


def test_digest_groups_each_persons_notifications_by_kind(director, secretariat, run_tasks, mailoutbox):
    Recipient.objects.create(user=director, language="en")
    for kind in (NEW, CANCELLED):
        choose(director, kind, Delivery.DAILY)
    first, second, third = make_meeting("First"), make_meeting("Second"), make_meeting("Third")
    notify([director], NEW, first)
    notify([director], CANCELLED, third)
    notify([director], NEW, second)
    run_tasks()
    assert mailoutbox == []

    send_daily_digests.enqueue()
    run_tasks()

    [message] = mailoutbox
    assert message.to == ["director@test.gcn.ae"]
    assert message.subject == "[GCN] Your daily summary: 3 new notifications"
    body = message.body
    # Kinds in their registered order, each with its own notifications, oldest first.
    assert body.index("New meeting (2)") < body.index("- New meeting: First") < body.index("- New meeting: Second")
    assert body.index("- New meeting: Second") < body.index("Meeting cancelled (1)") < body.index("- Meeting cancelled: Third")
    [(html, _mimetype)] = message.alternatives
    assert html.count("<h2") == 2
    # A second run has nothing left to send.
    send_daily_digests.enqueue()
    run_tasks()
    assert len(mailoutbox) == 1


def test_digest_is_on_the_schedule_at_seven_dubai_time():
    from portal.tasks import periodic

    jobs_by_name = dict(periodic.items())
    assert jobs_by_name["notification_digests"].cron_line() == "0 7 * * *"
    assert jobs_by_name["notification_digests"].task is send_daily_digests


# The mail server down -----------------------------------------------------------------------------

def test_an_email_job_is_retried_after_the_mail_server_failed_then_delivered(director, settings, run_tasks, mailoutbox):
    settings.EMAIL_BACKEND = "tests.portal.mail_backends.DownThenUp"
    mail_backends.DownThenUp.failures, mail_backends.DownThenUp.refused = 1, 0
    meeting = make_meeting()
    [notification] = notify([director], NEW, meeting)

    run_tasks()

    [job] = jobs(send_notification_emails)
    assert job.status == TaskResultStatus.READY  # back in the queue ...
    assert job.run_after > timezone.now() + timedelta(seconds=20)  # ... after its back-off
    assert "SMTPServerDisconnected" in job.exception_class_path
    notification.refresh_from_db()
    assert (notification.email_sent_at, mailoutbox) == (None, [])
    assert Notification.objects.email_pending().count() == 1

    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now())
    run_tasks()

    job.refresh_from_db()
    notification.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert notification.email_sent_at is not None
    assert [message.to for message in mailoutbox] == [["director@test.gcn.ae"]]


def test_notifications_pending_lists_and_resends(director, team_member, settings, run_tasks, mailoutbox, capsys):
    settings.EMAIL_BACKEND = "tests.portal.mail_backends.DownThenUp"
    mail_backends.DownThenUp.failures, mail_backends.DownThenUp.refused = 100, 0
    choose(team_member, NEW, Delivery.DAILY)
    notify([director, team_member], NEW, make_meeting())
    run_tasks()

    call_command("notifications_pending", "--list")
    out = capsys.readouterr().out
    assert re.search(r"daily\s+meetings\.new\s+1", out) and re.search(r"immediately\s+meetings\.new\s+1", out)
    assert "2 notification e-mail(s) pending." in out
    assert "director@test.gcn.ae" in out and "team@test.gcn.ae" in out

    mail_backends.DownThenUp.failures = 0  # the server is back
    DBTaskResult.objects.all().delete()
    call_command("notifications_pending", "--resend")
    assert "Queued again" in capsys.readouterr().out
    run_tasks()
    assert sorted(message.to[0] for message in mailoutbox) == ["director@test.gcn.ae", "team@test.gcn.ae"]
    call_command("notifications_pending")
    assert "0 notification e-mail(s) pending." in capsys.readouterr().out


# The notification centre --------------------------------------------------------------------------

def bell(response):
    match = re.search(r'id="unread-count"[^>]*>([^<]+)<', response.content.decode())
    return match.group(1) if match else None


def test_header_shows_the_unread_count_and_the_centre_lists_them(login_as, director):
    client = login_as(director)
    assert bell(client.get("/en/home/")) is None
    first, second = make_meeting("First"), make_meeting("Second")
    notify([director], NEW, first)
    notify([director], NEW, second)

    response = client.get(CENTRE)
    assert bell(response) == "2"
    assert "2 unread" in response.content.decode()
    assert [n.title for n in response.context["notifications"]] == ["New meeting: Second", "New meeting: First"]


def test_open_marks_read_and_leads_to_the_target_in_the_pages_language(login_as, director):
    meeting = make_meeting()
    [notification] = notify([director], NEW, meeting)
    client = login_as(director)
    assert bell(client.get("/ar/notifications/")) == "1"

    response = client.post(f"/ar/notifications/{notification.pk}/open/")

    assert (response.status_code, response["Location"]) == (302, f"/ar/meetings/{meeting.pk}/")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert bell(client.get("/ar/notifications/")) is None  # the cached count was dropped


def test_mark_one_and_all_read(login_as, director):
    made = [notify([director], NEW, make_meeting(f"M{i}"))[0] for i in range(3)]
    client = login_as(director)

    response = client.post(f"/en/notifications/{made[0].pk}/read/", {"filter": "unread"})
    assert (response.status_code, response["Location"]) == (302, "/en/notifications/?filter=unread")
    unread = client.get(CENTRE, {"filter": "unread"})
    assert [n.pk for n in unread.context["notifications"]] == [made[2].pk, made[1].pk]
    assert bell(unread) == "2"

    response = client.post("/en/notifications/read-all/", follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2 notifications were marked as read."]
    assert Notification.objects.filter(recipient=director, read_at__isnull=True).count() == 0
    assert bell(response) is None


def test_another_users_notification_is_not_found(login_as, director, other_director):
    [notification] = notify([director], NEW, make_meeting())
    client = login_as(other_director)
    assert client.post(f"/en/notifications/{notification.pk}/open/").status_code == 404
    assert client.post(f"/en/notifications/{notification.pk}/read/").status_code == 404
    assert client.get(CENTRE).context["page"].paginator.count == 0
    notification.refresh_from_db()
    assert notification.read_at is None


def test_actions_refuse_get_and_need_the_csrf_token(director):
    [notification] = notify([director], NEW, make_meeting())
    client = Client(enforce_csrf_checks=True)
    client.force_login(director, backend="members.backends.AuthenticationBackend")
    assert client.get(f"/en/notifications/{notification.pk}/open/").status_code == 405
    assert client.get("/en/notifications/read-all/").status_code == 405
    assert client.post(f"/en/notifications/{notification.pk}/open/").status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("page", ["-1", "abc", "999"])
def test_bad_page_numbers_are_harmless(login_as, director, page):
    notify([director], NEW, make_meeting())
    response = login_as(director).get(CENTRE, {"page": page, "filter": "<script>"})
    assert response.status_code == 200
    assert response.context["show"] == ""


def test_centre_paginates(login_as, director, entity):
    meeting = make_meeting()
    for _ in range(25):
        notify([director], NEW, meeting)
    client = login_as(director)
    assert len(client.get(CENTRE).context["notifications"]) == 20
    assert len(client.get(CENTRE, {"page": 2}).context["notifications"]) == 5


def test_deleting_a_meeting_withdraws_its_notifications(director, secretariat):
    from meetings.services import meeting_delete

    meeting = make_meeting()
    notify([director], NEW, meeting)
    meeting_delete(meeting=meeting, acting_user=secretariat)
    assert Notification.objects.filter(recipient=director).count() == 0
    assert services.unread_count(director) == 0


# Preferences ----------------------------------------------------------------------------------------

def test_preferences_page_offers_each_kind_as_a_radio_group(login_as, director):
    html = login_as(director).get("/ar/notifications/preferences/").content.decode()
    for kind in kinds.all_kinds():
        assert f'name="kind__{kind.name}"' in html
    assert html.count("<fieldset") == len(kinds.all_kinds()) + 1  # and the language of e-mails
    assert html.count("<legend") == html.count("<fieldset")
    # Defaults are chosen.
    assert re.search(r'name="kind__meetings\.new" value="immediately"[^>]*checked', html)
    assert re.search(r'name="language" value="ar"[^>]*checked', html)


def test_saving_preferences(login_as, director):
    data = {f"kind__{kind.name}": kind.default for kind in kinds.all_kinds()}
    data.update({"kind__meetings.new": "daily", "kind__meetings.cancelled": "off", "language": "en", "is_staff": "on"})
    response = login_as(director).post("/en/notifications/preferences/", data, follow=True)

    assert response.redirect_chain == [("/en/notifications/preferences/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Your notification settings were saved."]
    assert dict(Preference.objects.filter(user=director).exclude(delivery="immediately").values_list("kind", "delivery")) == {
        "meetings.new": "daily", "meetings.cancelled": "off",
    }
    assert Recipient.objects.get(user=director).language == "en"
    entry = AuditEntry.objects.get(target_type="members.user", details__fields=["notification_preferences"])
    assert entry.details["preferences"] == {"meetings.new": "daily", "meetings.cancelled": "off"}
    assert User.objects.get(pk=director.pk).is_staff is False


def test_bad_preferences_are_a_form_error_and_nothing_is_saved(login_as, director):
    response = login_as(director).post("/en/notifications/preferences/", {"kind__meetings.new": "hourly", "language": "fr"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"kind__meetings.new", "language"}
    assert not Preference.objects.filter(user=director).exists()
    assert not Recipient.objects.filter(user=director).exists()
