"""`make bench`: speed, memory and query counts, each as a ratio of two things measured side by side.

Writes bench.json. Absolute times are printed for information only: these machines are noisy.
  a. requests/s and p95 of member, meeting and Al Multaqa pages (their data: scripts/bench_portals.py)
     under gunicorn at 4 concurrent clients, next to a trivial
     view (robots.txt) measured in the same rounds; no page is served from an HTML cache. Also the
     CPU time each request costs (gunicorn's workers, their PostgreSQL backends and this process's
     load generator, read from /proc): its ratio is what requests/s would be on an idle machine,
     and other work on a shared one barely moves it
  b. the project's photo rendition of a 24 MP JPEG, next to Pillow's best case and naive Pillow
  e. SQL queries per page at N and 10N rows, in Arabic and English
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from urllib.parse import quote
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import bench_portals  # noqa: E402  (this folder is on sys.path when run as a script)

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcn_bench")
PORT = int(os.environ.get("BENCH_PORT", "8799"))  # another when two benches run at once


def setup_django():
    os.environ["DATABASE_URL"] = BENCH_DB
    # Its own cache keys (sessions, rate limits) in the shared Redis: a test run elsewhere on this
    # machine clears its own prefix ("gcn" for `make test`), which would log the bench out mid-run.
    os.environ["CACHE_KEY_PREFIX"] = f"bench{os.getpid()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # The few real files the meetings' and campaigns' rows name (scripts/bench_portals.py), in a folder
    # of the bench's own; gunicorn inherits it.
    os.environ["MEDIA_ROOT"] = str(ROOT / "var" / "bench-media")
    bench_portals.write_files(os.environ["MEDIA_ROOT"])
    import psycopg

    from psycopg import sql

    # The database named in BENCH_DATABASE_URL: two engineers benching at once each name their own.
    server, name = BENCH_DB.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(entities, people_per_entity):
    """Bulk rows: the benchmark measures reading them, not creating them."""
    from django.contrib.auth.hashers import make_password

    from members.models import Entity, Expertise, User

    start = Entity.objects.count()
    new_entities = Entity.objects.bulk_create(
        Entity(name_ar=f"جهة حكومية {start + i}", name_en=f"Government entity {start + i}", short_name=f"GE{start + i}", sector="economy")
        for i in range(entities)
    )
    password = make_password("GcnDemo!2026")
    expertise = list(Expertise.objects.all()[:3])
    people = User.objects.bulk_create(
        User(
            email=f"p{entity.pk}-{i}@bench.gcn.ae", name_ar=f"أحمد المنصوري {entity.pk}-{i}", name_en=f"Ahmed Al Mansouri {entity.pk}-{i}",
            role="team", entity=entity, password=password, office_phone="+971 4 200 1000",
        )
        for entity in new_entities for i in range(people_per_entity)
    )
    Through = User.expertise.through
    Through.objects.bulk_create(Through(user_id=person.pk, expertise_id=tag.pk) for person in people for tag in expertise)
    return new_entities, people


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def measure_queries():
    from django.test import Client

    from members.models import User

    director = User.objects.create_user("bench-director@bench.gcn.ae", "x", name_en="Bench", role="director")
    client = Client()
    client.force_login(director, backend="members.backends.AuthenticationBackend")
    from django.core.management import call_command

    entities, people = populate(6, 50)  # N = 300 people
    # N = 50 meetings of 20 documents and 500 campaigns; 10N below.
    bench_portals.populate(50, 500, director=director)
    # The people are bulk-inserted (no save signals): the search index is rebuilt as after an import.
    call_command("rebuild_search_index", verbosity=0)
    pages = {
        "directory_cards": "/{lang}/members/", "directory_table": "/{lang}/members/?view=table",
        "entity_list": "/{lang}/members/entities/",
        "entity": f"/{{lang}}/members/entities/{entities[0].pk}/", "person": f"/{{lang}}/members/people/{people[0].pk}/",
        "home": "/{lang}/home/", "search": "/{lang}/search/?q=%D8%A3%D8%AD%D9%85%D8%AF",
        **{name: path.replace("/ar/", "/{lang}/", 1) for name, path in bench_portals.pages().items()},
    }
    counts = {}
    for name, url in pages.items():
        for lang in ("ar", "en"):
            counts[f"{name}_{lang}_N"] = count_queries(client, url.format(lang=lang))
    populate(54, 50)  # 10N = 3,000 people, 60 entities
    bench_portals.populate(450, 4500, director=director, start_meetings=50, start_campaigns=500)  # 500 meetings, 5,000 campaigns
    call_command("rebuild_search_index", verbosity=0)
    # Planner statistics and visibility maps, as autovacuum keeps them on a live database. Without
    # them PostgreSQL sorted all 3,000 names for each directory page instead of reading the
    # directory's index (8 ms, not 0.6), counted them from the table rather than from their index,
    # and whether autovacuum happened to pass during the run changed the figures.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    for name, url in pages.items():
        for lang in ("ar", "en"):
            counts[f"{name}_{lang}_10N"] = count_queries(client, url.format(lang=lang))
    return counts, director


CONCURRENCY = 4
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ROUNDS = 3
SECONDS_PER_ROUND = 2
# Measure a of the shared brief (performance.md), for the pages it names that exist here.
TARGET = {"ratio_to_trivial": 0.30, "p95_ms": 50}
TARGETED = {"directory", "directory_table", "showcase", "showcase_filtered", "case", "meeting_detail", "meeting_upcoming"}


def load(url, cookie, seconds, latencies, errors, concurrency=CONCURRENCY):
    """Adds to `latencies` and `errors`; a URL ending in "n=" gets a new number each time (a cache miss)."""
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    def worker():
        while time.monotonic() < deadline:
            target = f"{url}{next(counter)}" if url.endswith("n=") else url
            request = urllib.request.Request(target, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                    if response.url != target:  # e.g. sent to the login page: not the page measured
                        raise ValueError(f"redirected to {response.url}")
            except Exception as error:  # counted, shown in the report
                errors.append(repr(error))
                continue
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def summary(latencies, errors, seconds, cpu):
    latencies = sorted(latencies)
    return {
        "requests_per_second": round(len(latencies) / seconds, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
        "errors": len(errors),
        "server_cpu_ms_per_request": round(cpu["server"] / len(latencies) * 1000, 2) if latencies else None,
        "client_cpu_ms_per_request": round(cpu["client"] / len(latencies) * 1000, 2) if latencies else None,
    }


def _stat(pid):
    """(parent pid, CPU seconds) of a process from /proc, or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # ppid; utime + stime


