"""The search index at 100,000 items (shared brief, performance.md, measure c). Run with the TEST
environment of the Makefile: `$(TEST_ENV) .venv/bin/python scripts/bench_search.py`.

A generator writes 100,000 entries in Arabic and English through the index's own writing path
(portal.search: the same analysis and the same PostgreSQL trigger as real objects), then one run
measures, side by side on the same data and the same connection:
  - the portal's ranked top-20 search for a director (scope filter, ranking, snippets' fields),
  - `ILIKE '%term%'` over the same titles and texts (top 20 by date),
  - a bare `search_vector @@ query` returning every match (no scope, no ranking),
for a rare and a common term in each language, and checks that the spelling variants of one Arabic
word return identical results. Ratios are the figures (targets: ≤ 0.05 of ILIKE, ≤ 3 of the bare
match), each row marked PASS or FAIL; absolute times are for information. Also for information: the
whole search page's work (counts per group, the ranked page, snippets) and whether the top 20 is the
one ranking by every match's trigram name similarity would give (the ranking before migration 0005),
and PostgreSQL's own planning and execution time of the ranked statement and of the bare match.
Writes bench_search.json; `--items N` for a quick run, `--reuse` to measure the last run's entries again.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcn_bench_search")
REPEATS = 9

# Words of government communication, Arabic and English; the generator draws texts from them.
ARABIC_WORDS = (
    "دبي حكومة دائرة هيئة مؤسسة مكتب مجلس برنامج مبادرة خدمة خدمات المتعاملين الاتصال الإعلام التواصل الاجتماعي "
    "المحتوى الرقمي التحول الذكي الاستراتيجية الخطة السنوية التقرير النتائج المؤشرات الأداء الجودة التميز الابتكار "
    "المستقبل الشباب المجتمع الأسرة الصحة التعليم الاقتصاد السياحة النقل الطرق البيئة الطاقة المياه الأمن السلامة "
    "المرور الشرطة البلدية الثقافة الفنون الرياضة التراث الهوية الوطنية الشعار الدليل المرئي الصور الفيديو "
    "المؤتمر الصحفي البيان الرسالة الإعلامية الأزمة الطوارئ الاستجابة الجمهور الرأي العام الاستبيان الدراسة "
    "الورشة التدريب الجلسة المعرفية اللقاء الاجتماع الشبكة الأعضاء الأمانة العامة المجلس التنفيذي الإمارة "
    "الشراكة التعاون الفريق المدير المنسق الأخصائي التخطيط التنفيذ المتابعة التقييم الميزانية المشروع الإطلاق"
).split()
ENGLISH_WORDS = (
    "Dubai government department authority office council programme initiative service customers communication "
    "media outreach social content digital transformation smart strategy annual plan report results indicators "
    "performance quality excellence innovation future youth community family health education economy tourism "
    "transport roads environment energy water security safety traffic police municipality culture arts sport "
    "heritage identity national logo guide visual photos video press conference statement message crisis "
    "emergency response audience public opinion survey study workshop training session knowledge meeting network "
    "members secretariat general executive emirate partnership cooperation team director coordinator specialist "
    "planning delivery follow-up evaluation budget project launch"
).split()
# The common word comes in its every form (with article, conjunction, taa marbuta written as haa).
COMMON_AR_FORMS = ["الحملات", "والحملات", "حملات", "الحمله", "الحملة", "بالحملات"]
COMMON_EN_FORMS = ["campaign", "campaigns", "Campaigns"]
RARE_AR = "القرم"  # mangroves
RARE_EN = "mangroves"
COMMON_SHARE, RARE_COUNT = 0.04, 12


def setup_django(reuse=False):
    """Connect Django to the bench database: created afresh, or kept from the last run with `reuse`
    (migrated, so a new index migration is measured on the same rows). Returns True when it was kept."""
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ["CACHE_KEY_PREFIX"] = f"benchsearch{os.getpid()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import psycopg
    from psycopg import sql

    server, name = BENCH_DB.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        kept = reuse and exists
        if not kept:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if kept:  # a migration may have rewritten every row: measure a table as a fresh run leaves it
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM FULL ANALYZE portal_searchentry")
            cursor.execute("VACUUM ANALYZE portal_searchaudience")
    return kept


class Generated:
    """An object of the generator: what a provider would be handed."""

    def __init__(self, pk, document):
        self.pk = pk
        self.document = document


class GeneratorProvider:
    portal = "bench"

    @staticmethod
    def document(item):
        return item.document


def generate(items):
    """`items` entries, half Arabic-first and half English-first, through portal.search's writer."""
    from django.db import transaction
    from django.utils import timezone

    from portal import registry, search

    rng = random.Random(2026)
    now = timezone.now()

    def text(words, count, extra=()):
        chosen = rng.choices(words, k=count)
        for word in extra:
            chosen.insert(rng.randrange(len(chosen) + 1), word)
        return " ".join(chosen)

    rare = set(rng.sample(range(items), RARE_COUNT))
    batch = []
    with transaction.atomic():
        for index in range(items):
            extra_ar, extra_en = [], []
            if rng.random() < COMMON_SHARE:
                extra_ar.append(rng.choice(COMMON_AR_FORMS))
                extra_en.append(rng.choice(COMMON_EN_FORMS))
            if index in rare:
                extra_ar.append(RARE_AR)
                extra_en.append(RARE_EN)
            in_title = rng.random() < 0.3
            document = registry.SearchDocument(
                title_ar=text(ARABIC_WORDS, rng.randint(3, 7), extra_ar if in_title else ()),
                title_en=text(ENGLISH_WORDS, rng.randint(3, 7), extra_en if in_title else ()),
                subtitle_ar=text(ARABIC_WORDS, 4), subtitle_en=text(ENGLISH_WORDS, 4),
                text_ar=text(ARABIC_WORDS, rng.randint(30, 80), () if in_title else extra_ar),
                text_en=text(ENGLISH_WORDS, rng.randint(30, 80), () if in_title else extra_en) if index % 2 else "",
                url_name="home", url_args=(), date=now - random.Random(index).random() * (now - now.replace(year=now.year - 3)),
                # Most of it for every member, some for one meeting's guests (as real meetings are).
                audiences=("members",) if index % 10 else ("members", f"meeting:{index}"),
            )
            batch.append(Generated(index + 1, document))
            if len(batch) == search.BATCH_SIZE:
                search._write("bench", GeneratorProvider, batch)
                batch = []
        search._write("bench", GeneratorProvider, batch)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics for the planner, as autovacuum would leave them
        cursor.execute("VACUUM ANALYZE portal_searchentry")
        cursor.execute("VACUUM ANALYZE portal_searchaudience")


