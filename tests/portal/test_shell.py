"""The bilingual shell: language prefixes, lang/dir, redirects and the home dashboard."""
import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_follows_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("ar", "ar", "rtl"), ("en", "en", "ltr")])
def test_html_lang_and_dir_follow_the_language(client, prefix, lang, direction):
    response = client.get(f"/{prefix}/")
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


def test_home_requires_login(client):
    response = client.get("/ar/home/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/login/?next=/ar/home/"


def test_home_greets_director_by_arabic_name(login_as, director):
    response = login_as(director).get("/ar/home/")
    assert response.status_code == 200
    assert "خالد المنصوري" in response.content.decode()


def test_pages_carry_a_same_origin_content_security_policy(client):
    policy = client.get("/ar/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "default-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