def server_pids(master):
    """gunicorn's workers and the PostgreSQL backends serving the bench database (the pool's)."""
    from django.db import connection

    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(entry.name)
            if stat and stat[0] == master:
                pids.add(int(entry.name))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        pids.update(pid for (pid,) in cursor.fetchall())
    return pids


def server_cpu(pids):
    return {pid: stat[1] for pid in pids if (stat := _stat(pid))}


def measure_throughput(director):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(director, backend="members.backends.AuthenticationBackend")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # The servers run as in production: Django's connection pool on.
    env = {**os.environ, "DATABASE_URL": BENCH_DB, "DATABASE_POOL": "true"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        from members.models import Entity, User

        entity = Entity.objects.order_by("pk").first()
        person = User.objects.filter(entity=entity).first()
        pages = {
            "trivial": "/robots.txt",
            # A new query string on each request, so that no cache of any kind can serve the page.
            "directory": "/ar/members/?n=",
            "directory_table": "/ar/members/?view=table&n=",
            "entity_list": "/ar/members/entities/",
            "entity": f"/ar/members/entities/{entity.pk}/",
            "person": f"/ar/members/people/{person.pk}/",
            "home": "/ar/home/",
            # أحمد matches every one of the 3,000 bench people (the worst case); a full name, a handful.
            "search": "/ar/search/?q=%D8%A3%D8%AD%D9%85%D8%AF&n=",
            "search_one": f"/ar/search/?q={quote(person.name_ar)}&n=",
            **bench_portals.pages(),
        }
        samples = {name: ([], []) for name in pages}
        cpu = {name: {"server": 0.0, "client": 0.0} for name in pages}
        for name, path in pages.items():  # warm-up: templates, connections, Python's caches
            load(f"http://127.0.0.1:{PORT}{path}", cookie, 0.5, [], [])
        pids = server_pids(server.pid)
        # Pages take turns, round after round, so a busy moment of this shared machine falls on all.
        for _ in range(ROUNDS):
            for name, path in pages.items():
                before, client_before = server_cpu(pids), time.process_time()
                load(f"http://127.0.0.1:{PORT}{path}", cookie, SECONDS_PER_ROUND, *samples[name])
                after, client_after = server_cpu(pids), time.process_time()
                cpu[name]["server"] += sum(after[pid] - before.get(pid, 0.0) for pid in after)
                cpu[name]["client"] += client_after - client_before
                pids |= server_pids(server.pid)  # the pool may have opened a connection
        results = {name: summary(*samples[name], ROUNDS * SECONDS_PER_ROUND, cpu[name]) for name in pages}
        trivial = results["trivial"]

        def cost(row):
            return row["server_cpu_ms_per_request"] + row["client_cpu_ms_per_request"]

        for name in pages:
            row = results[name]
            row["ratio_to_trivial"] = round(row["requests_per_second"] / trivial["requests_per_second"], 3)
            row["cpu_ratio_to_trivial"] = round(cost(trivial) / cost(row), 3)
            if name in TARGETED:
                row["target"] = TARGET
                row["meets_target"] = row["ratio_to_trivial"] >= TARGET["ratio_to_trivial"] and row["p95_ms"] <= TARGET["p95_ms"]
        return results
    finally:
        server.terminate()
        server.wait()


RENDITION_CODE = {
    "project": "from portal.images import rendition; rendition(open(PATH, 'rb'), max_size=1600)",
    "pillow_best_case": (
        "from PIL import Image; im = Image.open(PATH); im.draft('RGB', (1600, 1600)); "
        "im.thumbnail((1600, 1600)); import io; im.save(io.BytesIO(), 'JPEG', quality=85)"
    ),
    "pillow_naive": (
        "from PIL import Image; im = Image.open(PATH); im.load(); "
        "im = im.resize((1600, int(1600 * im.height / im.width))); import io; im.save(io.BytesIO(), 'JPEG', quality=85)"
    ),
}


def measure_renditions(tmp):
    """Each method in a fresh process, so peak memory (max RSS) is its own."""
    from PIL import Image

    # A photo-like 24 MP picture: smooth gradients with fine grain (pure noise would be a worst case
    # no camera produces, where entropy decoding swamps everything else).
    path = tmp / "24mp.jpg"
    size = (6000, 4000)
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.blend(Image.effect_noise(size, 20), red, 0.6)
    Image.merge("RGB", (red, green, blue)).save(path, "JPEG", quality=90)
    results = {}
    for name, code in RENDITION_CODE.items():
        # Peak memory from VmHWM: ru_maxrss would carry over this (large) process's peak across exec.
        script = (
            "import os, sys, time, django; sys.path.insert(0, %r); os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings'); "
            "django.setup(); import PIL.Image, portal.images; PATH = %r\n"
            "def peak_kb():\n    return int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])\n"
            "base = peak_kb(); times = []\n"
            "for _ in range(5):\n    t = time.perf_counter(); %s; times.append(time.perf_counter() - t)\n"
            "print(min(times), peak_kb() - base)"
        ) % (str(ROOT), str(path), code)
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ, check=True).stdout.split()
        results[name] = {"seconds": round(float(output[0]), 4), "extra_peak_mb": round(int(output[1]) / 1024, 1)}
    best, naive, project = results["pillow_best_case"], results["pillow_naive"], results["project"]
    results["project_vs_best_case"] = round(project["seconds"] / best["seconds"], 2)
    results["naive_vs_project"] = round(naive["seconds"] / project["seconds"], 2)
    return results


