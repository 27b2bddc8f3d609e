"""The home page's panels and an entity page's sections, kept in the shared cache for one user at a time.

Each panel and section (portal.registry) is drawn by another portal, with queries the ORM compiles
afresh on every page (about half of the home page's and the entity page's time). What they show
depends on the user, the page's language, the data and the day; so a rendering is kept under a key
made of exactly those: the registered name (and the entity), the user's id, the language, the
**data version** and the local date. It is never shared between two users, whatever their roles.

The data version is a counter in the shared cache that every write to the database moves on: an
execute wrapper on each database connection (installed when the connection opens) sees each
statement that is not a read, whoever sends it (a service, admin, `QuerySet.update()`, bulk
inserts, the background worker), and moves the counter at once and again after the transaction
commits. At once: the writing request sees its own change. After the commit: a page drawn between
the two, from the data before the commit, was kept under a version nobody asks for any more.
Keys that are no longer asked for expire (TTL), which also bounds what time alone changes (a
meeting that has just ended leaves "my next meetings" within a minute).

Only with a cache every process shares (Redis): with each process's own memory, a write made by
the background worker or another gunicorn worker would not move this process's counter, and stale
panels would be served. Without Redis (`make run`'s default) nothing is kept.

A panel or section must therefore draw only from the user, the language and the database: not
from the session, the query string or the CSRF token (tests/portal/test_fragments.py checks the
registered templates for the last).
"""
import collections
import contextlib
import contextvars
import hashlib
import pickle
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone

from portal.i18n import active_language

VERSION_KEY = "portal:data-version"
TTL_SECONDS = 60
# Statements that write nothing. Everything else (INSERT, UPDATE, DELETE, TRUNCATE, WITH ... INSERT,
# DDL) moves the version: a harmless miss when in doubt.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW", "BEGIN", "COMMIT", "EXPLAIN", "VACUUM", "ANALYZE")


def enabled():
    return "Redis" in settings.CACHES["default"]["BACKEND"]


def _start():
    # A counter that is lost (a cache cleared or evicted) starts again from the clock, never from a
    # value an earlier counter held: renderings kept under that value may still be there.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)


# The version read during the request being served (a page asks for it once per kept part): read
# once, forgotten when the request ends and whenever this thread writes. Outside a request (the
# background worker, a shell), None: read every time.
_UNREAD = object()
_request_version = contextvars.ContextVar("request_data_version", default=None)


def data_version():
    remembered = _request_version.get()
    if remembered is not None and remembered is not _UNREAD:
        return remembered
    version = cache.get(VERSION_KEY)
    if version is None:
        _start()
        version = cache.get(VERSION_KEY)
    if remembered is _UNREAD:
        _request_version.set(version)
    return version


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet: a new one is a new version too
        _start()
    if _request_version.get() is not None:
        _request_version.set(_UNREAD)  # this request wrote: it reads the new version next


def _request_started(**kwargs):
    _request_version.set(_UNREAD)


def _request_finished(**kwargs):
    _request_version.set(None)


def _writes(sql):
    # Django writes a UNION of two ordered or limited queries as "(SELECT ...) UNION (SELECT ...)".
    return not sql.lstrip(" \t\n(").upper().startswith(_READS)


_uncounted = contextvars.ContextVar("uncounted_writes", default=False)


@contextlib.contextmanager
def write_that_no_panel_shows():
    """Writes inside leave the data version alone: for bookkeeping no panel or section draws from
    (a case's view counter). Counted like any other write, each page view of a case would throw away
    every user's kept home panels and entity sections."""
    token = _uncounted.set(True)
    try:
        yield
    finally:
        _uncounted.reset(token)


def _bump_after_commit_once(db_connection):
    # Once per transaction is enough after the commit (each statement already moved it at once).
    if not any(function is bump for _ids, function, _robust in db_connection.run_on_commit):
        transaction.on_commit(bump, using=db_connection.alias)


