"""Admin cannot be used to read secrets or take accounts over: no lookup on a secret field on any
admin, TOTP secrets never shown, login addresses changed only through an audited service that tells
the old address, and a role change leaves exactly the new role's rights."""
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from members import services
from members.models import Role, User

from portal.admin import SecretFieldsAdminMixin, is_secret_field, lookup_reaches_secret
from portal.models import AuditEntry
from tests.conftest import PASSWORD, TOTP_SECRET, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    """An account made by `createsuperuser`: a secretariat member with every permission."""
    user = User.objects.create_superuser("root@test.gcn.ae", PASSWORD, name_ar="المدير العام", name_en="Root")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, TOTP_SECRET)
    return user


def changelist_url(model):
    return f"/en/admin/{model._meta.app_label}/{model._meta.model_name}/"


def secret_lookups(model):
    """Every lookup that reaches a secret: on the model itself, or one relation away."""
    lookups = set()
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            name = field.name if field.concrete else field.field.related_query_name()
            for remote in field.related_model._meta.get_fields():
                if getattr(remote, "concrete", False) and is_secret_field(field.related_model, remote):
                    lookups.add(f"{name}__{remote.name}__startswith")
        elif getattr(field, "concrete", False) and is_secret_field(model, field):
            lookups.add(f"{field.name}__startswith")
    return lookups


ALL_LOOKUPS = sorted(
    (model._meta.label_lower, lookup) for model in admin.site._registry for lookup in secret_lookups(model)
)


def test_every_registered_admin_guards_secret_fields():
    unguarded = [type(model_admin).__name__ for model_admin in admin.site._registry.values() if not isinstance(model_admin, SecretFieldsAdminMixin)]
    assert unguarded == []


def test_the_lookups_under_test_include_the_ones_the_review_found():
    assert {
        ("members.user", "password__startswith"),
        ("members.invitation", "token_hash__startswith"),
        ("members.invitation", "invited_by__password__startswith"),
        ("members.entity", "people__password__startswith"),
        ("portal.auditentry", "actor__password__startswith"),
        ("account.emailaddress", "user__password__startswith"),
        ("mfa.authenticator", "data__startswith"),
        ("mfa.authenticator", "user__password__startswith"),
        ("auth.group", "user__password__startswith"),
        ("socialaccount.socialaccount", "user__password__startswith"),
        ("socialaccount.socialtoken", "token__startswith"),
        ("socialaccount.socialtoken", "token_secret__startswith"),
        ("socialaccount.socialtoken", "app__secret__startswith"),
        ("socialaccount.socialapp", "secret__startswith"),
        ("socialaccount.socialapp", "client_id__startswith"),
    } <= set(ALL_LOOKUPS)