def timed(function):
    function()  # warm-up: plans, caches
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def timed_side_by_side(functions, *, rounds=REPEATS, at_least=0.5):
    """Median times of `functions`, run in turn round after round (for at least `at_least` seconds):
    the machine's noise at any moment falls on all of them, so their ratio holds even for the
    sub-millisecond searches of a rare word."""
    for function in functions:
        function()  # warm-up: plans, caches
    samples = [[] for _ in functions]
    started_all, done = time.perf_counter(), 0
    while done < rounds or time.perf_counter() - started_all < at_least:
        for index, function in enumerate(functions):
            started = time.perf_counter()
            function()
            samples[index].append(time.perf_counter() - started)
        done += 1
    return [statistics.median(times) for times in samples]


def measure(user, term, ilike_term):
    from django.db import connection

    from portal import search

    parsed = search.parse_query(term)

    def ranked():
        return [entry.pk for entry in search.ranked_entries(user, parsed, limit=20)]

    def ilike():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM portal_searchentry WHERE title_ar ILIKE %s OR title_en ILIKE %s OR text_ar ILIKE %s "
                "OR text_en ILIKE %s ORDER BY date DESC NULLS LAST LIMIT 20", [f"%{ilike_term}%"] * 4,
            )
            return cursor.fetchall()

    tsquery = " & ".join(f"'{t}'" for t in parsed.terms)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM portal_searchentry WHERE search_vector @@ to_tsquery('english', %s)", [tsquery])
            return cursor.fetchall()

    def page():  # the whole search page's work: counts per group, the ranked page, its snippets
        return search.search(user, term)

    def ranked_by_every_similarity():
        # The ranking before the lexicon of names: every match's name compared by trigram with each
        # Latin word (80 ms for "campaigns"). Now an entry holding the word itself counts 1 for it.
        audiences = search._user_audiences(user)
        where, params, _rank, _params = search._matching_sql(parsed, audiences)
        rank = "ts_rank(e.search_vector, to_tsquery('english', %s), 1)" + " + word_similarity(%s, e.names)" * len(parsed.fuzzy)
        rank_params = [" | ".join(f"'{t}'" for t in parsed.terms), *(folded for _term, folded in parsed.fuzzy)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id FROM portal_searchentry e WHERE {where} ORDER BY {rank} DESC, e.date DESC NULLS LAST, e.id LIMIT 20",
                params + rank_params,
            )
            return [row[0] for row in cursor.fetchall()]

    def server_times(sql, params, runs=51):
        # For information: PostgreSQL's own planning and execution (median ms), to tell the
        # server's share of a ratio from the Python around it.
        planning, execution = [], []
        with connection.cursor() as cursor:
            for _ in range(runs):
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY, TIMING OFF) " + sql, params)
                lines = [line for (line,) in cursor.fetchall()]
                planning.append(float(next(line for line in lines if line.startswith("Planning Time")).split()[2]))
                execution.append(float(next(line for line in lines if line.startswith("Execution Time")).split()[2]))
        return round(statistics.median(planning), 3), round(statistics.median(execution), 3)

    audiences = search._user_audiences(user)
    ranked_sql, ranked_params, _language = search._ranked_sql(parsed, audiences, "", 0, 20, *search._remembered_names(parsed))
    server = {
        "ranked_top20": server_times(ranked_sql, ranked_params),
        "bare_match": server_times("SELECT id FROM portal_searchentry WHERE search_vector @@ to_tsquery('english', %s)", [tsquery]),
    }
    same_top20 = ranked() == ranked_by_every_similarity()
    matches = len(bare())
    ranked_time, bare_time = timed_side_by_side([ranked, bare])
    times = {"ranked_top20": ranked_time, "ilike": timed(ilike), "bare_match": bare_time, "page": timed(page)}
    return {
        "term": term, "matches": matches, "top20_as_ranked_with_every_similarity": same_top20,
        "ranked_top20_ms": round(times["ranked_top20"] * 1000, 2), "ilike_ms": round(times["ilike"] * 1000, 2),
        "bare_match_ms": round(times["bare_match"] * 1000, 2),
        "ratio_to_ilike": round(times["ranked_top20"] / times["ilike"], 4),
        "ratio_to_bare_match": round(times["ranked_top20"] / times["bare_match"], 2),
        "page_ms": round(times["page"] * 1000, 2), "page_ratio_to_bare_match": round(times["page"] / times["bare_match"], 2),
        "server_ms": {name: {"planning": plan, "execution": run} for name, (plan, run) in server.items()},
    }