def forget_cache_keys():
    """Leave nothing behind in a shared Redis."""
    from django.conf import settings
    from django.core.cache import cache

    if "Redis" in settings.CACHES["default"]["BACKEND"]:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)


def print_throughput(results):
    print(f"{CONCURRENCY} clients, {ROUNDS} rounds of {SECONDS_PER_ROUND} s per page; ratios to the trivial view (robots.txt)")
    print(f"{'page':<18} {'req/s ratio':>11} {'CPU ratio':>9} {'req/s':>7} {'p95 ms':>7} {'server CPU ms':>13} {'client CPU ms':>13} errors  target")
    for name, row in results.items():
        verdict = ("PASS" if row["meets_target"] else "FAIL") if "meets_target" in row else ""
        print(
            f"{name:<18} {row['ratio_to_trivial']:>11.3f} {row['cpu_ratio_to_trivial']:>9.3f} {row['requests_per_second']:>7.1f} "
            f"{row['p95_ms']:>7} {row['server_cpu_ms_per_request']:>13} {row['client_cpu_ms_per_request']:>13} {row['errors']:>6}  {verdict}"
        )
    print(f"target: requests/s ≥ {TARGET['ratio_to_trivial']} of the trivial view and p95 ≤ {TARGET['p95_ms']} ms")


def main():
    import tempfile

    setup_django()
    report = {}
    report["e_queries_per_page"], director = measure_queries()
    try:
        report["a_throughput"] = measure_throughput(director)
    finally:
        forget_cache_keys()
    print_throughput(report["a_throughput"])
    with tempfile.TemporaryDirectory() as tmp:
        report["b_rendition_24mp"] = measure_renditions(Path(tmp))
    report["note"] = "Ratios are the figures; absolute times are for information (shared, noisy machine)."
    (ROOT / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
