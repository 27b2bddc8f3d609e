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
match); absolute times are for information. Writes bench_search.json; `--items N` for a quick run.
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


def setup_django():
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ["CACHE_KEY_PREFIX"] = f"benchsearch{os.getpid()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import psycopg
    from psycopg import sql

    server, name = BENCH_DB.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def measure(user, term, ilike_term):
    from django.db import connection

    from portal import search

    parsed = search.parse_query(term)

    def ranked():
        return [entry.pk for entry in search.matching_entries(user, parsed).only(*search._SHOWN_FIELDS)[:20]]

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

    matches = len(bare())
    times = {"ranked_top20": timed(ranked), "ilike": timed(ilike), "bare_match": timed(bare)}
    return {
        "term": term, "matches": matches,
        "ranked_top20_ms": round(times["ranked_top20"] * 1000, 2), "ilike_ms": round(times["ilike"] * 1000, 2),
        "bare_match_ms": round(times["bare_match"] * 1000, 2),
        "ratio_to_ilike": round(times["ranked_top20"] / times["ilike"], 4),
        "ratio_to_bare_match": round(times["ranked_top20"] / times["bare_match"], 2),
    }


def variants_agree(user):
    from portal import search

    found = {}
    for form in COMMON_AR_FORMS:
        results = search.search(user, form)
        found[form] = (results.total, [hit.title for hit in results.hits])
    return {"forms": COMMON_AR_FORMS, "identical": len({json.dumps(value, ensure_ascii=False) for value in found.values()}) == 1,
            "total": found[COMMON_AR_FORMS[0]][0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    arguments = parser.parse_args()
    setup_django()
    from members.models import Role, User
    from members.services import user_set_role
    from portal.models import SearchEntry

    started = time.perf_counter()
    generate(arguments.items)
    print(f"Generated {SearchEntry.objects.count()} entries in {time.perf_counter() - started:.0f} s")
    director = User.objects.create_user("bench-director@bench.gcn.ae", "x", name_en="Bench director")
    user_set_role(user=director, role=Role.DIRECTOR)
    director = User.objects.get(pk=director.pk)
    rows = [
        measure(director, RARE_AR, RARE_AR), measure(director, "حملات", "حملات"),
        measure(director, RARE_EN, RARE_EN), measure(director, "campaigns", "campaign"),
    ]
    report = {"items": arguments.items, "searches": rows, "spelling_variants": variants_agree(director)}
    print(f"{'term':<12} {'matches':>8} {'ranked ms':>10} {'ILIKE ms':>9} {'bare ms':>8} {'÷ ILIKE':>8} {'÷ bare':>7}")
    for row in rows:
        print(
            f"{row['term']:<12} {row['matches']:>8} {row['ranked_top20_ms']:>10} {row['ilike_ms']:>9} {row['bare_match_ms']:>8} "
            f"{row['ratio_to_ilike']:>8} {row['ratio_to_bare_match']:>7}"
        )
    print("spelling variants identical:", report["spelling_variants"])
    report["targets"] = "ratio_to_ilike <= 0.05, ratio_to_bare_match <= 3, spelling variants identical"
    (ROOT / "bench_search.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
