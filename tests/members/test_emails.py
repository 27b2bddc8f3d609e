"""E-mails show dates in the reader's language and in Dubai time: the invitation (Arabic, then English:
invitees have no language yet), and allauth's password reset and e-mail confirmation (the language the
request was made in)."""
import re
from datetime import datetime, timedelta, timezone as dt_timezone
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation

from members import adapters, services
from members.models import Invitation, Role
from tests.conftest import PASSWORD, make_user, run_queued_tasks

pytestmark = pytest.mark.django_db

# 21:30 UTC is already the next day in Dubai (UTC+4): a date taken in UTC would be a day early.
EXPIRES = datetime(2026, 11, 29, 21, 30, tzinfo=dt_timezone.utc)
NOW = datetime(2026, 11, 27, 5, 15, tzinfo=dt_timezone.utc)


@pytest.fixture
def frozen_adapter_clock(monkeypatch):
    """allauth's e-mails compute their link's expiry in members.adapters from this clock."""
    monkeypatch.setattr(adapters, "timezone", SimpleNamespace(now=lambda: NOW))


def invitation_for(invited_by, entity):
    return Invitation.objects.create(
        email="new.member@test.gcn.ae", role=Role.TEAM, entity=entity, invited_by=invited_by,
        expires_at=EXPIRES, token_hash="not-sent-yet",
    )


def test_invitation_email_says_when_its_link_expires_in_arabic_then_english_in_dubai_time(director, entity):
    services.invitation_send(invitation_for(director, entity), base_url="http://testserver/")
    run_queued_tasks()
    message, = mail.outbox
    (link,) = re.findall(r"http://testserver/ar/members/invitations/[\w-]+/", message.body)
    assert message.subject == "دعوة للانضمام إلى بوابة الشبكة العامة للاتصال الحكومي | Invitation to the GCN Portal"
    assert message.body == (
        "السلام عليكم،\n"
        "\n"
        "تلقيت دعوة من خالد المنصوري للانضمام إلى بوابة أعضاء الشبكة العامة للاتصال الحكومي ضمن دائرة الاقتصاد والسياحة.\n"
        "لإنشاء حسابك، يرجى فتح الرابط الوارد في هذه الرسالة. يُستخدم الرابط مرة واحدة، وتنتهي صلاحيته في "
        "30 نوفمبر 2026 الساعة 01:30 بتوقيت دبي.\n"
        "\n"
        "إذا لم تكن تتوقع هذه الدعوة، يمكنك تجاهل هذه الرسالة.\n"
        "\n"
        f"{link}\n"
        "\n"
        "—\n"
        "\n"
        "Hello,\n"
        "\n"
        "Khalid Al Mansouri has invited you to join the members' portal of the Government Communication Network "
        "for Department of Economy and Tourism.\n"
        "To create your account, open the link in this message. It works once, until 30 November 2026 at 01:30 Dubai time.\n"
        "\n"
        "If you did not expect this invitation, you can ignore this message.\n"
    )


def test_invitation_email_is_bilingual_whatever_language_is_active(secretariat):
    invitation = Invitation.objects.create(
        email="presenter@partner.example", role=Role.GUEST, entity=None, invited_by=secretariat,
        expires_at=datetime(2027, 2, 3, 8, 0, tzinfo=dt_timezone.utc), token_hash="not-sent-yet",
    )
    with translation.override("en"):
        services.invitation_send(invitation, base_url="http://testserver/")
    body = mail.outbox[0].body
    assert "تلقيت دعوة من مريم الهاشمي للانضمام إلى بوابة أعضاء الشبكة العامة للاتصال الحكومي.\n" in body
    assert "وتنتهي صلاحيته في 3 فبراير 2027 الساعة 12:00 بتوقيت دبي." in body
    assert "Maryam Al Hashimi has invited you to join the members' portal of the Government Communication Network.\n" in body
    assert "It works once, until 3 February 2027 at 12:00 Dubai time." in body


