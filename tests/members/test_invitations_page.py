"""The sent invitations page: the secretariat sees every invitation, a director their own entity's;
status and e-mail delivery; send a new link and revoke, permission-checked and audited."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from members.invitation_views import Status, status_of
from members.models import Invitation, Role, User
from portal.models import AuditEntry
from tests.conftest import run_queued_tasks, make_user

pytestmark = pytest.mark.django_db

PAGE = "/en/members/invite/sent/"
LINK = re.compile(r"https?://\S+?/members/invitations/([A-Za-z0-9_-]+)/")


def resend_url(invitation):
    return f"/en/members/invite/sent/{invitation.pk}/resend/"


def revoke_url(invitation):
    return f"/en/members/invite/sent/{invitation.pk}/revoke/"


def make_invitation(email, *, invited_by, entity, role=Role.TEAM, minutes_ago=0, **fields):
    _token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(email=email, role=role, entity=entity, invited_by=invited_by, token_hash=token_hash)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago), **fields)
    return Invitation.objects.get(pk=invitation.pk)


@pytest.fixture
def invitations(secretariat, director, other_director, entity, other_entity):
    """One invitation in every state, newest first in this order."""
    now = timezone.now()
    return {
        "pending": make_invitation("pending@test.gcn.ae", invited_by=director, entity=entity, minutes_ago=1,
                                   email_sent_at=now, email_attempts=1, name_en="Pending Person", name_ar="شخص منتظر"),
        "failed": make_invitation("failed@test.gcn.ae", invited_by=director, entity=entity, minutes_ago=2, email_attempts=3),
        "new_director": make_invitation("new.director@test.gcn.ae", invited_by=secretariat, entity=entity, role=Role.DIRECTOR,
                                        minutes_ago=3, email_sent_at=now, email_attempts=1),
        "accepted": make_invitation("accepted@test.gcn.ae", invited_by=director, entity=entity, minutes_ago=4,
                                    email_sent_at=now, email_attempts=1, accepted_at=now),
        "expired": make_invitation("expired@test.gcn.ae", invited_by=director, entity=entity, minutes_ago=5,
                                   email_sent_at=now - timedelta(days=8), email_attempts=1, expires_at=now - timedelta(days=1)),
        "revoked": make_invitation("revoked@test.gcn.ae", invited_by=director, entity=entity, minutes_ago=6,
                                   email_sent_at=now, email_attempts=1, revoked_at=now),
        "other_entity": make_invitation("dm.team@test.gcn.ae", invited_by=other_director, entity=other_entity, minutes_ago=7,
                                        email_sent_at=now, email_attempts=1),
        "guest": make_invitation("guest.speaker@test.gcn.ae", invited_by=secretariat, entity=None, role=Role.GUEST,
                                 minutes_ago=8, email_sent_at=now, email_attempts=1),
    }


def listed(response):
    return [(row["invitation"].email, row["status"], row["can_manage"]) for row in response.context["rows"]]


def flash(response):
    return [str(message) for message in response.context["messages"]]


def audit_entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# The page ----------------------------------------------------------------------------------------


def test_secretariat_sees_every_invitation_and_manages_the_open_ones(login_as, secretariat, invitations):
    response = login_as(secretariat).get(PAGE)

    assert response.status_code == 200
    assert listed(response) == [
        ("pending@test.gcn.ae", Status.PENDING, True),
        ("failed@test.gcn.ae", Status.PENDING, True),
        ("new.director@test.gcn.ae", Status.PENDING, True),
        ("accepted@test.gcn.ae", Status.ACCEPTED, False),
        ("expired@test.gcn.ae", Status.EXPIRED, True),
        ("revoked@test.gcn.ae", Status.REVOKED, False),
        ("dm.team@test.gcn.ae", Status.PENDING, True),
        ("guest.speaker@test.gcn.ae", Status.PENDING, True),
    ]
    assert response.context["show_entity"] is True


def test_director_sees_own_entitys_invitations_and_manages_the_teams(login_as, director, invitations):
    response = login_as(director).get(PAGE)

    # The secretariat's invitation of a new director is shown, but only the secretariat may change it.
    assert listed(response) == [
        ("pending@test.gcn.ae", Status.PENDING, True),
        ("failed@test.gcn.ae", Status.PENDING, True),
        ("new.director@test.gcn.ae", Status.PENDING, False),
        ("accepted@test.gcn.ae", Status.ACCEPTED, False),
        ("expired@test.gcn.ae", Status.EXPIRED, True),
        ("revoked@test.gcn.ae", Status.REVOKED, False),
    ]
    assert response.context["show_entity"] is False
    html = response.content.decode()
    assert "dm.team@test.gcn.ae" not in html and "guest.speaker@test.gcn.ae" not in html
    assert html.count('action="/en/members/invite/sent/') == 2 * 3  # resend and revoke, for three invitations


def test_page_shows_status_and_email_delivery(login_as, secretariat, invitations):
    html = login_as(secretariat).get(PAGE).content.decode()

    def row(key):
        match = re.search(rf'<tr data-invitation="{invitations[key].pk}">(.*?)</tr>', html, re.S)
        cells = re.findall(r'<td class="invitation-(status|email)">(.*?)</td>', match.group(1), re.S)
        return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for _name, text in cells]

    with translation.override("en"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
        expires = date_format(timezone.localtime(invitations["pending"].expires_at), "DATE_FORMAT")
    assert row("pending") == [f"Pending Expires on {expires}", f"Sent on {today}"]
    assert row("failed")[1] == "Failed: the mail server did not take it It will be sent again automatically."
    assert row("accepted") == ["Accepted", f"Sent on {today}"]
    assert row("expired")[0] == "Expired"
    assert row("revoked")[0] == "Revoked"
    assert "Pending Person" in html


@pytest.mark.parametrize(("status", "expected"), [
    ("pending", ["pending@test.gcn.ae", "failed@test.gcn.ae", "new.director@test.gcn.ae", "dm.team@test.gcn.ae", "guest.speaker@test.gcn.ae"]),
    ("accepted", ["accepted@test.gcn.ae"]),
    ("expired", ["expired@test.gcn.ae"]),
    ("revoked", ["revoked@test.gcn.ae"]),
])
def test_status_filter(login_as, secretariat, invitations, status, expected):
    response = login_as(secretariat).get(PAGE, {"status": status})

    assert [email for email, *_rest in listed(response)] == expected
    assert {row_status for _email, row_status, _manage in listed(response)} == {status}


def test_unknown_status_filter_and_page_are_harmless(login_as, secretariat, invitations):
    response = login_as(secretariat).get(PAGE, {"status": "user__password", "page": "-1"})

    assert response.status_code == 200
    assert len(listed(response)) == 8 and response.context["status"] == ""


@pytest.mark.parametrize("role", ["team", "guest"])
def test_team_members_and_guests_do_not_find_the_page(login_as, users, invitations, role):
    assert login_as(users[role]).get(PAGE).status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "director", "team", "other_director", "guest"])
def test_the_list_and_the_rule_agree(users, invitations, role):
    user = users[role]
    visible = set(Invitation.objects.visible_to(user))
    assert visible == {invitation for invitation in Invitation.objects.all() if user.has_perm("members.see_invitation", invitation)}
    assert not (role in ("team", "guest") and visible)


def _populate(director, count):
    for number in range(count):
        make_invitation(f"bulk{number}-{Invitation.objects.count()}@test.gcn.ae", invited_by=director, entity=director.entity)


# The user, the count, the page of invitations with their entity and inviter (sessions are in the
# cache); the secretariat's pages also check its second factor (allauth).
@pytest.mark.parametrize(("role", "queries"), [("secretariat", 4), ("director", 3)])
def test_page_query_count_does_not_grow(login_as, users, invitations, django_assert_num_queries, role, queries):
    client = login_as(users[role])
    _populate(users["director"], 1)
    with django_assert_num_queries(queries):
        client.get(PAGE)
    _populate(users["director"], 20)
    with django_assert_num_queries(queries):
        response = client.get(PAGE)
    assert len(response.context["rows"]) == (8 if role == "secretariat" else 6) + 21


def test_invite_page_links_to_the_sent_invitations(login_as, director):
    html = login_as(director).get("/en/members/invite/").content.decode()

    assert f'href="{PAGE}" id="sent-invitations-link"' in html


# Send a new link ---------------------------------------------------------------------------------


def test_director_sends_a_new_link_for_own_team_invitation(login_as, director, invitations, deliver, client):
    invitation = invitations["failed"]
    with deliver():
        response = login_as(director).post(resend_url(invitation), {"status": "pending", "entity": "999"})

    assert (response.status_code, response["Location"]) == (302, f"{PAGE}?status=pending")
    [message] = mail.outbox
    assert message.to == ["failed@test.gcn.ae"]
    [token] = LINK.findall(message.body)
    invitation.refresh_from_db()
    assert invitation.token_hash == Invitation.hash_token(token)
    assert (invitation.email_attempts, invitation.entity, invitation.role) == (1, director.entity, Role.TEAM)
    assert invitation.email_sent_at is not None
    assert invitation.expires_at > timezone.now() + timedelta(days=6, hours=23)
    [entry] = audit_entries(AuditEntry.Action.INVITATION_SENT)
    assert (entry.actor, entry.target_id, entry.details) == (director, str(invitation.pk), {"role": "team", "resent": True})
    client.logout()
    assert client.get(f"/en/members/invitations/{token}/").status_code == 200


def test_a_new_link_replaces_the_old_one_and_revives_an_expired_invitation(login_as, secretariat, invitations, deliver, client):
    invitation = invitations["expired"]
    old_hash = invitation.token_hash

    with deliver():
        login_as(secretariat).post(resend_url(invitation))

    invitation.refresh_from_db()
    assert status_of(invitation) == Status.PENDING
    assert invitation.token_hash != old_hash
    assert not Invitation.objects.filter(token_hash=old_hash).exists()  # the previous link finds nothing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_resend_queues_a_new_link_and_the_page_shows_a_refused_mail(login_as, secretariat, invitations, settings):
    client = login_as(secretariat)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, False, 5
    response = client.post(resend_url(invitations["failed"]), follow=True)
    assert response.status_code == 200
    assert flash(response) == ["A new invitation link is on its way to failed@test.gcn.ae."]

    # The worker meets a refused connection: the job waits for its retry and the page says so.
    run_queued_tasks()
    failed = Invitation.objects.get(pk=invitations["failed"].pk)
    assert (failed.email_sent_at, failed.email_attempts) == (None, 1)
    page = client.get("/en/members/invite/sent/").content.decode()
    assert "Failed: the mail server did not take it" in page and "It will be sent again automatically." in page


@pytest.mark.parametrize("key", ["accepted", "revoked"])
def test_accepted_or_revoked_invitations_are_not_sent_again(login_as, secretariat, invitations, key):
    invitation = invitations[key]

    response = login_as(secretariat).post(resend_url(invitation), follow=True)

    assert flash(response) == ["This invitation has been accepted or revoked: it cannot be sent again."]
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert audit_entries(AuditEntry.Action.INVITATION_SENT) == []


def test_no_new_link_once_the_person_has_an_account(login_as, secretariat, invitations, entity):
    make_user("pending@test.gcn.ae", Role.TEAM, entity)

    response = login_as(secretariat).post(resend_url(invitations["pending"]), follow=True)

    assert flash(response) == ["An account with this e-mail address already exists."]
    assert mail.outbox == [] and audit_entries(AuditEntry.Action.INVITATION_SENT) == []


# Revoke ------------------------------------------------------------------------------------------


def test_director_revokes_own_team_invitation(login_as, director, invitations, client):
    invitation = invitations["pending"]

    response = login_as(director).post(revoke_url(invitation), follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert flash(response) == ["The invitation to pending@test.gcn.ae has been revoked: its link no longer works."]
    invitation.refresh_from_db()
    assert status_of(invitation) == Status.REVOKED
    [entry] = audit_entries(AuditEntry.Action.INVITATION_REVOKED)
    assert (entry.actor, entry.target_id) == (director, str(invitation.pk))


def test_a_revoked_link_no_longer_opens(login_as, secretariat, deliver, entity, client):
    from members import services

    with deliver():
        invitation = services.invitation_create(email="soon.gone@test.gcn.ae", role=Role.TEAM, entity=entity, invited_by=secretariat)
    [token] = LINK.findall(mail.outbox[0].body)
    login_as(secretariat).post(revoke_url(invitation))

    client.logout()
    assert client.get(f"/en/members/invitations/{token}/").status_code == 410


@pytest.mark.parametrize("key", ["accepted", "revoked"])
def test_accepted_or_revoked_invitations_cannot_be_revoked(login_as, secretariat, invitations, key):
    invitation = invitations[key]

    response = login_as(secretariat).post(revoke_url(invitation), follow=True)

    assert flash(response) == ["This invitation has already been accepted or revoked."]
    assert Invitation.objects.get(pk=invitation.pk).revoked_at == invitation.revoked_at
    assert audit_entries(AuditEntry.Action.INVITATION_REVOKED) == []


# Who may act -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [resend_url, revoke_url])
@pytest.mark.parametrize(("role", "key", "status"), [
    ("director", "other_entity", 404),  # another entity's invitation: not found
    ("director", "guest", 404),  # the secretariat's guest invitation: not found
    ("other_director", "pending", 404),
    ("director", "new_director", 403),  # seen on the page, but a director invites only their team
    ("team", "pending", 404),
    ("guest", "pending", 404),
])
def test_who_may_not_act_on_an_invitation(login_as, users, invitations, url, role, key, status):
    invitation = invitations[key]

    response = login_as(users[role]).post(url(invitation))

    assert response.status_code == status
    assert Invitation.objects.get(pk=invitation.pk).__dict__ | {"_state": None} == invitation.__dict__ | {"_state": None}
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action__in=[AuditEntry.Action.INVITATION_SENT, AuditEntry.Action.INVITATION_REVOKED]).exists()


@pytest.mark.parametrize("url", [resend_url, revoke_url])
def test_get_on_an_action_is_refused_and_changes_nothing(login_as, secretariat, invitations, url):
    invitation = invitations["pending"]

    response = login_as(secretariat).get(url(invitation))

    assert response.status_code == 405
    assert Invitation.objects.get(pk=invitation.pk).__dict__ | {"_state": None} == invitation.__dict__ | {"_state": None}
    assert not AuditEntry.objects.filter(action__in=[AuditEntry.Action.INVITATION_SENT, AuditEntry.Action.INVITATION_REVOKED]).exists()


def test_actions_need_the_csrf_token(secretariat, invitations):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat, backend="members.backends.AuthenticationBackend")

    assert client.post(revoke_url(invitations["pending"])).status_code == 403
    assert Invitation.objects.get(pk=invitations["pending"].pk).revoked_at is None


def test_unknown_invitation_is_not_found(login_as, secretariat, invitations):
    assert login_as(secretariat).post("/en/members/invite/sent/987654/revoke/").status_code == 404
    assert User.objects.filter(email="pending@test.gcn.ae").count() == 0
