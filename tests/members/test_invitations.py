"""Invitations, end to end: invite page -> e-mail -> accept link -> account. The only way in."""
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from members import services
from members.models import Invitation, Role, User
from django_tasks_db.models import DBTaskResult

from portal.models import AuditEntry
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db

INVITE = "/ar/members/invite/"
NEW_PASSWORD = "Sanad-Falcon-Harbour-42"
SUBJECT = "دعوة للانضمام إلى بوابة الشبكة العامة للاتصال الحكومي | Invitation to the GCN Portal"
LINK = re.compile(r"(https?://\S+?/members/invitations/([A-Za-z0-9_-]+)/)")
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def links_in(message):
    return LINK.findall(message.body)


def link_path(message):
    """The path of the one accept link in an invitation e-mail."""
    (url, _token), = links_in(message)
    return urlsplit(url).path


def accept_data(**overrides):
    return {
        "name_ar": "أحمد الشامسي", "name_en": "Ahmed Al Shamsi",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **overrides,
    }


@pytest.fixture
def invite(deliver, login_as):
    """POST the invite page as `user`, running the after-commit e-mail like a real request does."""

    def _invite(user, **data):
        with deliver():
            return login_as(user).post(INVITE, data)

    return _invite


@pytest.fixture
def invited(invite, director, client):
    """A pending invitation from the director, its e-mail, and an anonymous client to open it."""
    response = invite(director, email="new.member@test.gcn.ae", name_ar="أحمد الشامسي", name_en="Ahmed Al Shamsi")
    assert response.status_code == 302
    client.logout()
    invitation = Invitation.objects.get(email="new.member@test.gcn.ae")
    message, = mail.outbox
    return invitation, message


def make_invitation(deliver, *, email, invited_by, role=Role.TEAM, entity=None):
    with deliver():
        invitation = services.invitation_create(email=email, role=role, entity=entity, invited_by=invited_by)
    return invitation, mail.outbox[-1]


# Inviting ---------------------------------------------------------------------------------------


def test_director_invites_team_member_of_own_entity_ignoring_role_and_entity_fields(
    invite, director, entity, other_entity
):
    response = invite(
        director, email="New.Member@Test.GCN.ae", name_ar="أحمد الشامسي", name_en="Ahmed Al Shamsi",
        role="secretariat", entity=other_entity.pk, is_staff="on",
    )
    assert response.status_code == 302
    assert response["Location"] == INVITE
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.entity, invitation.invited_by) == (
        "new.member@test.gcn.ae", "team", entity, director,
    )
    assert (invitation.name_ar, invitation.name_en) == ("أحمد الشامسي", "Ahmed Al Shamsi")
    assert (invitation.accepted_at, invitation.revoked_at) == (None, None)
    assert invitation.email_sent_at is not None
    assert invitation.expires_at.date() == (timezone.now() + timedelta(days=7)).date()


def test_invitation_email_carries_the_accept_link(invite, director):
    invite(director, email="new.member@test.gcn.ae", name_ar="أحمد", name_en="Ahmed")
    message, = mail.outbox
    assert message.to == ["new.member@test.gcn.ae"]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert message.subject == SUBJECT
    (url, token), = links_in(message)
    assert url == f"http://testserver/ar/members/invitations/{token}/"
    # The database keeps only the token's hash.
    invitation = Invitation.objects.get()
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash
    assert "خالد المنصوري" in message.body  # the inviting director, in the Arabic part
    assert "Department of Economy and Tourism" in message.body


def test_invitation_sent_is_audited(invite, director):
    invite(director, email="new.member@test.gcn.ae")
    invitation = Invitation.objects.get()
    entry = AuditEntry.objects.get(action="invitation_sent")
    assert (entry.actor, entry.target_type, entry.target_id) == (director, "members.invitation", str(invitation.pk))
    assert entry.details == {"role": "team"}


def test_secretariat_invites_with_chosen_role_and_entity(invite, secretariat, other_entity):
    response = invite(secretariat, email="director.dm@test.gcn.ae", name_en="Omar", role="director", entity=other_entity.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.entity, invitation.invited_by) == ("director", other_entity, secretariat)
    assert [message.to for message in mail.outbox] == [["director.dm@test.gcn.ae"]]


def test_secretariat_invites_a_guest_without_entity(invite, secretariat):
    response = invite(secretariat, email="presenter@partner.example", role="guest", entity="")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.entity) == ("guest", None)


