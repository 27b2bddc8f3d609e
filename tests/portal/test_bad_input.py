"""A NUL byte in a query string or a URL-encoded form is refused with the portal's 400 page before it
can reach PostgreSQL (which cannot hold one in text, and would raise: a 500)."""
from urllib.parse import urlencode

import pytest

from members.models import User
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"

ROLES = ["secretariat", "director", "team", "other_director", "guest", "anonymous"]


def assert_bad_request(response):
    assert response.status_code == 400
    body = response.content.decode()
    assert "طلب غير صالح" in body and "Bad request" in body
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/ar/search/?q=%00", "/en/search/?q=abc%00def", "/ar/search/?%00=1"])
def test_search_with_a_nul_byte_is_a_bad_request(login_as, users, role, url):
    assert_bad_request(login_as(users[role]).get(url))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", [
    "/ar/admin/members/user/?q=%00",
    "/ar/admin/members/user/?role=%00",
    "/ar/admin/members/user/?entity__sector=%00",
    "/ar/admin/members/entity/?q=%00",
    "/ar/admin/members/invitation/?q=x%00",
    "/ar/admin/portal/auditentry/?q=%00",
    "/ar/admin/portal/auditentry/?action=%00",
    "/ar/admin/mfa/authenticator/?type__exact=%00",
    "/ar/admin/account/emailaddress/?q=%00",
    "/ar/admin/autocomplete/?term=%00&app_label=members&model_name=user&field_name=acting_for",
])
def test_admin_lists_with_a_nul_byte_are_a_bad_request(login_as, users, role, url):
    assert_bad_request(login_as(users[role]).get(url))


@pytest.mark.parametrize("url", [
    "/ar/members/?q=%00", "/ar/members/?entity=%00", "/ar/members/?sector=%00", "/ar/meetings/?page=%00",
])
def test_member_pages_with_a_nul_byte_are_a_bad_request(login_as, director, url):
    assert_bad_request(login_as(director).get(url))


def test_login_form_with_a_nul_byte_is_a_bad_request_and_is_not_audited(client, director):
    response = client.post("/ar/accounts/login/", urlencode({"login": "director@test.gcn.ae\x00", "password": "x"}), content_type=FORM)
    assert_bad_request(response)
    assert client.session.get("_auth_user_id") is None
    assert not AuditEntry.objects.filter(action__in=["login", "login_failed"]).exists()


def test_admin_change_form_with_a_nul_byte_changes_nothing(login_as, secretariat, director):
    data = {
        "name_ar": "خالد\x00", "name_en": director.name_en, "role": "director", "entity": director.entity_id,
        "is_active": "on",
    }
    client = login_as(secretariat)
    assert_bad_request(client.post(f"/en/admin/members/user/{director.pk}/change/", urlencode(data), content_type=FORM))
    # The same as a multipart form (not read by the middleware): the form refuses it, no 500.
    response = client.post(f"/en/admin/members/user/{director.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_ar"] == ["Null characters are not allowed."]
    assert User.objects.get(pk=director.pk).name_ar == "خالد المنصوري"


def test_ordinary_input_still_passes(login_as, secretariat, director):
    client = login_as(secretariat)
    response = client.get("/ar/admin/members/user/", {"q": "خالد", "role": "director"})
    assert response.status_code == 200
    assert [person.email for person in response.context["cl"].result_list] == ["director@test.gcn.ae"]
    response = client.get("/ar/search/", {"q": "خالد"})
    assert response.status_code == 200
    assert response.context["query"] == "خالد"