@pytest.mark.parametrize(
    ("language", "subject", "expiry", "greeting"),
    [
        (
            "ar", "[GCN] إعادة تعيين كلمة المرور في بوابة الشبكة العامة للاتصال الحكومي",
            "يُستخدم الرابط مرة واحدة، وتنتهي صلاحيته في 30 نوفمبر 2026 الساعة 09:15 بتوقيت دبي.", "السلام عليكم،",
        ),
        (
            "en", "[GCN] Reset your GCN Portal password",
            "The link works once, until 30 November 2026 at 09:15 Dubai time.", "Hello,",
        ),
    ],
)
def test_password_reset_email_says_until_when_the_link_works_in_the_request_language(
    client, director, settings, frozen_adapter_clock, language, subject, expiry, greeting
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    response = client.post(f"/{language}/accounts/password/reset/", {"email": "director@test.gcn.ae"})
    assert response["Location"] == f"/{language}/accounts/password/reset/done/"
    run_queued_tasks()
    message, = mail.outbox
    assert message.subject == subject
    (link,) = re.findall(rf"http://testserver/{language}/accounts/password/reset/key/\S+", message.body)
    paragraphs = message.body.split("\n\n")
    assert paragraphs[0] == greeting
    assert paragraphs[2] == link
    assert paragraphs[3].split("\n")[0] == expiry
    assert paragraphs[-1] == {
        "ar": "الشبكة العامة للاتصال الحكومي — الأمانة العامة للمجلس التنفيذي لإمارة دبي",
        "en": "Government Communication Network — General Secretariat of the Executive Council of Dubai",
    }[language]
    assert "{{" not in message.body and "%(" not in message.body


def test_email_confirmation_sent_at_login_is_in_english_with_dubai_time(client, entity, settings, frozen_adapter_clock):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    user = make_user("unconfirmed@test.gcn.ae", Role.TEAM, entity)
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post("/en/accounts/login/", {"login": "unconfirmed@test.gcn.ae", "password": PASSWORD})
    run_queued_tasks()
    message, = mail.outbox
    assert message.subject == "[GCN] Confirm your e-mail address for the GCN Portal"
    (link,) = re.findall(r"http://testserver/en/accounts/confirm-email/\S+/", message.body)
    assert message.body == (
        "Hello,\n"
        "\n"
        "Please confirm that this e-mail address is yours: the GCN Portal will use it to sign you in and to send "
        "you its messages.\n"
        "\n"
        "To confirm it, open this link:\n"
        "\n"
        f"{link}\n"
        "\n"
        "It works until 30 November 2026 at 09:15 Dubai time.\n"
        "If you did not expect this message, you can ignore it.\n"
        "\n"
        "Government Communication Network — General Secretariat of the Executive Council of Dubai"
    )


def test_email_confirmation_sent_outside_a_request_is_in_arabic_with_dubai_time(team_member, settings, frozen_adapter_clock):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    address = EmailAddress.objects.create(user=team_member, email="noura.new@test.gcn.ae", verified=False)
    with translation.override("ar"):
        address.send_confirmation()
    run_queued_tasks()
    message, = mail.outbox
    assert message.subject == "[GCN] تأكيد بريدك الإلكتروني في بوابة الشبكة العامة للاتصال الحكومي"
    assert "تنتهي الصلاحية في 30 نوفمبر 2026 الساعة 09:15 بتوقيت دبي.\n" in message.body
    assert message.body.startswith("السلام عليكم،\n\nيرجى تأكيد أن هذا البريد الإلكتروني يخصك")
    assert "/ar/accounts/confirm-email/" in message.body


def test_reset_link_expiry_follows_password_reset_timeout(client, director, settings, frozen_adapter_clock):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    client.post("/en/accounts/password/reset/", {"email": "director@test.gcn.ae"})
    run_queued_tasks()
    assert "The link works once, until 27 November 2026 at 10:15 Dubai time." in mail.outbox[0].body
    assert NOW + timedelta(hours=1) == datetime(2026, 11, 27, 6, 15, tzinfo=dt_timezone.utc)