def variants_agree(user):
    from portal import search

    found = {}
    for form in COMMON_AR_FORMS:
        results = search.search(user, form)
        found[form] = (results.total, [hit.title for hit in results.hits])
    return {"forms": COMMON_AR_FORMS, "identical": len({json.dumps(value, ensure_ascii=False) for value in found.values()}) == 1,
            "total": found[COMMON_AR_FORMS[0]][0]}


TARGET_TO_ILIKE, TARGET_TO_BARE = 0.05, 3.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="measure the entries of the last run again (no generation)")
    arguments = parser.parse_args()
    kept = setup_django(reuse=arguments.reuse)
    from members.models import Role, User
    from members.services import user_set_role
    from portal.models import SearchEntry

    if kept:
        print(f"Reusing {SearchEntry.objects.filter(kind='bench').count()} entries of the last run")
    else:
        started = time.perf_counter()
        generate(arguments.items)
        print(f"Generated {SearchEntry.objects.count()} entries in {time.perf_counter() - started:.0f} s")
    director = User.objects.filter(email="bench-director@bench.gcn.ae").first()
    if director is None:
        director = User.objects.create_user("bench-director@bench.gcn.ae", "x", name_en="Bench director")
        user_set_role(user=director, role=Role.DIRECTOR)
    director = User.objects.get(pk=director.pk)
    rows = [
        measure(director, RARE_AR, RARE_AR), measure(director, "حملات", "حملات"),
        measure(director, RARE_EN, RARE_EN), measure(director, "campaigns", "campaign"),
    ]
    items = SearchEntry.objects.filter(kind="bench").count()
    report = {"items": items, "searches": rows, "spelling_variants": variants_agree(director)}
    for row in rows:
        row["pass"] = row["ratio_to_ilike"] <= TARGET_TO_ILIKE and row["ratio_to_bare_match"] <= TARGET_TO_BARE
    print(f"Search at {items} items (medians: ranked and bare side by side, at least {REPEATS} rounds and 0.5 s; ILIKE of {REPEATS}); targets: ranked top 20 ≤ {TARGET_TO_ILIKE}× ILIKE, ≤ {TARGET_TO_BARE}× bare match")
    print(
        f"{'term':<12} {'matches':>8} {'ranked ms':>10} {'ILIKE ms':>9} {'bare ms':>8} {'÷ ILIKE':>8} {'÷ bare':>7} "
        f"{'page ms':>8} {'page ÷ bare':>11} {'same top 20':>11}  result"
    )
    for row in rows:
        print(
            f"{row['term']:<12} {row['matches']:>8} {row['ranked_top20_ms']:>10} {row['ilike_ms']:>9} {row['bare_match_ms']:>8} "
            f"{row['ratio_to_ilike']:>8} {row['ratio_to_bare_match']:>7} {row['page_ms']:>8} {row['page_ratio_to_bare_match']:>11} {str(row['top20_as_ranked_with_every_similarity']):>11}  "
            f"{'PASS' if row['pass'] else 'FAIL'}"
        )
    print("PostgreSQL's own time, median ms (for information): planning + execution of the ranked statement | of the bare match")
    for row in rows:
        ranked, bare = row["server_ms"]["ranked_top20"], row["server_ms"]["bare_match"]
        print(f"{row['term']:<12} {ranked['planning']} + {ranked['execution']} | {bare['planning']} + {bare['execution']}")
    variants = report["spelling_variants"]
    print(f"spelling variants identical ({len(variants['forms'])} forms, {variants['total']} results): {'PASS' if variants['identical'] else 'FAIL'}")
    report["targets"] = f"ratio_to_ilike <= {TARGET_TO_ILIKE}, ratio_to_bare_match <= {TARGET_TO_BARE}, spelling variants identical"
    report["pass"] = all(row["pass"] for row in rows) and variants["identical"]
    print("search bench:", "PASS" if report["pass"] else "FAIL")
    (ROOT / "bench_search.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
