"""The members portal's notifications: an invitation accepted (to whoever sent it), a role or a
network seat changed (to the person), each from its service."""
import pytest
from django.utils import timezone
from django.utils.translation import override

from members import services
from members.models import Invitation, NetworkSeat, Role, User
from portal.notifications.models import Notification
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_inviter_hears_that_the_invitation_was_accepted(director, entity, other_director):
    _token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email="new.member@test.gcn.ae", role=Role.TEAM, entity=entity, invited_by=director, token_hash=token_hash,
    )

    user = services.invitation_accept(invitation=invitation, password="Correct-Horse-Battery-9", name_ar="سارة", name_en="Sara")

    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.actor, notification.kind) == (director, user, "members.invitation_accepted")
    assert (notification.url_name, notification.url_args) == ("members:invitations", [])
    with override("en"):
        assert notification.title == "Sara accepted your invitation"
        assert notification.body == "They can now sign in to the GCN Portal as: Communication team."


def test_a_role_changed_by_the_secretariat_is_told_to_the_person(team_member, secretariat):
    User.objects.filter(pk=team_member.pk).update(last_login=timezone.now())
    team_member.refresh_from_db()

    services.user_set_role(user=team_member, role=Role.DIRECTOR, acting_user=secretariat)

    [notification] = Notification.objects.filter(recipient=team_member)
    assert (notification.kind, notification.context) == ("members.role_changed", {"role": "director", "old_role": "team"})
    assert notification.url_name == "members:profile"


def test_setting_up_an_account_tells_nobody(secretariat, entity):
    # A new account (never signed in) gets its role from the secretariat: nothing to tell yet.
    person = make_user("fresh@test.gcn.ae", Role.TEAM, entity)
    services.user_set_role(user=person, role=Role.DIRECTOR, acting_user=secretariat)
    assert not Notification.objects.exists()


def test_a_new_network_seat_is_told_to_its_holder(director, entity, secretariat):
    services.seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER, acting_user=secretariat)
    services.seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER, acting_user=secretariat)  # no change

    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind, notification.url_args) == (director, "members.seat_changed", [entity.pk])
    with override("en"):
        assert notification.title == "Your network seat: Network member for Department of Economy and Tourism"