def test_secretariat_inviting_a_director_without_entity_gets_a_form_error(invite, secretariat):
    response = invite(secretariat, email="someone@test.gcn.ae", role="director", entity="")
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="entity")
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_inviting_an_existing_account_case_variant_is_a_form_error(invite, secretariat, director, entity):
    response = invite(secretariat, email="Director@Test.GCN.ae", role="team", entity=entity.pk)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="exists")
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_director_inviting_an_existing_account_gets_a_form_error(invite, director, team_member):
    response = invite(director, email="TEAM@test.gcn.ae")
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="exists")
    assert Invitation.objects.count() == 0


def test_reinviting_revokes_the_earlier_pending_link(invite, secretariat, entity, client):
    invite(secretariat, email="new.member@test.gcn.ae", role="team", entity=entity.pk)
    invite(secretariat, email="NEW.member@test.gcn.ae", role="director", entity=entity.pk)
    first, second = Invitation.objects.order_by("created_at")
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert list(Invitation.objects.pending()) == [second]
    first_mail, second_mail = mail.outbox
    client.logout()
    response = client.get(link_path(first_mail))
    assert response.status_code == 410
    assert response.templates[0].name == "members/invitation_invalid.html"
    response = client.get(link_path(second_mail))
    assert response.status_code == 200
    assert response.context["invitation"] == second


@pytest.mark.parametrize("role_fixture", ["guest", "team_member"])
def test_guest_and_team_cannot_reach_the_invite_page(request, login_as, role_fixture, entity):
    client = login_as(request.getfixturevalue(role_fixture))
    assert client.get(INVITE).status_code == 404
    assert client.post(INVITE, {"email": "x@test.gcn.ae", "role": "secretariat", "entity": entity.pk}).status_code == 404
    assert Invitation.objects.count() == 0


def test_anonymous_is_sent_to_login_from_the_invite_page(client):
    response = client.get(INVITE)
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/login/?next=/ar/members/invite/"


def test_bidi_control_characters_are_stripped_from_invited_names(invite, director):
    invite(director, email="new.member@test.gcn.ae", name_ar="\u202eأحمد\u2066", name_en="Ah\u202emed\u2069")
    invitation = Invitation.objects.get()
    assert (invitation.name_ar, invitation.name_en) == ("أحمد", "Ahmed")


# Accepting --------------------------------------------------------------------------------------


def test_accept_link_shows_the_form(client, invited):
    invitation, message = invited
    response = client.get(link_path(message))
    assert response.status_code == 200
    assert response.templates[0].name == "members/invitation_accept.html"
    assert response.context["invitation"] == invitation
    form = response.context["form"]
    assert list(form.fields) == ["name_ar", "name_en", "password1", "password2"]
    assert form.initial == {"name_ar": "أحمد الشامسي", "name_en": "Ahmed Al Shamsi"}
    assert "new.member@test.gcn.ae" in response.content.decode()
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    # Opening the link does not use it up.
    assert client.get(link_path(message)).status_code == 200


def test_accepting_creates_the_account_with_the_invited_role_and_entity(client, invited, entity, director):
    invitation, message = invited
    response = client.post(link_path(message), accept_data(role="secretariat", is_staff="on", entity=""))
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"
    user = User.objects.get(email="new.member@test.gcn.ae")
    assert (user.role, user.entity, user.is_staff, user.is_superuser) == ("team", entity, False, False)
    assert (user.name_ar, user.name_en) == ("أحمد الشامسي", "Ahmed Al Shamsi")
    assert list(user.groups.values_list("name", flat=True)) == ["team"]
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("new.member@test.gcn.ae", True, True)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    # Signed in straight away.
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get("/ar/home/")
    assert home.status_code == 200
    assert home.context["user"] == user


def test_acceptance_is_audited(client, invited):
    invitation, message = invited
    client.post(link_path(message), accept_data())
    user = User.objects.get(email="new.member@test.gcn.ae")
    entry = AuditEntry.objects.get(action="invitation_accepted")
    assert (entry.actor, entry.target_type, entry.target_id) == (user, "members.invitation", str(invitation.pk))
    assert entry.ip_address == "127.0.0.1"


