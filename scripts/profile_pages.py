"""`make profile`: where the pages (members, meetings, Al Multaqa) spend their time, on the data `make bench` leaves behind.

Each page is requested through Django's test client (all middleware, no HTTP server), logged in as
the bench's director, in two passes:
  1. timed: this process's CPU time (other processes on a busy machine do not count) split into
     middleware (everything outside the view), the view's own Python, SQL on the client side (inside
     and outside template rendering) and template rendering; plus the SQL round trips' wall time,
     which includes PostgreSQL's work. The best of 5 batches of 10 requests;
  2. under cProfile, also on CPU time: the cumulative time of the usual suspects (template tags,
     URL reversing, permission checks, prefetching, QR and vCard work...) and the top functions by
     own time. Profiling slows Python down about twofold: read its shares, not its milliseconds.
Figures are per request. They are for finding hot spots, not for comparing machines.

    make profile                       # every page
    make profile ARGS="person search"  # some pages
"""
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import bench_portals  # noqa: E402  (this folder is on sys.path when run as a script)

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcn_bench")
REQUESTS = 30
BATCHES, BATCH = 5, 10
CLOCK = time.process_time

# (label, dotted path of a function): its cumulative time per request under cProfile. Nested ones
# overlap (a template tag's time includes the URL it reverses).
SUSPECTS = [
    ("{% include %}", "django.template.loader_tags.IncludeNode.render"),
    ("{% url %} and reverse()", "django.urls.base.reverse"),
    ("{% translate %}", "django.templatetags.i18n.TranslateNode.render"),
    ("{% blocktranslate %}", "django.templatetags.i18n.BlockTranslateNode.render"),
    ("{% static %}", "django.templatetags.static.StaticNode.render"),
    ("documents_panel", "portal.documents.templatetags.documents.documents_panel"),
    ("Bilingual fields", "portal.i18n.Bilingual.__get__"),
    ("directory_filters", "members.templatetags.members_tags.directory_filters"),
    ("directory_cards", "members.templatetags.members_tags.directory_cards"),
    ("directory_rows", "members.templatetags.members_tags.directory_rows"),
    ("contact_actions", "members.templatetags.members_tags.contact_actions"),
    ("contact_cells", "members.templatetags.members_tags.contact_cells"),
    ("entity_cards", "members.templatetags.members_tags.entity_cards"),
    ("entity_people", "members.templatetags.members_tags.entity_people"),
    ("person_avatar", "members.templatetags.members_tags.person_avatar"),
    ("seat_badge", "members.templatetags.members_tags.seat_badge"),
    ("context processor navigation", "portal.context_processors.navigation"),
    ("permission checks (has_perm)", "django.contrib.auth.models._user_has_perm"),
    ("rules predicates", "rules.predicates.Predicate.test"),
    ("SQL: compile", "django.db.models.sql.compiler.SQLCompiler.as_sql"),
    ("SQL: execute", "django.db.backends.utils.CursorWrapper._execute"),
    ("SQL: rows to model instances", "django.db.models.base.Model.from_db"),
    ("prefetch_related", "django.db.models.query.prefetch_related_objects"),
    ("QR code", "qrcode.main.QRCode.make"),
    ("vCard", "members.vcards.person_vcard_for_qr"),
    ("session load", "django.contrib.sessions.backends.base.SessionBase._get_session"),
    ("CSRF token", "django.middleware.csrf.get_token"),
]


def code_key(dotted):
    """The (file, line, name) key cProfile gives a function, or None when it does not exist here."""
    import inspect
    import pkgutil

    try:
        function = inspect.unwrap(pkgutil.resolve_name(dotted))
    except (ImportError, AttributeError, ValueError):
        return None
    code = function.__code__
    return (code.co_filename, code.co_firstlineno, code.co_name)


def pages():
    from members.models import Entity, User

    entity = Entity.objects.order_by("pk").first()
    person = User.objects.filter(entity=entity).order_by("pk").first()
    return {
        "trivial": "/robots.txt",  # what every request costs: middleware, URL resolving, test client
        "directory": "/ar/members/?n=1",
        "directory_table": "/ar/members/?view=table&n=1",
        "entity_list": "/ar/members/entities/",
        "entity": f"/ar/members/entities/{entity.pk}/",
        "person": f"/ar/members/people/{person.pk}/",
        "home": "/ar/home/",
        "search": "/ar/search/?q=%D8%A3%D8%AD%D9%85%D8%AF",  # every bench person matches
        "search_one": f"/ar/search/?q={quote(person.name_ar)}",  # a handful match
        **{name: path.replace("n=", "n=1") for name, path in bench_portals.pages().items()},
    }


