"""`seed_demo`: realistic, idempotent, refuses production, and its accounts work."""
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from members.models import Entity, NetworkSeat, User

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "secretariat@demo.gcn.ae": ("secretariat", "General Secretariat of the Executive Council of Dubai"),
    "director@demo.gcn.ae": ("director", "Department of Economy and Tourism"),
    "team@demo.gcn.ae": ("team", "Department of Economy and Tourism"),
    "director2@demo.gcn.ae": ("director", "Dubai Municipality"),
    "guest@demo.gcn.ae": ("guest", None),
}


def seed(*args):
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()


def test_seeds_every_portal_once_and_again_without_duplicates(settings):
    settings.DEBUG = True
    printed = seed()
    counts = (Entity.objects.count(), User.objects.count(), Meeting.objects.count(), NetworkSeat.objects.count())
    assert counts[0] == 40 and counts[1] >= 150 and counts[2] == 4
    for email in DEMO_ROLES:
        assert email in printed
    assert "GcnDemo!2026" in printed and "JBSWY3DPEHPK3PXP" in printed
    seed()
    assert (Entity.objects.count(), User.objects.count(), Meeting.objects.count(), NetworkSeat.objects.count()) == counts
    assert "already loaded" in seed("--once")


def test_demo_accounts_have_their_roles_entities_and_password(settings, client):
    settings.DEBUG = True
    seed()
    for email, (role, entity) in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        assert (user.role, user.entity.name_en if user.entity else None) == (role, entity)
        assert user.check_password("GcnDemo!2026")
    guest = User.objects.get(email="guest@demo.gcn.ae")
    assert list(Meeting.objects.visible_to(guest).values_list("title_en", flat=True)) == ["Knowledge session: crisis communication"]
    people = User.objects.in_directory()
    assert people.exclude(photo="").count() == people.count()
    assert people.exclude(name_ar="").exclude(name_en="").count() == people.count()


def test_demo_secretariat_totp_matches_the_printed_secret_and_demo_totp(settings):
    settings.DEBUG = True
    seed()
    secretariat = User.objects.get(email="secretariat@demo.gcn.ae")
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    output = io.StringIO()
    call_command("demo_totp", stdout=output)
    code = output.getvalue().strip()
    assert validate_totp_code("JBSWY3DPEHPK3PXP", code)
    assert TOTP(authenticator).validate_code(code)
