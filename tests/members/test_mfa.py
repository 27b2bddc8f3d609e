"""Login through allauth's real forms: e-mail + password, then TOTP for the secretariat, who cannot
do without it (admin included). Login events land in the audit log."""
import json
import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.forms.models import model_to_dict

from members.adapters import MFAAdapter
from members.models import Role
from portal.models import AuditEntry
from tests.conftest import PASSWORD, TOTP_SECRET, make_user, totp_now

pytestmark = pytest.mark.django_db

LOGIN = "/ar/accounts/login/"
MFA_AUTHENTICATE = "/ar/accounts/2fa/authenticate/"
ACTIVATE_TOTP = "/ar/accounts/2fa/totp/activate/"
DEACTIVATE_TOTP = "/ar/accounts/2fa/totp/deactivate/"
REAUTHENTICATE = "/ar/accounts/reauthenticate/"


SECRET = TOTP_SECRET


def wrong_code():
    """A six-digit code that is not valid in any nearby time step."""
    totp = pyotp.TOTP(SECRET)
    now = time.time()
    valid = {totp.at(now + step * 30) for step in range(-3, 4)}
    return next(code for code in (f"{n:06d}" for n in range(1, 10**6, 7919)) if code not in valid)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_secretariat_is_asked_for_totp_after_password(client, secretariat):
    response = client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE
    assert signed_in_user_id(client) is None
    response = client.get(MFA_AUTHENTICATE)
    assert response.status_code == 200
    assert "code" in response.context["form"].fields


