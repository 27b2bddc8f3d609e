"""The health endpoint and the error pages, with the database really out of reach.

The database is made unreachable for real: the connection settings are pointed at a closed port
(nothing listens on 127.0.0.1:1), so every new connection is refused exactly as when PostgreSQL is
down. Overriding `settings.DATABASES` would not do it: Django's connection handler reads that
setting once and keeps its own dict, which is the one changed here and restored afterwards.
"""
import logging
from contextlib import contextmanager

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import path

from portal import views

# Tests marked transaction=True close the real connection; serialized_rollback puts back the rows
# the migrations made (role groups...) after their flush, for the tests that run after them.
pytestmark = pytest.mark.django_db

ARABIC_503 = "البوابة غير متاحة مؤقتاً"
ENGLISH_503 = "The portal is temporarily unavailable"
ARABIC_404 = "الصفحة غير موجودة"
ENGLISH_404 = "Page not found"
ARABIC_500 = "حدث خطأ غير متوقع"
ENGLISH_500 = "Something went wrong"
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"



@contextmanager
def database_unreachable():
    """Every new connection to the default database is refused until the block ends."""
    settings_dict = connections["default"].settings_dict  # the dict new connections are made from
    saved = dict(settings_dict)
    settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        settings_dict.clear()
        settings_dict.update(saved)


def test_database_unreachable_refuses_new_connections(db):
    # Guards the helper: if the port trick stopped working, the 503 tests below would test nothing.
    with database_unreachable():
        fresh = connections.create_connection("default")
        with pytest.raises(OperationalError):
            fresh.ensure_connection()
        fresh.close()
    fresh = connections.create_connection("default")
    with fresh.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    fresh.close()


# /healthz ------------------------------------------------------------------------------------------
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == NEVER_CACHE


def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert response["Cache-Control"] == NEVER_CACHE


def test_healthz_recovers_as_soon_as_the_database_is_back(client):
    with database_unreachable():
        assert client.get("/healthz").status_code == 503
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_is_not_behind_the_language_prefix_or_login(client):
    assert client.get("/ar/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


# Pages while the database is down --------------------------------------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_page_shows_bilingual_503_while_the_database_is_down(client, login_as, director, caplog):
    client.raise_request_exception = False  # answer as in production, with the error page
    browser = login_as(director)
    connection.close()  # the next query must open a new connection, which the dead port refuses
    try:
        with database_unreachable(), caplog.at_level(logging.ERROR, logger="django.request"):
            response = browser.get("/ar/home/")
    finally:
        connection.close()
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert ARABIC_503 in body and ENGLISH_503 in body
    assert '<section lang="ar" dir="rtl">' in body and '<section lang="en" dir="ltr">' in body
    # The static page: nothing of the signed-in user, no navigation that would need the database.
    assert director.email not in body and "خالد المنصوري" not in body
    # The failure is logged for the secretariat, with the database error attached.
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info[0] is OperationalError
    # The database is back: the very next request works, on the same client and session.
    response = browser.get("/ar/home/")
    assert response.status_code == 200
    assert "خالد المنصوري" in response.content.decode()


def wsgi_get(path, cookies):
    """GET through Django's production WSGI handler, as gunicorn calls it.

    Unlike the test client, it sends request_started/request_finished to the connection
    housekeeping (close_old_connections), which is where CONN_HEALTH_CHECKS does its work.
    """
    factory = RequestFactory()
    factory.cookies = cookies
    started = {}
    response = WSGIHandler()(factory.get(path).environ, lambda status, headers: started.update(status=status))
    body = b"".join(response).decode()
    response.close()  # fires request_finished, as the server does after sending the response
    return int(started["status"].split()[0]), body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_request_after_a_database_restart_succeeds(login_as, director):
    """A kept connection killed by a database restart is replaced before use (CONN_HEALTH_CHECKS)."""
    cookies = login_as(director).cookies
    try:
        assert wsgi_get("/ar/home/", cookies)[0] == 200
        assert connection.connection is not None  # kept open between requests: CONN_MAX_AGE
        backend_pid = connection.connection.info.backend_pid
        # What a PostgreSQL restart does to every open session: terminate it from the server side.
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        status, body = wsgi_get("/ar/home/", cookies)
        assert status == 200
        assert "خالد المنصوري" in body
        assert connection.connection.info.backend_pid != backend_pid  # on a new database session
    finally:
        connection.close()


# 404 --------------------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_404_page_is_bilingual_and_needs_no_database(client):
    connection.close()
    try:
        with database_unreachable():
            response = client.get("/ar/no-such-page/")
    finally:
        connection.close()
    body = response.content.decode()
    assert response.status_code == 404
    assert ARABIC_404 in body and ENGLISH_404 in body
    assert '<html lang="ar" dir="rtl">' in body
    assert '<a href="/ar/">' in body and '<a href="/en/">' in body


@pytest.mark.parametrize("url", ["/en/no-such-page/", "/ar/meetings/999999/", "/xx/"])
def test_404_page_is_the_same_static_page_everywhere(login_as, director, url):
    response = login_as(director).get(url)
    body = response.content.decode()
    assert response.status_code == 404
    assert ARABIC_404 in body and ENGLISH_404 in body
    assert director.email not in body  # rendered without the request: no user, no session


# 500 --------------------------------------------------------------------------------------------------
def _boom(request):
    raise RuntimeError("a bug in a view")


def _database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def _not_found(request):
    raise Http404


# A small URLconf with views that fail, served through the project's own error handlers.
urlpatterns = [
    path("boom/", _boom),
    path("database-gone/", _database_gone),
    path("not-found/", _not_found),
]
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"


def test_project_uses_the_portal_error_handlers():
    from portal import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "portal.views.bad_request", "portal.views.permission_denied",
        "portal.views.page_not_found", "portal.views.server_error",
    )


@pytest.mark.urls(__name__)
def test_unhandled_error_gets_the_bilingual_500_page():
    response = Client(raise_request_exception=False).get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert ARABIC_500 in body and ENGLISH_500 in body
    assert "a bug in a view" not in body and "RuntimeError" not in body
    assert "Retry-After" not in response


@pytest.mark.urls(__name__)
def test_database_error_in_a_view_gets_the_503_page():
    response = Client(raise_request_exception=False).get("/database-gone/")
    body = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert ARABIC_503 in body and ENGLISH_503 in body
    assert "server closed the connection" not in body


def test_server_error_handler_outside_an_exception_returns_the_500_page():
    response = views.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert ARABIC_500 in body and ENGLISH_500 in body


@pytest.mark.parametrize(
    ("handler", "status", "arabic", "english"),
    [
        (views.bad_request, 400, "طلب غير صالح", "Bad request"),
        (views.permission_denied, 403, "غير مسموح", "Not allowed"),
    ],
)
def test_400_and_403_pages_are_bilingual(handler, status, arabic, english):
    response = handler(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{arabic}</h1>" in body and f"<h1>{english}</h1>" in body
