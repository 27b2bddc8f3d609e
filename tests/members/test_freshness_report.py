"""The secretariat's freshness report: stale profiles grouped by entity, sorting, export, and
reminders e-mailed to the people who need to confirm their details."""
import csv
import io
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from members import reminders
from members.models import Role, User
from django_tasks_db.models import DBTaskResult

from portal.models import AuditEntry
from portal.notifications.models import Notification, Recipient
from tests.conftest import make_user, run_queued_tasks
from tests.members.factories import EntityFactory, PersonFactory

pytestmark = pytest.mark.django_db

REPORT = "/en/members/reports/freshness/"
REMIND = "/en/members/reports/freshness/remind/"
LRM = "\u200e"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def confirm(person, when):
    User.objects.filter(pk=person.pk).update(profile_confirmed_at=when)


@pytest.fixture
def people(secretariat, director, team_member, other_director, guest, entity, other_entity):
    """DET: the director never confirmed, a second team member confirmed 120 days ago, the team
    member confirmed yesterday. DM: its director confirmed 100 days ago. The secretariat (no entity)
    never confirmed. A guest and a deactivated person are not in the directory at all."""
    confirm(team_member, days_ago(1))
    confirm(other_director, days_ago(100))
    User.objects.filter(pk=director.pk).update(office_phone="+971 4 222 3333", mobile="050 111 2222")
    second = make_user("second@test.gcn.ae", Role.TEAM, entity, name_ar="أمل الكتبي", name_en="Amal Al Ketbi")
    confirm(second, days_ago(120))
    gone = make_user("gone@test.gcn.ae", Role.TEAM, entity, name_en="Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    return {"second": User.objects.get(pk=second.pk), "gone": gone}


def groups_of(response):
    return [
        (group.entity.name_en if group.entity else None, group.stale, group.total, [person.email for person in group.people])
        for group in response.context["groups"]
    ]


# The report --------------------------------------------------------------------------------------


def test_report_groups_stale_people_by_entity_with_counts(login_as, secretariat, people):
    response = login_as(secretariat).get(REPORT)

    assert response.status_code == 200
    assert groups_of(response) == [
        ("Department of Economy and Tourism", 2, 3, ["second@test.gcn.ae", "director@test.gcn.ae"]),
        ("Dubai Municipality", 1, 1, ["director2@test.gcn.ae"]),
        (None, 1, 1, ["secretariat@test.gcn.ae"]),
    ]
    assert [person.email for person in response.context["stale_people"]] == [
        "second@test.gcn.ae", "director@test.gcn.ae", "director2@test.gcn.ae", "secretariat@test.gcn.ae",
    ]
    html = response.content.decode()
    assert "2 of 3 people not confirmed" in html and "1 of 1 person not confirmed" in html
    assert "4 people need to confirm their details." in html
    assert 'name="person" value="%d"' % people["second"].pk in html
    assert 'name="entity" value="none"' in html  # the people of no entity can be reminded together


@pytest.mark.parametrize(("sort", "expected"), [
    ("entity", ["Department of Economy and Tourism", "Dubai Municipality", None]),
    # Most stale first; equal counts keep the name order.
    ("stale", ["Department of Economy and Tourism", "Dubai Municipality", None]),
    # Never confirmed counts as the oldest: DET's director and the secretariat; then DM (100 days).
    ("oldest", ["Department of Economy and Tourism", None, "Dubai Municipality"]),
    ("user__password", ["Department of Economy and Tourism", "Dubai Municipality", None]),
])
def test_report_sorts(login_as, secretariat, people, sort, expected):
    response = login_as(secretariat).get(REPORT, {"sort": sort})

    assert [name for name, *_rest in groups_of(response)] == expected
    assert response.context["sort"] == (sort if sort != "user__password" else "entity")


def test_sort_by_stale_count_and_by_oldest_confirmation(login_as, secretariat, people, other_entity):
    # DM gets three stale people, none older than DET's oldest; DET keeps two.
    for number in range(2):
        confirm(PersonFactory(entity=other_entity, email=f"dm{number}@test.gcn.ae"), days_ago(95))
    confirm(secretariat, days_ago(400))
    client = login_as(secretariat)

    assert [name for name, *_rest in groups_of(client.get(REPORT, {"sort": "stale"}))] == [
        "Dubai Municipality", "Department of Economy and Tourism", None,
    ]
    assert [name for name, *_rest in groups_of(client.get(REPORT, {"sort": "oldest"}))] == [
        "Department of Economy and Tourism", None, "Dubai Municipality",
    ]


def test_report_when_every_profile_is_fresh(login_as, secretariat):
    confirm(secretariat, timezone.now())

    response = login_as(secretariat).get(REPORT)

    assert response.context["groups"] == []
    assert "All profiles are up to date." in response.content.decode()
    assert 'id="reminder-form"' not in response.content.decode()


def test_names_are_escaped(login_as, secretariat, people):
    User.objects.filter(email="second@test.gcn.ae").update(name_en='<script>alert(1)</script>')

    html = login_as(secretariat).get(REPORT).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


@pytest.mark.parametrize("role", ["director", "team", "other_director", "guest"])
def test_only_the_secretariat_sees_the_report(login_as, users, people, role):
    assert login_as(users[role]).get(REPORT).status_code == 404


def _populate(entities, people_each):
    for _ in range(entities):
        entity = EntityFactory()
        for _ in range(people_each):
            PersonFactory(entity=entity)


@pytest.mark.parametrize("sort", ["entity", "oldest"])
def test_report_query_count_does_not_grow(login_as, secretariat, people, django_assert_num_queries, sort):
    client = login_as(secretariat)
    client.get(REPORT)  # warm-up: the header's unread notification count is then in the cache
    # user, its second factor (allauth), counts by entity, entities with stale people, stale people,
    # entities without a member (sessions are in the cache)
    _populate(1, 1)
    with django_assert_num_queries(6):
        client.get(REPORT, {"sort": sort})
    _populate(6, 4)
    with django_assert_num_queries(6):
        response = client.get(REPORT, {"sort": sort})
    assert len(response.context["stale_people"]) == 4 + 1 + 24


# Export ------------------------------------------------------------------------------------------

HEADER = ["Entity", "Name (Arabic)", "Name (English)", "E-mail", "Office phone", "Mobile", "Last confirmed",
          "Not confirmed in the entity", "People in the entity"]


def expected_rows(people):
    second_confirmed = timezone.localtime(people["second"].profile_confirmed_at).date().isoformat()
    dm_confirmed = timezone.localtime(User.objects.get(email="director2@test.gcn.ae").profile_confirmed_at).date().isoformat()
    return [
        ["Department of Economy and Tourism", "أمل الكتبي", "Amal Al Ketbi", "second@test.gcn.ae", "", "", second_confirmed, "2", "3"],
        ["Department of Economy and Tourism", "خالد المنصوري", "Khalid Al Mansouri", "director@test.gcn.ae", "+971 4 222 3333", "050 111 2222", "Never", "2", "3"],
        ["Dubai Municipality", "سعيد المهيري", "Saeed Al Muhairi", "director2@test.gcn.ae", "", "", dm_confirmed, "1", "1"],
        ["No entity", "مريم الهاشمي", "Maryam Al Hashimi", "secretariat@test.gcn.ae", "", "", "Never", "1", "1"],
    ]


def test_export_csv(login_as, secretariat, people):
    response = login_as(secretariat).get("/en/members/reports/freshness.csv", {"sort": "entity"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="gcn-freshness-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    expected = expected_rows(people)
    expected[1][4:6] = [f"{LRM}+971 4 222 3333", f"{LRM}050 111 2222"]  # phones stay text, without an apostrophe
    assert rows == [HEADER, *expected]
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED)
    assert (entry.actor, entry.details) == (secretariat, {"export": "freshness", "format": "csv", "rows": 4})


def test_export_xlsx_neutralises_formulas_in_the_arabic_report(login_as, secretariat, people):
    User.objects.filter(email="second@test.gcn.ae").update(name_en='=HYPERLINK("http://x","y")')

    response = login_as(secretariat).get("/ar/members/reports/freshness.xlsx", {"sort": "oldest"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.sheet_view.rightToLeft is True
    cells = [list(row) for row in sheet.iter_rows()]
    assert {cell.data_type for row in cells for cell in row if cell.value} == {"s"}
    # Never-confirmed groups first; within an entity, people in Arabic alphabetical order (أمل before خالد).
    emails = [row[3].value for row in cells[1:]]
    assert emails == ["second@test.gcn.ae", "director@test.gcn.ae", "secretariat@test.gcn.ae", "director2@test.gcn.ae"]
    formula_cell = cells[1][2]
    assert (formula_cell.value, formula_cell.data_type, formula_cell.quotePrefix) == ('=HYPERLINK("http://x","y")', "s", True)


def test_export_of_an_unknown_format_is_not_found(login_as, secretariat, people):
    assert login_as(secretariat).get("/en/members/reports/freshness.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()


def test_a_director_cannot_export_the_report(login_as, director, people):
    assert login_as(director).get("/en/members/reports/freshness.csv").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()


# Reminders ---------------------------------------------------------------------------------------


def reminder_entries():
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.CREATED, details__what="profile_reminders"))


def flash(response):
    return [str(message) for message in response.context["messages"]]


def test_service_notifies_and_queues_the_emails(secretariat, people, run_tasks):
    stale = list(User.objects.in_directory().stale_profiles().filter(entity__isnull=False).order_by("email"))

    batch = reminders.profile_reminders_send(people=stale, acting_user=secretariat)

    # In each person's notification centre at once; the e-mails are jobs, sent by the worker.
    assert batch.sent == ["director2@test.gcn.ae", "director@test.gcn.ae", "second@test.gcn.ae"]
    assert mail.outbox == []
    assert sorted(Notification.objects.filter(kind="members.profile_reminder").values_list("recipient__email", flat=True)) == batch.sent
    run_tasks()
    assert sorted(message.to for message in mail.outbox) == [["director2@test.gcn.ae"], ["director@test.gcn.ae"], ["second@test.gcn.ae"]]
    [entry] = reminder_entries()
    assert (entry.actor, entry.details) == (secretariat, {
        "what": "profile_reminders", "count": 3,
        "recipients": ["director2@test.gcn.ae", "director@test.gcn.ae", "second@test.gcn.ae"],
    })


def test_reminder_email_is_in_each_persons_language_with_a_link_to_the_profile(secretariat, people, run_tasks):
    director2 = User.objects.get(email="director2@test.gcn.ae")
    Recipient.objects.create(user=director2, language="en")

    reminders.profile_reminders_send(people=[people["second"], director2], acting_user=secretariat)
    run_tasks()

    arabic, english = sorted(mail.outbox, key=lambda message: message.to[0] != "second@test.gcn.ae")
    assert (arabic.to, english.to) == (["second@test.gcn.ae"], ["director2@test.gcn.ae"])
    assert arabic.subject == "[GCN] يرجى تأكيد بياناتك في دليل الأعضاء"
    assert "http://127.0.0.1:8000/ar/members/me/" in arabic.body and "أكثر من 90 يومًا" in arabic.body
    assert 'dir="rtl"' in arabic.alternatives[0][0]
    assert english.subject == "[GCN] Please confirm your details in the members' directory"
    assert "http://127.0.0.1:8000/en/members/me/" in english.body
    assert "more than 90 days ago" in english.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_secretariat_reminds_the_chosen_stale_people(login_as, secretariat, people, guest):
    fresh = User.objects.get(email="team@test.gcn.ae")
    chosen = [people["second"].pk, fresh.pk, guest.pk, people["gone"].pk, "abc", User.objects.get(email="director2@test.gcn.ae").pk]

    response = login_as(secretariat).post(REMIND, {"person": chosen, "sort": "stale", "is_staff": "on"}, follow=True)
    run_queued_tasks()

    assert response.redirect_chain == [("/en/members/reports/freshness/?sort=stale", 302)]
    # The up-to-date person, the guest, the deactivated person and the junk value were left out.
    assert sorted(message.to[0] for message in mail.outbox) == ["director2@test.gcn.ae", "second@test.gcn.ae"]
    assert flash(response) == ["Reminders were sent to 2 people."]
    [entry] = reminder_entries()
    assert (entry.actor, entry.details) == (secretariat, {
        "what": "profile_reminders", "count": 2, "recipients": ["director2@test.gcn.ae", "second@test.gcn.ae"],
    })
    assert "/ar/members/me/" in mail.outbox[0].body  # their e-mails' language: Arabic until they choose
    assert User.objects.get(pk=secretariat.pk).is_staff is True  # untouched by the extra field


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("group", "expected"), [
    ("entity", ["director@test.gcn.ae", "second@test.gcn.ae"]),
    ("none", ["secretariat@test.gcn.ae"]),
])
def test_secretariat_reminds_every_stale_person_of_a_group(login_as, secretariat, people, entity, group, expected):
    value = str(entity.pk) if group == "entity" else "none"

    response = login_as(secretariat).post(REMIND, {"entity": value, "person": [people["second"].pk]}, follow=True)
    run_queued_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == expected
    assert flash(response) == [f"Reminders were sent to {len(expected)} people." if len(expected) > 1 else "A reminder was sent to 1 person."]
    assert reminder_entries()[0].details["count"] == len(expected)


@pytest.mark.parametrize("data", [{}, {"person": ["abc"]}, {"entity": "x1"}, {"person": ["999999"]}])
def test_reminding_nobody_sends_nothing(login_as, secretariat, people, data):
    response = login_as(secretariat).post(REMIND, data, follow=True)

    assert response.redirect_chain == [("/en/members/reports/freshness/?sort=entity", 302)]
    assert flash(response) == ["Choose the people to remind: only people whose details need confirming can be reminded."]
    assert mail.outbox == [] and reminder_entries() == []


def test_too_many_reminders_at_once_are_refused(login_as, secretariat, people, monkeypatch):
    monkeypatch.setattr(reminders, "MAX_REMINDERS_PER_BATCH", 1)

    response = login_as(secretariat).post(REMIND, {"person": [people["second"].pk, User.objects.get(email="director2@test.gcn.ae").pk]}, follow=True)

    assert flash(response) == ["Send at most 1 reminders at a time."]
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_server_that_is_down_loses_no_reminder(login_as, secretariat, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, False, 5

    response = login_as(secretariat).post(REMIND, {"entity": "none"}, follow=True)
    run_queued_tasks()

    # The page never waits for the mail server; the e-mail stays owed and its job waits to retry.
    assert response.status_code == 200
    assert flash(response) == ["A reminder was sent to 1 person."]
    assert len(reminder_entries()) == 1
    [notification] = Notification.objects.filter(kind="members.profile_reminder")
    assert (notification.recipient.email, notification.email_sent_at) == ("secretariat@test.gcn.ae", None)
    [job] = DBTaskResult.objects.filter(task_path="portal.notifications.tasks.send_notification_emails")
    assert job.status == "READY" and job.run_after > timezone.now()


class RefusesOneAddress(LocmemBackend):
    """The mail server takes every message but one."""

    def send_messages(self, messages):
        if any("second@" in address for message in messages for address in message.to):
            raise SMTPRecipientsRefused({"second@test.gcn.ae": (550, b"mailbox unavailable")})
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_address_does_not_hold_up_the_others(login_as, secretariat, people, entity, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesOneAddress"

    response = login_as(secretariat).post(REMIND, {"entity": str(entity.pk)}, follow=True)
    run_queued_tasks()

    assert flash(response) == ["Reminders were sent to 2 people."]
    assert [message.to for message in mail.outbox] == [["director@test.gcn.ae"]]
    pending = Notification.objects.email_pending().values_list("recipient__email", flat=True)
    assert list(pending) == ["second@test.gcn.ae"]  # retried by its job


def test_get_on_remind_is_refused_and_sends_nothing(login_as, secretariat, people):
    response = login_as(secretariat).get(REMIND, {"entity": "none"})

    assert response.status_code == 405
    assert mail.outbox == [] and reminder_entries() == []


@pytest.mark.parametrize("role", ["director", "team", "other_director", "guest"])
def test_only_the_secretariat_sends_reminders(login_as, users, people, role):
    response = login_as(users[role]).post(REMIND, {"entity": "none"})

    assert response.status_code == 404
    assert mail.outbox == [] and reminder_entries() == []


def test_remind_needs_the_csrf_token(secretariat, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat, backend="members.backends.AuthenticationBackend")

    assert client.post(REMIND, {"entity": "none"}).status_code == 403
    assert mail.outbox == [] and reminder_entries() == []