def test_wrong_totp_code_is_rejected(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": wrong_code()})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert signed_in_user_id(client) is None
    assert client.get("/ar/home/")["Location"] == "/ar/accounts/login/?next=/ar/home/"


def test_current_totp_code_signs_the_secretariat_in(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"
    assert signed_in_user_id(client) == str(secretariat.pk)
    assert client.get("/ar/admin/").status_code == 200


def test_wrong_code_then_right_code_signs_in(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    client.post(MFA_AUTHENTICATE, {"code": wrong_code()})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert response["Location"] == "/ar/home/"
    assert signed_in_user_id(client) == str(secretariat.pk)


def test_totp_step_cannot_be_skipped(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.get("/ar/admin/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_secretariat_without_authenticator_is_sent_to_totp_setup_from_home(login_as):
    user = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    response = login_as(user).get("/ar/home/")
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


def test_secretariat_without_authenticator_cannot_reach_admin(login_as):
    user = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    assert user.is_staff is True
    client = login_as(user)
    for url in ("/ar/admin/", "/ar/admin/members/user/", "/ar/admin/portal/auditentry/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, ACTIVATE_TOTP), url


def test_secretariat_without_authenticator_enrolls_totp_right_after_signing_in(client):
    user = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    response = client.post(LOGIN, {"login": "secretariat2@test.gcn.ae", "password": PASSWORD}, follow=True)
    # allauth asks for the password again before any authenticator change; the MFA guard lets that through.
    assert response.redirect_chain == [
        ("/ar/home/", 302),
        (ACTIVATE_TOTP, 302),
        (REAUTHENTICATE + "?next=%2Far%2Faccounts%2F2fa%2Ftotp%2Factivate%2F", 302),
    ]
    response = client.post(
        REAUTHENTICATE + "?next=%2Far%2Faccounts%2F2fa%2Ftotp%2Factivate%2F", {"password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(ACTIVATE_TOTP, 302)]
    secret = response.context["form"].secret
    response = client.post(ACTIVATE_TOTP, {"code": totp_now(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    assert client.get("/ar/home/").status_code == 200
    assert client.get("/ar/admin/").status_code == 200


def test_secretariat_cannot_delete_their_authenticator(secretariat):
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    assert MFAAdapter().can_delete_authenticator(authenticator) is False


def test_director_may_delete_their_authenticator(director):
    TOTP.activate(director, SECRET)
    authenticator = Authenticator.objects.get(user=director, type=Authenticator.Type.TOTP)
    assert MFAAdapter().can_delete_authenticator(authenticator) is True


def test_secretariat_deactivating_totp_is_refused(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    response = client.post(DEACTIVATE_TOTP, follow=True)
    assert response.redirect_chain == [(REAUTHENTICATE + "?next=%2Far%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F", 302)]
    # After the password, allauth replays the suspended POST: the deactivation form answers.
    response = client.post(REAUTHENTICATE + "?next=%2Far%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F", {"password": PASSWORD})
    assert response.status_code == 200
    assert list(response.context_data["form"].errors) == ["__all__"]
    # Posting again, now recently reauthenticated, is refused the same way.
    response = client.post(DEACTIVATE_TOTP)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["__all__"]] == ["cannot_delete_authenticator"]
    assert Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).count() == 1


def test_director_is_not_forced_to_use_mfa(client, director):
    response = client.post(LOGIN, {"login": "director@test.gcn.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"
    assert signed_in_user_id(client) == str(director.pk)
    response = client.get("/ar/home/")
    assert response.status_code == 200
    assert response.context["user"] == director


def test_admin_login_redirects_to_allauth_login(client):
    response = client.get("/ar/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/login/?next=%2Far%2Fadmin%2Flogin%2F"


def test_admin_index_sends_anonymous_to_allauth_login(client):
    response = client.get("/ar/admin/", follow=True)
    assert response.redirect_chain == [
        ("/ar/admin/login/?next=/ar/admin/", 302),
        ("/ar/accounts/login/?next=%2Far%2Fadmin%2F", 302),
    ]


def test_admin_login_form_cannot_bypass_totp(client, secretariat):
    response = client.post("/ar/admin/login/", {"username": "secretariat@test.gcn.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert signed_in_user_id(client) is None


def test_login_is_case_insensitive_on_email(client, director):
    response = client.post(LOGIN, {"login": "Director@Test.GCN.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ar/home/"
    assert signed_in_user_id(client) == str(director.pk)


def test_failed_login_is_audited_without_the_password(client, director):
    tried_password = "Wrong-Password-Xyz-123"
    response = client.post(LOGIN, {"login": "director@test.gcn.ae", "password": tried_password})
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None
    assert entry.actor_label == "director@test.gcn.ae"
    assert entry.ip_address == "127.0.0.1"
    assert entry.details == {}
    stored = json.dumps(model_to_dict(entry), default=str)
    assert tried_password not in stored
    assert AuditEntry.objects.filter(action="login").count() == 0


def test_successful_login_is_audited(client, director):
    client.post(LOGIN, {"login": "director@test.gcn.ae", "password": PASSWORD})
    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor, entry.actor_label, entry.ip_address) == (director, "director@test.gcn.ae", "127.0.0.1")
    assert AuditEntry.objects.filter(action="login_failed").count() == 0


def test_secretariat_login_is_audited_only_after_totp(client, secretariat):
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    assert AuditEntry.objects.filter(action="login").count() == 0
    client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert list(AuditEntry.objects.filter(action="login").values_list("actor", flat=True)) == [secretariat.pk]


# TOTP secrets at rest ---------------------------------------------------------------------------

def test_totp_secret_is_stored_encrypted(secretariat):
    from django.db import connection

    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data::text FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        stored = cursor.fetchone()[0]
    assert SECRET not in stored
    assert authenticator.data["secret"].startswith("enc1:")
    assert MFAAdapter().decrypt(authenticator.data["secret"]) == SECRET


def test_recovery_code_seed_is_stored_encrypted(director):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(director)
    seed = codes.instance.data["seed"]
    assert seed.startswith("enc1:")
    assert len(MFAAdapter().decrypt(seed)) == 80
    assert len(codes.generate_codes()) == 10


def test_decrypting_a_plain_or_foreign_value_raises(settings):
    from cryptography.fernet import Fernet
    from django.core.exceptions import ValidationError

    from portal import crypto

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(SECRET)
    encrypted = crypto.encrypt(SECRET)
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.DecryptionError) as error:
        crypto.decrypt(encrypted)
    assert SECRET not in str(error.value)
    # allauth's forms read secrets through the adapter, which turns the failure into a form error.
    with pytest.raises(ValidationError) as refusal:
        MFAAdapter().decrypt(encrypted)
    assert refusal.value.code == "unreadable_authenticator"
    assert SECRET not in str(refusal.value)


def test_a_previous_key_still_reads_what_it_wrote_and_new_values_use_the_new_key(settings):
    from cryptography.fernet import Fernet

    from portal import crypto

    old_key = settings.MFA_ENCRYPTION_KEY
    written_before = crypto.encrypt(SECRET)
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.MFA_PREVIOUS_ENCRYPTION_KEYS = [old_key]
    assert crypto.decrypt(written_before) == SECRET
    written_after = crypto.encrypt(SECRET)
    settings.MFA_PREVIOUS_ENCRYPTION_KEYS = []
    assert crypto.decrypt(written_after) == SECRET
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(written_before)


def test_totp_login_fails_closed_on_a_secret_stored_in_the_clear(client, secretariat):
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": SECRET})
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["code"][0].code == "unreadable_authenticator"
    assert "الأمانة العامة" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_totp_login_after_a_key_change_without_the_old_key_is_a_clear_error_not_a_500(client, secretariat, settings):
    from cryptography.fernet import Fernet

    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["code"][0].code == "unreadable_authenticator"
    assert signed_in_user_id(client) is None


def test_totp_login_after_a_key_change_with_the_old_key_kept_signs_in(client, secretariat, settings):
    from cryptography.fernet import Fernet

    settings.MFA_PREVIOUS_ENCRYPTION_KEYS = [settings.MFA_ENCRYPTION_KEY]
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    client.post(LOGIN, {"login": "secretariat@test.gcn.ae", "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": totp_now()})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(secretariat.pk)


def test_migration_encrypts_plain_secrets_and_reverses(secretariat, director):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("portal.migrations.0002_encrypt_mfa_secrets")
    totp = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": SECRET})
    codes = Authenticator.objects.create(
        user=director, type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 3, "migrated_codes": ["12345678", "87654321"]},
    )
    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # a second run leaves encrypted values alone
    totp.refresh_from_db()
    codes.refresh_from_db()
    adapter = MFAAdapter()
    assert totp.data["secret"].startswith("enc1:") and adapter.decrypt(totp.data["secret"]) == SECRET
    assert adapter.decrypt(codes.data["seed"]) == "ab" * 40
    assert [adapter.decrypt(code) for code in codes.data["migrated_codes"]] == ["12345678", "87654321"]
    assert codes.data["used_mask"] == 3
    assert TOTP(totp).validate_code(totp_now())

    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data == {"secret": SECRET}
    assert codes.data == {"seed": "ab" * 40, "used_mask": 3, "migrated_codes": ["12345678", "87654321"]}


def test_settings_require_the_mfa_key_when_debug_is_off(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.delenv("MFA_ENCRYPTION_KEY", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured) as error:
            importlib.reload(portal.settings)
        assert str(error.value) == "MFA_ENCRYPTION_KEY must be set when DEBUG is off."
        monkeypatch.setenv("MFA_ENCRYPTION_KEY", "not-a-key")
        with pytest.raises(ImproperlyConfigured) as error:
            importlib.reload(portal.settings)
        assert str(error.value) == "MFA_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes)."
        monkeypatch.setenv("DEBUG", "true")
        monkeypatch.delenv("MFA_ENCRYPTION_KEY")
        assert importlib.reload(portal.settings).MFA_ENCRYPTION_KEY == "ZGV2ZWxvcG1lbnQtb25seS1tZmEta2V5LWRlYnVnISE="
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)