def test_new_member_can_sign_in_with_the_chosen_password(client, invited):
    _invitation, message = invited
    client.post(link_path(message), accept_data())
    client.logout()
    response = client.post("/ar/accounts/login/", {"login": "new.member@test.gcn.ae", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"


def test_reused_invitation_link_is_rejected(client, invited):
    _invitation, message = invited
    client.post(link_path(message), accept_data())
    client.logout()
    response = client.get(link_path(message))
    assert response.status_code == 410
    assert response.templates[0].name == "members/invitation_invalid.html"
    response = client.post(link_path(message), accept_data(password1="Other-Pass-Word-77", password2="Other-Pass-Word-77"))
    assert response.status_code == 410
    assert User.objects.filter(email__iexact="new.member@test.gcn.ae").count() == 1
    assert User.objects.get(email="new.member@test.gcn.ae").check_password(NEW_PASSWORD)


def test_expired_invitation_is_rejected(client, invited):
    invitation, message = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link_path(message)).status_code == 410
    response = client.post(link_path(message), accept_data())
    assert response.status_code == 410
    assert not User.objects.filter(email__iexact="new.member@test.gcn.ae").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_unknown_invitation_token_is_404(client, invited):
    response = client.get("/ar/members/invitations/this-token-was-never-issued/")
    assert response.status_code == 404
    assert response.templates[0].name == "members/invitation_invalid.html"
    assert client.post("/ar/members/invitations/this-token-was-never-issued/", accept_data()).status_code == 404
    assert not User.objects.filter(email__iexact="new.member@test.gcn.ae").exists()


def test_mismatched_passwords_create_no_account(client, invited):
    _invitation, message = invited
    response = client.post(link_path(message), accept_data(password2="Something-Else-123"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert not User.objects.filter(email__iexact="new.member@test.gcn.ae").exists()


def test_weak_password_creates_no_account(client, invited):
    _invitation, message = invited
    response = client.post(link_path(message), accept_data(password1="12345678", password2="12345678"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password1"]
    assert not User.objects.filter(email__iexact="new.member@test.gcn.ae").exists()


def test_bidi_control_characters_are_stripped_from_accepted_names(client, invited):
    _invitation, message = invited
    client.post(link_path(message), accept_data(name_ar="\u202eأحمد\u2067", name_en="Ahmed\u202egnp.exe"))
    user = User.objects.get(email="new.member@test.gcn.ae")
    assert (user.name_ar, user.name_en) == ("أحمد", "Ahmedgnp.exe")


def test_script_in_invited_name_is_escaped_on_the_accept_page(invite, director, client):
    invite(director, email="new.member@test.gcn.ae", name_en='"><img src=x onerror=alert(1)><script>alert(2)</script>')
    client.logout()
    message, = mail.outbox
    content = client.get(link_path(message)).content.decode()
    assert "<script>alert(2)</script>" not in content
    assert "<img src=x onerror=alert(1)>" not in content
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content


def test_signed_in_user_opening_a_link_is_sent_home_and_the_link_stays_usable(login_as, invited, team_member):
    invitation, message = invited
    response = login_as(team_member).get(link_path(message))
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"
    invitation.refresh_from_db()
    assert invitation.is_usable


# No other way in -----------------------------------------------------------------------------


def test_password_reset_for_an_expired_invitation_creates_no_account_and_sends_no_reset_link(
    client, deliver, director, entity
):
    invitation, _message = make_invitation(
        deliver, email="late.member@test.gcn.ae", invited_by=director, entity=entity
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    response = client.post("/ar/accounts/password/reset/", {"email": "late.member@test.gcn.ae"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/password/reset/done/"
    assert not User.objects.filter(email__iexact="late.member@test.gcn.ae").exists()
    assert [message for message in mail.outbox if "password/reset/key" in message.body] == []
    assert [message for message in mail.outbox if "/members/invitations/" in message.body] == []


def test_password_reset_for_a_member_does_send_a_reset_link(client, director):
    # The counterpart of the test above: the reset mail and its link do exist for real accounts.
    response = client.post("/ar/accounts/password/reset/", {"email": "Director@Test.GCN.ae"})
    assert response["Location"] == "/ar/accounts/password/reset/done/"
    run_queued_tasks()
    message, = mail.outbox
    assert message.to == ["director@test.gcn.ae"]
    assert "http://testserver/ar/accounts/password/reset/key/" in message.body


def test_open_signup_is_closed(client):
    response = client.get("/ar/accounts/signup/")
    assert response.status_code == 200
    assert "account/signup_closed.html" in [template.name for template in response.templates]
    response = client.post(
        "/ar/accounts/signup/",
        {"email": "intruder@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "account/signup_closed.html" in [template.name for template in response.templates]
    assert not User.objects.filter(email__iexact="intruder@example.com").exists()
    assert not EmailAddress.objects.filter(email__iexact="intruder@example.com").exists()
    assert mail.outbox == []


# Mail server down -------------------------------------------------------------------------------


def test_mail_server_down_keeps_the_invitation_and_a_resend_issues_a_new_link(invite, secretariat, entity, settings, client):
    # A real refused connection: nothing listens on port 1.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    response = invite(secretariat, email="new.member@test.gcn.ae", role="team", entity=entity.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email_sent_at, invitation.email_attempts) == (None, 1)
    assert list(Invitation.objects.pending()) == [invitation]
    assert AuditEntry.objects.filter(action="invitation_sent").count() == 1
    unsent_hash = invitation.token_hash
    # The job waits for its next attempt (tests/portal/test_tasks.py follows the back-off).
    job = DBTaskResult.objects.get(task_path="members.tasks.send_invitation_email")
    assert job.status == "READY" and job.run_after > timezone.now()

    settings.EMAIL_BACKEND = LOCMEM
    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now())
    run_queued_tasks()
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert invitation.email_attempts == 2
    first_resend, = mail.outbox
    (_url, first_token), = links_in(first_resend)
    assert invitation.token_hash == Invitation.hash_token(first_token) != unsent_hash

    # Sending again issues another new link; the earlier one stops working.
    services.invitation_send(invitation, base_url="http://testserver/")
    _first, second_resend = mail.outbox
    client.logout()
    assert client.get(link_path(first_resend)).status_code == 404
    assert client.get(link_path(second_resend)).status_code == 200
    response = client.post(link_path(second_resend), accept_data())
    assert response["Location"] == "/ar/home/"
    assert User.objects.get(email="new.member@test.gcn.ae").role == "team"


def test_secretariat_resends_from_admin_with_a_new_link(deliver, login_as, secretariat, director, entity, client):
    invitation, first = make_invitation(
        deliver, email="new.member@test.gcn.ae", invited_by=director, entity=entity
    )
    response = login_as(secretariat).post(
        "/ar/admin/members/invitation/", {"action": "resend", "_selected_action": [invitation.pk]}
    )
    assert response.status_code == 302
    run_queued_tasks()
    _first, resent = mail.outbox
    assert link_path(resent) != link_path(first)
    client.logout()
    assert client.get(link_path(first)).status_code == 404
    assert client.get(link_path(resent)).status_code == 200


def test_invited_secretariat_must_set_up_totp_before_anything_else(invite, secretariat, client):
    invite(secretariat, email="new.secretariat@test.gcn.ae", role="secretariat", entity="")
    client.logout()
    message, = mail.outbox
    response = client.post(link_path(message), accept_data(), follow=True)
    user = User.objects.get(email="new.secretariat@test.gcn.ae")
    assert (user.role, user.entity, user.is_staff) == ("secretariat", None, True)
    assert response.redirect_chain[:2] == [("/ar/home/", 302), ("/ar/accounts/2fa/totp/activate/", 302)]
    response = client.get("/ar/admin/")
    assert (response.status_code, response["Location"]) == (302, "/ar/accounts/2fa/totp/activate/")


def test_reinviting_records_the_revocation(deliver, secretariat, entity):
    first, _message = make_invitation(deliver, email="twice@test.gcn.ae", invited_by=secretariat, entity=entity)
    make_invitation(deliver, email="twice@test.gcn.ae", invited_by=secretariat, entity=entity)
    assert AuditEntry.objects.filter(action="invitation_revoked", target_id=str(first.pk)).count() == 1


def test_director_cannot_cancel_another_entitys_pending_invitation(invite, director, other_director):
    invite(other_director, email="wanted@test.gcn.ae")
    response = invite(director, email="wanted@test.gcn.ae")
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["pending"]
    pending = Invitation.objects.pending().get(email="wanted@test.gcn.ae")
    assert pending.entity == other_director.entity


def test_inviter_is_told_the_invitation_is_on_its_way_whatever_the_mail_server_does(login_as, secretariat, entity, settings):
    # The page no longer waits for the mail server: the e-mail is a queued job.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, False, 5
    response = login_as(secretariat).post("/en/members/invite/", {"email": "later@test.gcn.ae", "role": "team", "entity": entity.pk}, follow=True)
    assert [str(message) for message in response.context["messages"]] == ["The invitation is on its way to later@test.gcn.ae."]
    invitation = Invitation.objects.get(email="later@test.gcn.ae")
    assert (invitation.email_sent_at, invitation.email_attempts) == (None, 0)
    assert DBTaskResult.objects.get().args_kwargs["args"][0] == invitation.pk
