"""Optional OpenID Connect single sign-on: logs in invited accounts by verified e-mail, creates none."""
import pytest
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from members.models import User

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "openid_connect": {
        "APPS": [{"provider_id": "sso", "name": "UAE PASS", "client_id": "portal", "secret": "s3cret",
                  "settings": {"server_url": "https://id.example.invalid"}}],
        "EMAIL_AUTHENTICATION": True,
    }
}


@pytest.fixture
def sso(settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS


def identity_provider_says(request, email, uid="uid-1"):
    """What the provider's verified ID token hands allauth, before allauth decides what to do."""
    return SocialLogin(
        provider=get_adapter().get_provider(request, "sso"),
        user=User(email=email),
        account=SocialAccount(provider="sso", uid=uid, extra_data={"email": email, "email_verified": True}),
        email_addresses=[EmailAddress(email=email, verified=True, primary=True)],
    )


def sso_request():
    request = RequestFactory().get("/ar/accounts/oidc/sso/login/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    return request


def test_login_page_offers_the_provider(client, sso):
    body = client.get("/en/accounts/login/").content.decode()
    assert "UAE PASS" in body
    assert "/en/accounts/oidc/sso/login/" in body


def test_existing_account_is_matched_by_verified_email(sso, director):
    request = sso_request()
    with request_context(request):  # what allauth's middleware sets around every request
        complete_social_login(request, identity_provider_says(request, "Director@Test.GCN.ae"))
    assert request.session[SESSION_KEY] == str(director.pk)
    assert SocialAccount.objects.get(uid="uid-1").user == director


def test_unknown_email_creates_no_account(sso, director):
    request = sso_request()
    before = User.objects.count()
    with request_context(request):
        response = complete_social_login(request, identity_provider_says(request, "stranger@example.gov.ae", uid="uid-2"))
    assert User.objects.count() == before
    assert SESSION_KEY not in request.session
    assert response.status_code in (200, 302)
    assert not SocialAccount.objects.filter(uid="uid-2").exists()
