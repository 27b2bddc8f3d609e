"""Shared fixtures: one user per role (plus a director of another entity and anonymous), and
real services. Tests run on PostgreSQL and Redis; they refuse to run on anything else."""
import time

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from members.models import Entity, Role, User
from members.services import user_set_role

PASSWORD = "Correct-Horse-Battery-9"
# 160 bits, the size allauth generates (PyOTP refuses secrets under 112 bits).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pytest_collection_modifyitems(config, items):
    """A transactional test must restore the database it empties (serialized_rollback=True).
    Without it, the flush after the test loses the rows the migrations wrote (role groups) and
    recreates content types under new keys, and the next test that restores the serialized
    database fails on a duplicate content type. Refused at collection, naming the test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, serialized_rollback=True)")


@pytest.fixture(autouse=True)
def _real_services(settings):
    # Plain static storage: the tests must not depend on a prior collectstatic.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # Tests create accounts by the dozen; 1M PBKDF2 rounds each would dominate the run.
    # Logins still go through the real forms and backends.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request through the test client leaves its language active in this thread: each test starts
    # in the portal's default language, whichever test ran before it.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    # Rate limits and used TOTP codes live in the shared cache: start each test clean. Only this
    # run's keys are removed, so parallel runs on one Redis do not log each other out.
    clear_cache()


def clear_cache():
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not prefix or "Redis" not in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    if "django_db_setup" in request.fixturenames or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    ):
        assert connection.vendor == "postgresql", "The test suite must run on PostgreSQL (make test)."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(email, role, entity=None, *, name_ar="", name_en="", password=PASSWORD):
    user = User.objects.create_user(email, password, name_ar=name_ar or email, name_en=name_en or email, entity=entity)
    user_set_role(user=user, role=role)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def entity(db):
    return Entity.objects.create(name_ar="دائرة الاقتصاد والسياحة", name_en="Department of Economy and Tourism", short_name="DET", sector="economy")


@pytest.fixture
def other_entity(db):
    return Entity.objects.create(name_ar="بلدية دبي", name_en="Dubai Municipality", short_name="DM", sector="infrastructure")


@pytest.fixture
def secretariat(db):
    user = make_user("secretariat@test.gcn.ae", Role.SECRETARIAT, name_ar="مريم الهاشمي", name_en="Maryam Al Hashimi")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def director(entity):
    return make_user("director@test.gcn.ae", Role.DIRECTOR, entity, name_ar="خالد المنصوري", name_en="Khalid Al Mansouri")


@pytest.fixture
def team_member(entity):
    return make_user("team@test.gcn.ae", Role.TEAM, entity, name_ar="نورة الفلاسي", name_en="Noura Al Falasi")


@pytest.fixture
def other_director(other_entity):
    return make_user("director2@test.gcn.ae", Role.DIRECTOR, other_entity, name_ar="سعيد المهيري", name_en="Saeed Al Muhairi")


@pytest.fixture
def guest(db):
    return make_user("guest@test.gcn.ae", Role.GUEST, name_ar="ليلى حداد", name_en="Layla Haddad")


@pytest.fixture
def users(secretariat, director, team_member, other_director, guest):
    """Every role by name; `anonymous` is None."""
    return {
        "secretariat": secretariat, "director": director, "team": team_member,
        "other_director": other_director, "guest": guest, "anonymous": None,
    }


def totp_now(secret=TOTP_SECRET):
    """The current code, never one about to expire: allauth accepts only the current 30-second step
    (MFA_TOTP_TOLERANCE 0), and a code read at 29.9 s was refused by the time a loaded machine
    posted it."""
    seconds_left = 30 - time.time() % 30
    if seconds_left < 2:
        time.sleep(seconds_left + 0.05)
    return pyotp.TOTP(secret).now()


@pytest.fixture
def login_as(client):
    """Log the client in as a user, passing the TOTP step for those who have it (through allauth)."""
    def _login(user):
        if user is None:
            client.logout()
            return client
        client.force_login(user, backend="members.backends.AuthenticationBackend")
        return client

    return _login


def run_queued_tasks():
    """Run every queued job that is due, one after another, the way `manage.py db_worker` runs each
    (its Worker.run_task: claim, call, record the outcome, retries put back by portal.tasks), inside
    the test's transaction. Returns the rows that ran. The worker process itself is exercised in
    tests/portal/test_tasks.py."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    ran = []
    # Bounded: a job that re-queues itself for "now" must not loop forever.
    for _ in range(1000):
        row = DBTaskResult.objects.ready().first()
        if row is None:
            return ran
        row.claim(worker.worker_id)
        worker.run_task(row)
        ran.append(row)
    raise AssertionError("The queue did not empty after 1000 jobs.")


@pytest.fixture
def run_tasks(db):
    return run_queued_tasks


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """`with deliver(): ...` runs what the block left for after commit, then the jobs it queued
    (e-mails), as a committed request followed by the worker would."""
    from contextlib import contextmanager

    @contextmanager
    def _deliver():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_queued_tasks()

    return _deliver