@pytest.mark.parametrize(("label", "lookup"), ALL_LOOKUPS)
def test_every_changelist_refuses_lookups_on_secrets(login_as, superuser, director, label, lookup):
    from django.apps import apps

    model = apps.get_model(label)
    response = login_as(superuser).get(changelist_url(model), {lookup: "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "director@test.gcn.ae" not in body and "root@test.gcn.ae" not in body


@pytest.mark.parametrize("model", sorted(admin.site._registry, key=lambda model: model._meta.label_lower), ids=lambda model: model._meta.label_lower)
def test_every_admin_list_still_opens_for_a_superuser(login_as, superuser, director, model):
    response = login_as(superuser).get(changelist_url(model))
    assert response.status_code == 200
    assert response.context["cl"].model is model


@pytest.mark.parametrize("query", [
    {"password__startswith": "md5"}, {"password": "x"}, {"password__regex": "^md5"},
    {"invitations_sent__token_hash__startswith": "a"}, {"authenticator__data__contains": "x"},
    {"emailaddress__user__password__startswith": "md5"},
])
def test_secretariat_cannot_filter_members_by_a_secret(login_as, secretariat, director, query):
    response = login_as(secretariat).get("/ar/admin/members/user/", query)
    assert response.status_code == 400
    assert "director@test.gcn.ae" not in response.content.decode()


def test_authenticator_list_refuses_filtering_on_the_totp_secret(login_as, secretariat):
    client = login_as(secretariat)
    for query in ({"data__contains": "JBSW"}, {"data__secret__startswith": "J"}, {"user__password__startswith": "md5"}):
        assert client.get("/ar/admin/mfa/authenticator/", query).status_code == 400, query
    # Harmless filters still work.
    response = client.get("/ar/admin/mfa/authenticator/", {"type__exact": "totp"})
    assert [a.user.email for a in response.context["cl"].result_list] == ["secretariat@test.gcn.ae"]


def test_lookup_paths_reaching_a_secret_are_recognised():
    assert lookup_reaches_secret(User, "password") is True
    assert lookup_reaches_secret(User, "-password") is True
    assert lookup_reaches_secret(User, "entity__people__password__startswith") is True
    assert lookup_reaches_secret(Authenticator, "data__secret") is True
    assert lookup_reaches_secret(User, "email__startswith") is False
    assert lookup_reaches_secret(User, "entity__name_en") is False
    assert lookup_reaches_secret(Authenticator, "user__email") is False


def test_secret_fields_are_dropped_from_search_filters_and_columns(rf, secretariat):
    class CarelessAdmin(SecretFieldsAdminMixin, admin.ModelAdmin):
        list_display = ["email", "password"]
        list_filter = ["role", "password", ("entity__people__password", admin.AllValuesFieldListFilter)]
        search_fields = ["email", "password", "=invitations_sent__token_hash"]
        ordering = ["password", "email"]

    careless = CarelessAdmin(User, admin.site)
    request = rf.get("/")
    request.user = secretariat
    assert careless.get_list_display(request) == ["email"]
    assert careless.get_list_filter(request) == ["role"]
    assert careless.get_search_fields(request) == ["email"]
    assert careless.get_ordering(request) == ["email"]
    assert careless.get_sortable_by(request) == ["email"]


def test_secretariat_search_cannot_match_a_password_hash(login_as, secretariat, director):
    response = login_as(secretariat).get("/en/admin/members/user/", {"q": "md5$"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


# TOTP secrets in admin ------------------------------------------------------------------------------

def test_authenticator_pages_never_show_the_secret(login_as, secretariat):
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    client = login_as(secretariat)
    for url in ("/en/admin/mfa/authenticator/", f"/en/admin/mfa/authenticator/{authenticator.pk}/change/",
                "/ar/admin/mfa/authenticator/", f"/ar/admin/mfa/authenticator/{authenticator.pk}/change/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert TOTP_SECRET not in body and "JBSW" not in body, url
        assert authenticator.data["secret"] not in body and "enc1:" not in body, url
        assert 'name="data"' not in body, url
    response = client.get("/en/admin/mfa/authenticator/")
    assert response.context["cl"].list_display == ["action_checkbox", "person", "kind", "created", "last_used"]
    assert [row.pk for row in response.context["cl"].result_list] == [authenticator.pk]


def test_authenticator_admin_is_read_only_without_add(login_as, secretariat):
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    stored = dict(authenticator.data)
    client = login_as(secretariat)
    assert client.get("/en/admin/mfa/authenticator/add/").status_code == 403
    response = client.post(f"/en/admin/mfa/authenticator/{authenticator.pk}/change/", {"type": "totp", "data": "{}"})
    assert response.status_code == 403
    authenticator.refresh_from_db()
    assert authenticator.data == stored


def test_secretariat_resets_a_lost_phone_by_deleting_the_authenticator_and_it_is_audited(login_as, secretariat, director):
    TOTP.activate(director, TOTP_SECRET)
    authenticator = Authenticator.objects.get(user=director, type=Authenticator.Type.TOTP)
    response = login_as(secretariat).post(f"/en/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=director).exists()
    entry = AuditEntry.objects.get(action="deleted", target_type="mfa.authenticator")
    assert (entry.actor, entry.target_id) == (secretariat, str(authenticator.pk))
    assert entry.details == {"via": "admin", "person": "director@test.gcn.ae", "type": "totp"}


def test_deleting_a_secretariat_authenticator_sends_them_back_to_totp_setup(login_as, secretariat):
    colleague = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    TOTP.activate(colleague, TOTP_SECRET)
    authenticator = Authenticator.objects.get(user=colleague, type=Authenticator.Type.TOTP)
    login_as(secretariat).post("/en/admin/mfa/authenticator/", {"action": "delete_selected", "_selected_action": [authenticator.pk], "post": "yes"})
    assert not Authenticator.objects.filter(user=colleague).exists()
    assert AuditEntry.objects.filter(action="deleted", target_type="mfa.authenticator", actor=secretariat).count() == 1
    response = login_as(colleague).get("/ar/admin/")
    assert (response.status_code, response["Location"]) == (302, "/ar/accounts/2fa/totp/activate/")


# Login addresses ---------------------------------------------------------------------------------

def test_email_address_admin_is_read_only(login_as, secretariat, director):
    address = EmailAddress.objects.get(user=director)
    client = login_as(secretariat)
    assert client.get("/en/admin/account/emailaddress/add/").status_code == 403
    response = client.post(f"/en/admin/account/emailaddress/{address.pk}/change/", {
        "user": director.pk, "email": "attacker@evil.example", "verified": "on", "primary": "on",
    })
    assert response.status_code == 403
    response = client.post("/en/admin/account/emailaddress/", {"action": "make_verified", "_selected_action": [address.pk]})
    assert response.status_code == 200  # the action does not exist: the list is shown again
    page = client.get(f"/en/admin/account/emailaddress/{address.pk}/change/")
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    address.refresh_from_db()
    assert (address.email, address.verified, address.primary) == ("director@test.gcn.ae", True, True)
    assert client.post(f"/en/admin/account/emailaddress/{address.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EmailAddress.objects.filter(pk=address.pk).exists()


def change_email(deliver, **kwargs):
    with deliver():
        return services.user_change_email(**kwargs)


def test_change_email_updates_the_account_and_its_addresses(deliver, secretariat, director):
    EmailAddress.objects.create(user=director, email="khalid.old@test.gcn.ae", verified=True, primary=False)
    change_email(deliver, user=director, new_email=" Khalid@New.GCN.ae ", acting_user=secretariat)
    director.refresh_from_db()
    assert director.email == "khalid@new.gcn.ae"
    assert list(EmailAddress.objects.filter(user=director).values_list("email", "verified", "primary")) == [
        ("khalid@new.gcn.ae", False, True)
    ]
    entry = AuditEntry.objects.get(action="updated", target_id=str(director.pk))
    assert entry.actor == secretariat
    assert entry.details == {"fields": ["email"], "old": "director@test.gcn.ae", "new": "khalid@new.gcn.ae"}


def test_change_email_confirms_the_new_address_and_tells_the_old_one(deliver, secretariat, director):
    change_email(deliver, user=director, new_email="khalid@new.gcn.ae", acting_user=secretariat)
    assert sorted(message.to[0] for message in mail.outbox) == ["director@test.gcn.ae", "khalid@new.gcn.ae"]
    confirmation = next(message for message in mail.outbox if message.to == ["khalid@new.gcn.ae"])
    assert "/accounts/confirm-email/" in confirmation.body
    notice = next(message for message in mail.outbox if message.to == ["director@test.gcn.ae"])
    assert notice.subject.startswith("[GCN] ")
    assert "Your GCN Portal login e-mail address was changed" in notice.subject
    assert "khalid@new.gcn.ae" in notice.body
    assert "Maryam Al Hashimi <secretariat@test.gcn.ae>" in notice.body  # who, in English
    assert "مريم الهاشمي <secretariat@test.gcn.ae>" in notice.body  # and in Arabic
    assert "(Dubai time)" in notice.body


def test_change_email_outside_a_request_links_the_confirmation_on_the_portal_url(deliver, settings, secretariat, director):
    settings.PORTAL_BASE_URL = "https://portal.gcn.example"
    change_email(deliver, user=director, new_email="khalid@new.gcn.ae", acting_user=secretariat)
    confirmation = next(message for message in mail.outbox if message.to == ["khalid@new.gcn.ae"])
    assert re.search(r"https://portal\.gcn\.example/(ar|en)/accounts/confirm-email/[^/\s]+/", confirmation.body)


def test_old_address_no_longer_receives_a_password_reset(client, deliver, secretariat, director):
    change_email(deliver, user=director, new_email="khalid@new.gcn.ae", acting_user=secretariat)
    mail.outbox.clear()
    response = client.post("/en/accounts/password/reset/", {"email": "director@test.gcn.ae"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_new_address_must_be_confirmed_before_it_signs_in(client, deliver, secretariat, director):
    change_email(deliver, user=director, new_email="khalid@new.gcn.ae", acting_user=secretariat)
    response = client.post("/en/accounts/login/", {"login": "khalid@new.gcn.ae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert client.session.get("_auth_user_id") is None
    response = client.post("/en/accounts/login/", {"login": "director@test.gcn.ae", "password": PASSWORD})
    assert response.status_code == 200 and client.session.get("_auth_user_id") is None


@pytest.mark.parametrize(("new_email", "code"), [
    ("Team@Test.GCN.ae", "exists"),  # another account's address, in another case
    ("DIRECTOR@test.gcn.ae", "unchanged"),
    ("not-an-address", "invalid"),
])
def test_change_email_refuses_a_taken_same_or_invalid_address(deliver, secretariat, director, team_member, new_email, code):
    with pytest.raises(ValidationError) as error:
        change_email(deliver, user=director, new_email=new_email, acting_user=secretariat)
    assert error.value.code == code
    director.refresh_from_db()
    assert director.email == "director@test.gcn.ae"
    assert list(EmailAddress.objects.filter(user=director).values_list("email", "verified")) == [("director@test.gcn.ae", True)]
    assert not AuditEntry.objects.filter(action="updated").exists()
    assert mail.outbox == []


def test_change_email_refuses_an_address_another_account_holds_in_allauth(deliver, secretariat, director, team_member):
    EmailAddress.objects.create(user=team_member, email="noura.private@test.gcn.ae", verified=True, primary=False)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        change_email(deliver, user=director, new_email="Noura.Private@test.gcn.ae", acting_user=secretariat)
    assert error.value.messages == ["Another account already uses this e-mail address."]


def test_a_mail_failure_keeps_the_change_and_both_emails_wait_for_a_retry(deliver, settings, secretariat, director):
    # A real refused connection: nothing listens on port 1.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, False, 5
    change_email(deliver, user=director, new_email="khalid@new.gcn.ae", acting_user=secretariat)
    director.refresh_from_db()
    assert director.email == "khalid@new.gcn.ae"
    assert AuditEntry.objects.filter(action="updated", target_id=str(director.pk)).count() == 1
    jobs = DBTaskResult.objects.order_by("args_kwargs__args__0__to")
    assert [(job.status, job.args_kwargs["args"][0]["to"]) for job in jobs] == [
        ("READY", ["director@test.gcn.ae"]), ("READY", ["khalid@new.gcn.ae"]),
    ]
    assert all(job.exception_class_path == "builtins.ConnectionRefusedError" for job in jobs)


def test_member_page_in_admin_links_to_the_change_email_page(login_as, secretariat, director):
    body = login_as(secretariat).get(f"/en/admin/members/user/{director.pk}/change/").content.decode()
    assert f'href="/en/admin/members/user/{director.pk}/change-email/"' in body


def test_secretariat_changes_a_login_email_in_admin(login_as, deliver, secretariat, director):
    client = login_as(secretariat)
    url = f"/en/admin/members/user/{director.pk}/change-email/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="new_email"' in page.content.decode() and "director@test.gcn.ae" in page.content.decode()
    with deliver():
        response = client.post(url, {"new_email": "khalid@new.gcn.ae"})
    assert (response.status_code, response["Location"]) == (302, f"/en/admin/members/user/{director.pk}/change/")
    director.refresh_from_db()
    assert director.email == "khalid@new.gcn.ae"
    assert len(mail.outbox) == 2
    entry = AuditEntry.objects.get(action="updated", target_id=str(director.pk))
    assert (entry.actor, entry.ip_address) == (secretariat, "127.0.0.1")


def test_change_email_page_shows_a_taken_address_as_a_form_error(login_as, secretariat, director, team_member):
    response = login_as(secretariat).post(f"/en/admin/members/user/{director.pk}/change-email/", {"new_email": "TEAM@test.gcn.ae"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"new_email": ["Another account already uses this e-mail address."]}
    director.refresh_from_db()
    assert director.email == "director@test.gcn.ae"


@pytest.mark.parametrize("role", ["director", "team", "guest", "other_director"])
def test_only_the_secretariat_reaches_the_change_email_page(login_as, users, role):
    director = users["director"]
    client = login_as(users[role])
    response = client.post(f"/ar/admin/members/user/{director.pk}/change-email/", {"new_email": "evil@evil.example"})
    assert response.status_code == 302 and response["Location"].startswith("/ar/admin/login/")
    director.refresh_from_db()
    assert director.email == "director@test.gcn.ae"


def test_change_email_page_of_an_unknown_member_is_not_found(login_as, secretariat):
    assert login_as(secretariat).get("/en/admin/members/user/999999/change-email/").status_code == 404


# Role changes leave exactly the new role's rights -------------------------------------------------

def test_demoting_a_superuser_removes_every_admin_right(login_as, superuser, secretariat, entity):
    assert superuser.has_perm("members.change_user") is True
    superuser.entity = entity
    superuser.save(update_fields=["entity"])
    services.user_set_role(user=superuser, role=Role.DIRECTOR, acting_user=secretariat)
    superuser.refresh_from_db()
    assert (superuser.role, superuser.is_superuser, superuser.is_staff) == ("director", False, False)
    assert list(superuser.groups.values_list("name", flat=True)) == ["director"]
    assert list(superuser.user_permissions.all()) == []
    fresh = User.objects.get(pk=superuser.pk)
    for permission in ("members.change_user", "members.view_user", "mfa.delete_authenticator", "auth.change_group",
                       "portal.view_auditentry", "account.change_emailaddress"):
        assert fresh.has_perm(permission) is False, permission
    response = login_as(fresh).get("/ar/admin/")
    assert (response.status_code, response["Location"]) == (302, "/ar/admin/login/?next=/ar/admin/")
    entry = AuditEntry.objects.get(action="role_changed", target_id=str(superuser.pk))
    assert entry.actor == secretariat
    assert entry.details == {"old": "secretariat", "new": "director", "superuser_removed": True}


def test_role_change_clears_permissions_given_one_by_one(secretariat):
    colleague = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    colleague.user_permissions.add(Permission.objects.get(codename="change_group", content_type__app_label="auth"))
    assert User.objects.get(pk=colleague.pk).has_perm("auth.change_group") is True
    services.user_set_role(user=colleague, role=Role.DIRECTOR, acting_user=secretariat)
    assert list(colleague.user_permissions.all()) == []
    services.user_set_role(user=colleague, role=Role.SECRETARIAT, acting_user=secretariat)
    fresh = User.objects.get(pk=colleague.pk)
    assert fresh.has_perm("auth.change_group") is False
    assert fresh.has_perm("members.change_user") is True
    assert list(fresh.groups.values_list("name", flat=True)) == ["secretariat"]


def test_role_change_updates_the_callers_object_at_once(secretariat):
    colleague = make_user("secretariat2@test.gcn.ae", Role.SECRETARIAT)
    colleague.user_permissions.add(Permission.objects.get(codename="change_group", content_type__app_label="auth"))
    assert colleague.has_perm("auth.change_group") is True  # fills the instance's permission cache
    services.user_set_role(user=colleague, role=Role.SECRETARIAT, acting_user=secretariat)
    assert colleague.has_perm("auth.change_group") is False
    assert colleague.has_perm("members.change_user") is True


def test_superuser_set_to_secretariat_keeps_only_the_secretariat_group(superuser, secretariat):
    services.user_set_role(user=superuser, role=Role.SECRETARIAT, acting_user=secretariat)
    superuser.refresh_from_db()
    assert (superuser.is_superuser, superuser.is_staff) == (False, True)
    assert list(superuser.groups.values_list("name", flat=True)) == ["secretariat"]
    fresh = User.objects.get(pk=superuser.pk)
    assert fresh.has_perm("members.change_user") is True
    assert fresh.has_perm("auth.change_group") is False


def test_role_change_in_admin_removes_superuser(login_as, secretariat, superuser):
    response = login_as(secretariat).post(f"/en/admin/members/user/{superuser.pk}/change/", {
        "name_ar": superuser.name_ar, "name_en": superuser.name_en, "role": "guest",
        "is_active": "on", "job_title_ar": "", "job_title_en": "", "office_phone": "", "mobile": "",
        "bio_ar": "", "bio_en": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    superuser.refresh_from_db()
    assert (superuser.role, superuser.is_superuser, superuser.is_staff) == ("guest", False, False)


# Admin in Arabic ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("msgid", "arabic"), [
    ("Choose all %s", "اختر كل %s"),
    ("Remove all %s", "أزل كل %s"),
    ("Choose selected %s", "اختر %s المحددة"),
    ("Remove selected %s", "أزل %s المحددة"),
    ("Available %s", None),  # already in Django's Arabic catalogue: still served
])
def test_admin_javascript_catalogue_is_arabic(login_as, secretariat, msgid, arabic):
    import json

    body = login_as(secretariat).get("/ar/admin/jsi18n/").content.decode()
    match = re.search(re.escape(json.dumps(msgid)) + r': (".*?(?<!\\)")', body)
    assert match is not None, msgid
    served = json.loads(match.group(1))
    assert re.search("[\u0600-\u06ff]", served), served
    if arabic:
        assert served == arabic


def test_arabic_admin_names_allauth_models_in_arabic(login_as, secretariat):
    body = login_as(secretariat).get("/ar/admin/").content.decode()
    assert "أدوات المصادقة" in body and "عناوين البريد الإلكتروني" in body
    assert "Authenticators" not in body and "Email addresses" not in body


def test_authenticator_dates_are_formatted_in_dubai_time(login_as, secretariat):
    from datetime import datetime, timezone

    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=authenticator.pk).update(
        created_at=datetime(2026, 3, 1, 6, 30, tzinfo=timezone.utc), last_used_at=None,
    )
    body = login_as(secretariat).get(f"/en/admin/mfa/authenticator/{authenticator.pk}/change/").content.decode()
    assert "1 March 2026, 10:30" in body  # 06:30 UTC is 10:30 in Dubai
    assert "+00:00" not in body


def test_audit_log_names_object_types_in_the_page_language(login_as, secretariat, director):
    from portal import audit

    audit.record(audit.Action.UPDATED, actor=secretariat, target=director)
    client = login_as(secretariat)
    response = client.get("/ar/admin/portal/auditentry/")
    body = response.content.decode()
    assert "members.user" not in body.replace('?target_type=members.user', '')
    assert "عضو" in body
    filtered = client.get("/ar/admin/portal/auditentry/", {"target_type": "members.user"})
    assert {entry.target_type for entry in filtered.context["cl"].result_list} == {"members.user"}
    english = client.get("/en/admin/portal/auditentry/").content.decode()
    assert "<td class=\"field-target_kind\">Member</td>" in english