def _watch_writes(db_connection):
    def wrapper(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        finally:
            if _writes(sql) and not _uncounted.get():
                bump()
                if db_connection.in_atomic_block:
                    _bump_after_commit_once(db_connection)

    return wrapper


def _on_connection_created(sender, connection, **kwargs):
    wrappers = connection.execute_wrappers
    if not any(getattr(wrapper, "_moves_data_version", False) for wrapper in wrappers):
        wrapper = _watch_writes(connection)
        wrapper._moves_data_version = True
        wrappers.append(wrapper)


def connect():
    """From PortalConfig.ready(): watch every database connection's writes (only with Redis)."""
    if enabled():
        connection_created.connect(_on_connection_created, dispatch_uid="portal-fragments-data-version")
        request_started.connect(_request_started, dispatch_uid="portal-fragments-request-started")
        request_finished.connect(_request_finished, dispatch_uid="portal-fragments-request-finished")
        if connection.connection is not None:  # already open (a shell, a test that imported late)
            _on_connection_created(None, connection)


def render_many(request, named_renderers, *, scope=""):
    """[HTML or None] of each `(name, render)`: kept ones read in one round trip, the others drawn
    by `render()` and kept. `scope` adds what else the rendering depends on (an entity's id)."""
    if not enabled() or not request.user.is_authenticated:
        return [render() for _name, render in named_renderers]
    prefix = f"fragment:{data_version()}:{request.user.pk}:{active_language()}:{timezone.localdate().isoformat()}:{scope}:"
    keys = [prefix + name for name, _render in named_renderers]
    kept = cache.get_many(keys)
    found, missing = [], {}
    for key, (_name, render) in zip(keys, named_renderers):
        if key in kept:
            found.append(kept[key][0])  # stored in a list: a panel with nothing to show is None
        else:
            html = render()
            found.append(html)
            missing[key] = [html]
    if missing:
        cache.set_many(missing, timeout=TTL_SECONDS)
    return found


KEPT_TTL_SECONDS = 10 * 60
# What this process holds of the current version's kept values, at most (pickled bytes).
IN_PROCESS_BYTES = 32 * 1024 * 1024


class _InProcess:
    """The kept values of one data version this process has read, as pickles, oldest first.

    A value kept under a version never changes (any write is a new version), so it need not be
    asked of Redis again while the version lasts: a meeting's page asked for five, each a round trip
    of about 0.2 ms of CPU. Kept as pickles and unpickled on each read, as from Redis: a page may
    change what it is given (the agenda items it annotates), and must not change the next page's.
    Dropped whole when the version moves on (versions only grow: a counter lost from Redis starts
    again from the clock); the oldest go first beyond IN_PROCESS_BYTES."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.pickles = collections.OrderedDict()
        self.size = 0

    def get(self, version, key):
        with self.lock:
            if version != self.version:
                return None
            found = self.pickles.get(key)
        return None if found is None else pickle.loads(found)  # noqa: S301 - written by this process

    def put(self, version, key, value):
        pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(pickled) > IN_PROCESS_BYTES:
            return
        with self.lock:
            if self.version is None or version > self.version:
                self.version, self.pickles, self.size = version, collections.OrderedDict(), 0
            elif version < self.version:  # a request still on the version before: nobody asks for it now
                return
            if key in self.pickles:
                return
            self.pickles[key] = pickled
            self.size += len(pickled)
            while self.size > IN_PROCESS_BYTES:
                _key, oldest = self.pickles.popitem(last=False)
                self.size -= len(oldest)


_in_process = _InProcess()


def kept(key, compute):
    """compute()'s value, kept in the shared cache under `key` and the data version, for what is
    worked out from the database alone: `key` must name everything else it depends on (the
    viewer's rights, the language...). Any write is a new version, so a kept value is never stale.
    Each process also holds what it has read of the current version (_InProcess).
    Without Redis it is worked out every time, for the reason the module's docstring gives."""
    if not enabled():
        return compute()
    version = data_version()
    # Hashed: the key may hold any characters, of any length (a cache key may not).
    full_key = f"kept:{version}:{hashlib.sha1(key.encode()).hexdigest()}"
    found = _in_process.get(version, full_key)
    if found is not None:
        return found[0]
    found = cache.get(full_key)
    if found is None:
        found = [compute()]  # in a list: a value of None is kept too
        cache.set(full_key, found, timeout=KEPT_TTL_SECONDS)
    _in_process.put(version, full_key, found)
    return found[0]