class Timer:
    """Wraps SQL execution, template rendering and the view handler for the timed pass."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.sql_count = self.sql_in_template = self.sql_outside_template = self.sql_wall = 0.0
        self.template = self.view = 0.0
        self.template_depth = 0

    def sql(self, execute, sql, params, many, context):
        started, started_wall = CLOCK(), time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = CLOCK() - started
            self.sql_wall += time.perf_counter() - started_wall
            self.sql_count += 1
            if self.template_depth:
                self.sql_in_template += spent
            else:
                self.sql_outside_template += spent

    def install(self):
        from django.core.handlers.base import BaseHandler
        from django.template.base import Template

        timer = self
        render, get_response = Template.render, BaseHandler._get_response

        def timed_render(template, context):
            timer.template_depth += 1
            started = CLOCK()
            try:
                return render(template, context)
            finally:
                timer.template_depth -= 1
                if not timer.template_depth:
                    timer.template += CLOCK() - started

        def timed_get_response(handler, request):
            started = CLOCK()
            try:
                return get_response(handler, request)
            finally:
                timer.view += CLOCK() - started

        Template.render, BaseHandler._get_response = timed_render, timed_get_response


def timed_pass(client, url, timer):
    """The batch with the least CPU time, per request."""
    from django.db import connection

    best = None
    for _ in range(BATCHES):
        timer.reset()
        started = CLOCK()
        with connection.execute_wrapper(timer.sql):
            for _ in range(BATCH):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        total = CLOCK() - started
        if best is None or total < best[0]:
            best = (total, timer.view, timer.template, timer.sql_in_template, timer.sql_outside_template, timer.sql_wall, timer.sql_count)
    total, view, template, sql_in_template, sql_outside_template, sql_wall, sql_count = (value / BATCH for value in best)
    return {
        "total": total * 1000,
        "middleware and client": (total - view) * 1000,
        "view's own Python": (view - template - sql_outside_template) * 1000,
        "SQL outside templates": sql_outside_template * 1000,
        "SQL inside templates": sql_in_template * 1000,
        "templates without SQL": (template - sql_in_template) * 1000,
        "SQL wall time": sql_wall * 1000,
        "queries": sql_count,
        "bytes": len(response.content),
    }


def profiled_pass(client, url):
    profiler = cProfile.Profile(CLOCK)
    profiler.enable()
    for _ in range(REQUESTS):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # own times add up to the whole
    suspects = {}
    for label, dotted in SUSPECTS:
        row = stats.stats.get(code_key(dotted))
        if row:
            suspects[label] = (row[3] / REQUESTS * 1000, row[3] / total, row[1] / REQUESTS)
    top = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    own = [
        (f"{Path(filename).parent.name}/{Path(filename).name}:{line} {function}", row[2] / REQUESTS * 1000, row[1] / REQUESTS)
        for (filename, line, function), row in top
    ]
    return total / REQUESTS * 1000, suspects, own


def main(selected):
    os.environ["DATABASE_URL"] = BENCH_DB
    # Its own cache keys: a test run elsewhere on this machine clears its prefix ("gcn" for `make test`).
    os.environ["CACHE_KEY_PREFIX"] = f"profile{os.getpid()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test import Client

    from members.models import User

    director = User.objects.filter(email="bench-director@bench.gcn.ae").first()
    if director is None:
        sys.exit("No bench data: run `make bench` first (it leaves the gcn_bench database behind).")
    print(f"Bench data: {User.objects.count()} people. CPU milliseconds per request of this process.")
    client = Client()
    client.force_login(director, backend="members.backends.AuthenticationBackend")
    timer = Timer()
    timer.install()
    for name, url in pages().items():
        if selected and name not in selected:
            continue
        for _ in range(3):  # warm-up: template loader, translations, connections
            client.get(url)
        timed = timed_pass(client, url, timer)
        profiled_total, suspects, own = profiled_pass(client, url)
        print(f"\n== {name}  {url}")
        print(f"   {timed['total']:.1f} ms CPU, {timed['queries']:.0f} queries taking {timed['SQL wall time']:.1f} ms of wall time, {timed['bytes']:,} bytes")
        for label in ("middleware and client", "view's own Python", "SQL outside templates", "SQL inside templates", "templates without SQL"):
            print(f"   {label:<24} {timed[label]:7.1f} ms  {timed[label] / timed['total']:5.0%}")
        print(f"   -- under cProfile ({profiled_total:.1f} ms per request, slowed by profiling): cumulative")
        for label, (ms, share, calls) in suspects.items():
            print(f"   {label:<28} {ms:7.1f} ms  {share:5.0%}  {calls:7.0f} calls")
        print("   -- own time, top 15")
        for where, ms, calls in own:
            print(f"   {ms:7.2f} ms {calls:7.0f} calls  {where}")


if __name__ == "__main__":
    main(set(sys.argv[1:]))
