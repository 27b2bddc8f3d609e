"""The job queue: jobs are written with the change, run by the real worker, retried with back-off
after a real SMTP failure, shown to the secretariat in admin and run again from there; the schedule
enqueues each periodic job once per slot."""
import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members import services
from members.models import Role
from portal import mail, tasks
from portal.models import AuditEntry
from tests.conftest import run_queued_tasks

DUBAI = ZoneInfo("Asia/Dubai")


def closed_port():
    """A local TCP port nothing listens on: connecting to it is refused, like a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    settings.EMAIL_USE_TLS = False


def smtp_back_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_due(row):
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())


# Jobs belong to the transaction that asks for them --------------------------------------------------

@pytest.mark.django_db
def test_an_email_queued_in_a_rolled_back_transaction_never_exists(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_plain("Subject", "Body", ["someone@test.gcn.ae"])
        raise RuntimeError("the change fails")
    assert not DBTaskResult.objects.exists()
    assert run_queued_tasks() == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_queued_email_is_sealed_in_the_queue_and_delivered_whole(mailoutbox):
    message = mail.EmailMultiAlternatives("Reset your password", "Open https://portal/reset/SECRET-KEY/", None, ["a@test.gcn.ae"])
    message.attach_alternative("<p dir=\"rtl\">رابط SECRET-KEY</p>", "text/html")
    mail.send(message)
    row = DBTaskResult.objects.get()
    stored = json.dumps(row.args_kwargs, ensure_ascii=False)
    # The link is not readable in the queue (admin, backups); the recipient is.
    assert "SECRET-KEY" not in stored and "Reset your password" not in stored
    assert row.args_kwargs["args"][0]["to"] == ["a@test.gcn.ae"]
    assert [job.pk for job in run_queued_tasks()] == [row.pk]
    sent, = mailoutbox
    assert (sent.subject, sent.to, sent.body) == ("Reset your password", ["a@test.gcn.ae"], "Open https://portal/reset/SECRET-KEY/")
    assert sent.alternatives[0].content == "<p dir=\"rtl\">رابط SECRET-KEY</p>"
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_an_email_with_attachments_is_refused_rather_than_sent_without_them():
    message = mail.EmailMultiAlternatives("S", "B", None, ["a@test.gcn.ae"])
    message.attach("card.vcf", "BEGIN:VCARD", "text/vcard")
    with pytest.raises(ValueError):
        mail.send(message)
    assert not DBTaskResult.objects.exists()


# Retries with back-off after a real connection failure -----------------------------------------------

@pytest.mark.django_db
def test_invitation_email_is_retried_with_back_off_while_the_mail_server_is_down(director, smtp_down, settings, mailoutbox):
    invitation = services.invitation_create(email="new@test.gcn.ae", role=Role.TEAM, entity=director.entity, invited_by=director)
    row = DBTaskResult.objects.get()
    assert row.task_path == "members.tasks.send_invitation_email"

    before = timezone.now()
    run_queued_tasks()
    row.refresh_from_db()
    # The attempt failed on a refused connection and the job went back in the queue for later.
    assert row.status == "READY"
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    assert before + timedelta(seconds=29) <= row.run_after <= timezone.now() + timedelta(seconds=31)
    assert run_queued_tasks() == []  # not due yet
    invitation.refresh_from_db()
    assert (invitation.email_sent_at, invitation.email_attempts) == (None, 1)

    # Still down: the second wait is twice the first.
    make_due(row)
    before = timezone.now()
    run_queued_tasks()
    row.refresh_from_db()
    assert row.status == "READY" and len(row.worker_ids) == 2
    assert before + timedelta(seconds=59) <= row.run_after <= timezone.now() + timedelta(seconds=61)

    smtp_back_up(settings)
    make_due(row)
    run_queued_tasks()
    row.refresh_from_db()
    invitation.refresh_from_db()
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 3
    assert invitation.email_sent_at is not None and invitation.email_attempts == 3
    sent, = mailoutbox
    assert sent.to == ["new@test.gcn.ae"] and "/members/invitations/" in sent.body


def test_back_off_doubles_up_to_an_hour():
    policy = tasks.RetryPolicy()
    assert [policy.delay_after(attempt).total_seconds() for attempt in range(1, 9)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600,
    ]


@pytest.mark.django_db
def test_a_job_whose_attempts_run_out_stays_failed_and_the_secretariat_runs_it_again(
    smtp_down, settings, mailoutbox, secretariat, director, login_as,
):
    mail.send_plain("Hello", "Body", ["late@test.gcn.ae"])
    row = DBTaskResult.objects.get()
    for _attempt in range(tasks.RetryPolicy.attempts):
        make_due(row)
        run_queued_tasks()
        row.refresh_from_db()
    assert row.status == "FAILED" and len(row.worker_ids) == tasks.RetryPolicy.attempts

    # The secretariat finds it among the jobs that need attention, with its error.
    client = login_as(secretariat)
    page = client.get("/ar/admin/django_tasks_database/dbtaskresult/?state=failed")
    assert page.status_code == 200
    body = page.content.decode()
    assert "إرسال بريد إلكتروني" in body and "ConnectionRefusedError" in body
    detail = client.get(f"/ar/admin/django_tasks_database/dbtaskresult/{row.pk}/change/")
    assert detail.status_code == 200 and "late@test.gcn.ae" in detail.content.decode()
    assert row.args_kwargs["args"][0]["sealed"] not in detail.content.decode()

    smtp_back_up(settings)
    response = client.post("/ar/admin/django_tasks_database/dbtaskresult/", {
        "action": "run_again", "_selected_action": [str(row.pk)],
    })
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.worker_ids) == ("READY", [])
    assert AuditEntry.objects.filter(actor=secretariat, details__what="run_again").count() == 1
    run_queued_tasks()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert [message.to for message in mailoutbox] == [["late@test.gcn.ae"]]

    # A director has no business in the queue.
    assert login_as(director).get("/ar/admin/django_tasks_database/dbtaskresult/").status_code in (302, 403)


@pytest.mark.django_db
def test_jobs_cannot_be_added_edited_or_deleted_in_admin(secretariat, login_as):
    mail.send_plain("Hello", "Body", ["x@test.gcn.ae"])
    row = DBTaskResult.objects.get()
    client = login_as(secretariat)
    assert client.get("/ar/admin/django_tasks_database/dbtaskresult/add/").status_code == 403
    assert client.post(f"/ar/admin/django_tasks_database/dbtaskresult/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"/ar/admin/django_tasks_database/dbtaskresult/{row.pk}/change/")
    assert 'name="_save"' not in page.content.decode()


# The real worker process ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_process_sends_a_committed_invitation(director):
    invitation = services.invitation_create(email="worker@test.gcn.ae", role=Role.TEAM, entity=director.entity, invited_by=director)
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {
        **os.environ, "DATABASE_URL": url, "ENV_FILE": "", "DEBUG": "false", "EMAIL_HOST": "",
        "MFA_ENCRYPTION_KEY": django_settings.MFA_ENCRYPTION_KEY, "SECRET_KEY": django_settings.SECRET_KEY,
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        cwd=django_settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    # Without EMAIL_HOST the portal prints e-mails (console backend): the worker printed this one.
    assert "To: worker@test.gcn.ae" in finished.stdout
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


# The schedule -----------------------------------------------------------------------------------------

def test_a_daily_job_is_due_from_its_time_today_and_a_weekly_one_from_its_day():
    daily = tasks.PeriodicJob(tasks.prune_task_results, hour=7)
    weekly = tasks.PeriodicJob(tasks.prune_task_results, hour=3, minute=30, weekday=5)  # Saturday
    monday_morning = datetime(2026, 11, 23, 6, 0, tzinfo=DUBAI)
    assert daily.last_slot(monday_morning) == datetime(2026, 11, 22, 7, 0, tzinfo=DUBAI)
    assert daily.last_slot(monday_morning + timedelta(hours=2)) == datetime(2026, 11, 23, 7, 0, tzinfo=DUBAI)
    assert weekly.last_slot(monday_morning) == datetime(2026, 11, 21, 3, 30, tzinfo=DUBAI)
    assert weekly.last_slot(datetime(2026, 11, 21, 3, 29, tzinfo=DUBAI)) == datetime(2026, 11, 14, 3, 30, tzinfo=DUBAI)
    assert (daily.cron_line(), weekly.cron_line()) == ("0 7 * * *", "30 3 * * 6")


@pytest.mark.django_db
def test_the_schedule_enqueues_each_job_once_per_slot():
    schedule = tasks.Schedule()
    schedule.register("prune", tasks.PeriodicJob(tasks.prune_task_results, hour=3))
    now = timezone.now()
    assert schedule.enqueue_due(now) == ["prune"]
    # A second scheduler, cron, or a restart in the same slot: nothing more.
    assert schedule.enqueue_due(now) == []
    assert DBTaskResult.objects.filter(task_path="portal.tasks.prune_task_results").count() == 1
    # The next day's slot gets its own job.
    assert schedule.enqueue_due(now + timedelta(days=1)) == ["prune"]
    assert DBTaskResult.objects.filter(task_path="portal.tasks.prune_task_results").count() == 2


def test_run_schedule_lists_the_schedule_as_cron_lines(capsys):
    call_command("run_schedule", "--list")
    out = capsys.readouterr().out
    assert "30 3 * * 6  prune_task_results" in out
    # cron reads hours in the server's zone: the listing pins the portal's.
    assert "\nCRON_TZ=Asia/Dubai\n" in out


@pytest.mark.django_db
def test_pruning_removes_old_finished_jobs_only(mailoutbox):
    mail.send_plain("S", "B", ["a@test.gcn.ae"])
    mail.send_plain("S", "B", ["b@test.gcn.ae"])
    old, recent = run_queued_tasks()
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=15))
    mail.send_plain("S", "B", ["c@test.gcn.ae"])  # still waiting: kept
    assert tasks.prune_task_results.call() == {"successful_removed": 1, "failed_removed": 0}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL", "READY"}
    assert DBTaskResult.objects.count() == 2
