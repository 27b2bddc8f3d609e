"""Search that understands Arabic: one index of every portal's objects, and the directory's filter box.

Three parts:
- Folding for the members directory's filter box: `normalize_arabic` folds the variants people type
  interchangeably (أ/إ/آ/ٱ → ا, ة → ه, ى → ي), drops diacritics and tatweel, and lowercases Latin
  text; `normalized(field)` is the same folding as a database expression (`matches_all_words`).
- Analysis (`analyse`): the folding, plus ؤ/ئ → ء, Arabic-Indic digits → ASCII, and light stemming of
  Arabic prefixes and suffixes, so that الحملات, والحملات, حملات and الحمله are one term (حمل). It is
  applied when indexing and when querying. PostgreSQL's own `arabic` configuration stems those four
  to four different lexemes (tests/portal/test_search_index.py measures both).
- The index (portal.models.SearchEntry): apps register a `SearchProvider` per kind of object
  (portal.registry); every save of its models re-indexes in the same transaction, and
  `rebuild_search_index` rebuilds all. `search()` and `suggest()` read it, limited in SQL to the
  audiences the user belongs to (portal.registry.search_audiences).

PostgreSQL is the reference: a trigger keeps a weighted `tsvector` (GIN index) from the analysed
terms, with the 'english' configuration stemming Latin words (it leaves Arabic stems as they are);
a Latin word also matches names holding a spelling variant of it: the name words (SearchNameWord)
within pg_trgm's word similarity of it, matched exactly in `names_vector` (migration 0005). SQLite, the embedded default of `make run`,
matches the same analysed terms with LIKE on word starts, without ranking by weight.
"""
import functools
import json
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, Exists, F, Func, IntegerField, OuterRef, Q, TextField, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal import links

DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, superscript alef, tatweel
FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
_DIACRITICS_RE = re.compile(f"[{DIACRITICS}]")
_SPACES_RE = re.compile(r"\s+")


def normalize_arabic(text):
    text = _DIACRITICS_RE.sub("", text or "")
    for variant, base in FOLDS.items():
        text = text.replace(variant, base)
    return _SPACES_RE.sub(" ", text).strip().lower()


def _folding_sql():
    sql = "LOWER(%(expressions)s)"
    for character in DIACRITICS:
        sql = f"REPLACE({sql}, '{character}', '')"
    for variant, base in FOLDS.items():
        sql = f"REPLACE({sql}, '{variant}', '{base}')"
    return sql


class Folded(Func):
    """The folding of `normalize_arabic` as one SQL expression (PostgreSQL and SQLite alike).

    Written as one template rather than 17 nested Replace() calls: Django copied and compiled each
    of them for every field and word, which cost more than the rest of the search page together.
    The characters are fixed Arabic letters, never user input."""

    template = _folding_sql()
    output_field = TextField()


def normalized(field):
    return Folded(F(field))


# Latin spellings of one Arabic name differ by a letter or two (Ahmad/Ahmed, Mansoori/Mansouri):
# pg_trgm's word similarity finds them. Short words are left out: "Ali" is too like every "Al".
SIMILAR_MIN_LENGTH = 4
SIMILARITY_THRESHOLD = 0.5
_LATIN_WORD = re.compile(r"^[a-z]+$")


def matches_all_words(queryset, fields, query, similar=()):
    """Rows where every word of `query` occurs (partially) in at least one of `fields`, variants folded.

    A Latin word may also match one of the `similar` fields by trigram similarity (PostgreSQL only;
    the extension is created by a migration). Used by the members directory's filter box."""
    words = normalize_arabic(query).split()[:8]
    if not words:
        return queryset.none()
    annotations = {f"_search_{index}": normalized(field) for index, field in enumerate(fields)}
    queryset = queryset.alias(**annotations)
    fuzzy = bool(similar) and connection.vendor == "postgresql"
    for position, word in enumerate(words):
        condition = Q()
        for alias in annotations:
            condition |= Q(**{f"{alias}__contains": word})
        if fuzzy and len(word) >= SIMILAR_MIN_LENGTH and _LATIN_WORD.match(word):
            for index, field in enumerate(similar):
                alias = f"_similar_{position}_{index}"
                queryset = queryset.alias(**{alias: TrigramWordSimilarity(Value(word), field)})
                condition |= Q(**{f"{alias}__gte": SIMILARITY_THRESHOLD})
        queryset = queryset.filter(condition)
    return queryset


# Analysis ------------------------------------------------------------------------------------------
# Hamza on a seat (ؤ, ئ) is written either way (مسؤول / مسئول): one form for the index only, so the
# directory's filter box (normalize_arabic) keeps its documented behaviour.
_ANALYSIS_FOLDS = str.maketrans({"ؤ": "ء", "ئ": "ء", **{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}})
_TOKEN_RE = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Longest first. The conjunction و alone is taken off words of four letters or more (light10's rule);
# ب ك ف ل alone are not: too many words begin with them (بيت, كتاب).
ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
# Tried in this order, each once (حملاتها → حملات → حمل), keeping a stem of three letters or more.
ARABIC_SUFFIXES = ("ها", "هم", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
MIN_STEM_AFTER_PREFIX = 2
MIN_STEM_AFTER_SUFFIX = 3
# Words that would make every search of a sentence fail (all words must match). Not علي: it is Ali.
ARABIC_STOP_WORDS = frozenset({"في", "من", "الي", "عن", "مع", "او", "ان", "هذا", "هذه", "ذلك", "التي", "الذي", "ثم", "قد"})
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8


def stem_arabic(word):
    """Light stemming of one folded Arabic word (after light10, Larkey et al., with length guards)."""
    if len(word) >= 4 and word.startswith("و") and not word.startswith("وال"):
        word = word[1:]
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM_AFTER_PREFIX:
            word = word[len(prefix):]
            break
    for suffix in ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_AFTER_SUFFIX:
            word = word[: -len(suffix)]
    return word


def is_arabic(word):
    return bool(_ARABIC_LETTER.search(word))


def analyse_word(word):
    """The term of one folded word ("" for a stop word or a lone letter)."""
    if is_arabic(word):
        if word in ARABIC_STOP_WORDS or word in ARABIC_PREFIXES or len(word) < 2:
            return ""
        return stem_arabic(word)
    if len(word) < 2 and not word.isdigit():
        return ""
    return word


def fold(text):
    return normalize_arabic(text).translate(_ANALYSIS_FOLDS)


def analyse(text):
    """The terms of `text`, in order: folded, lightly stemmed Arabic and lowercased Latin words.
    Latin words are left whole: PostgreSQL's 'english' configuration stems them."""
    terms = (analyse_word(word) for word in _TOKEN_RE.findall(fold(text)))
    return [term for term in terms if term]


@functools.lru_cache(maxsize=20_000)  # pure; the highlighter asks it for every Latin word shown
def _vowel_fold(word):
    """A Latin transliteration with its vowels folded: Ahmad/Ahmed → ahmad, Mansoori/Mansouri →
    mansari, Mohammed/Muhammad → mahamad. Trigram similarity on the result forgives the rest."""
    word = re.sub(r"(.)\1+", r"\1", word)
    head, rest = word[:1], word[1:]
    if head and head in "aeiou":  # Ibrahim/Ebrahim; a leading y stays a consonant (Yousef)
        head = "a"
    return head + re.sub(r"[aeiouy]+", "a", rest)


def name_keys(*titles):
    """The folded names column: Arabic folded, Latin words with their vowels folded."""
    words = _TOKEN_RE.findall(fold(" ".join(title for title in titles if title)))
    return " ".join(_vowel_fold(word) if word.isascii() and word.isalpha() else word for word in words)


def _terms_column(text):
    # A space on each side: SQLite finds a word start with LIKE '% term%'.
    terms = analyse(text)
    return f" {' '.join(terms)} " if terms else ""


# The index: writing ---------------------------------------------------------------------------------
BATCH_SIZE = 500
_CONTENT_FIELDS = [
    "portal", "title_ar", "title_en", "subtitle_ar", "subtitle_en", "text_ar", "text_en", "url_name", "url_args",
    "date", "terms_title", "terms_subtitle", "terms_text", "names", "audience", "indexed_at",
]


def _entry(kind, provider, obj):
    from portal.models import SearchEntry

    document = provider.document(obj)
    entry = SearchEntry(
        kind=kind, portal=provider.portal, object_id=str(obj.pk),
        title_ar=document.title_ar[:300], title_en=document.title_en[:300],
        subtitle_ar=document.subtitle_ar[:300], subtitle_en=document.subtitle_en[:300],
        text_ar=document.text_ar, text_en=document.text_en,
        url_name=document.url_name, url_args=list(document.url_args), date=document.date,
        terms_title=_terms_column(f"{document.title_ar} {document.title_en}"),
        terms_subtitle=_terms_column(f"{document.subtitle_ar} {document.subtitle_en}"),
        terms_text=_terms_column(f"{document.text_ar} {document.text_en}"),
        names=name_keys(document.title_ar, document.title_en), audience=document.audiences[0] if document.audiences else "",
    )
    return entry, document.audiences


def _write(kind, provider, objects):
    """Upsert the entries of `objects` and replace their audiences: three queries for the batch."""
    from django.utils import timezone

    from portal.models import SearchAudience, SearchEntry

    pairs = [_entry(kind, provider, obj) for obj in objects]
    if not pairs:
        return
    now = timezone.now()
    for entry, _audiences in pairs:
        entry.indexed_at = now
    entries = SearchEntry.objects.bulk_create(
        [entry for entry, _audiences in pairs], update_conflicts=True,
        unique_fields=["kind", "object_id"], update_fields=_CONTENT_FIELDS,
    )
    SearchAudience.objects.filter(entry__in=[entry.pk for entry in entries]).delete()
    SearchAudience.objects.bulk_create(
        SearchAudience(entry_id=entry.pk, key=key) for entry, (_same, audiences) in zip(entries, pairs) for key in set(audiences)
    )


def reindex(kind, pks):
    """Bring the entries of these objects of `kind` up to date: written when the provider indexes
    them, removed when it no longer does (a person who left the directory)."""
    from portal import registry
    from portal.models import SearchEntry

    provider = registry.search_providers.get(kind)
    pks = list(pks)
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start:start + BATCH_SIZE]
        objects = list(provider.indexed().filter(pk__in=batch))
        kept = {str(obj.pk) for obj in objects}
        gone = [str(pk) for pk in batch if str(pk) not in kept]
        if gone:
            SearchEntry.objects.filter(kind=kind, object_id__in=gone).delete()
        _write(kind, provider, objects)


def rebuild(kinds=None, *, stdout=None):
    """Rebuild the index of every provider (or of `kinds`) in batches; returns {kind: entries}."""
    from portal import registry
    from portal.models import SearchEntry

    counts = {}
    for kind in registry.search_providers.names():
        if kinds and kind not in kinds:
            continue
        provider = registry.search_providers.get(kind)
        queryset = provider.indexed().order_by("pk")
        kept = set()
        batch = []
        for obj in queryset.iterator(chunk_size=BATCH_SIZE):
            batch.append(obj)
            if len(batch) == BATCH_SIZE:
                _write(kind, provider, batch)
                kept.update(str(item.pk) for item in batch)
                batch = []
        _write(kind, provider, batch)
        kept.update(str(item.pk) for item in batch)
        stale = SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True)
        SearchEntry.objects.filter(kind=kind, object_id__in=[key for key in stale if key not in kept]).delete()
        counts[kind] = len(kept)
        if stdout is not None:
            stdout.write(f"{kind}: {len(kept)}")
    return counts


def _pks(queryset):
    return list(queryset.values_list("pk", flat=True))


def connect_provider(kind, provider):
    """Keep the index of `kind` in step with its models (portal.registry.SearchProviders.register).

    Signals rather than calls in each service: admin edits and every service are covered alike, and
    the handlers run inside the service's transaction, so the index changes with the object or not
    at all."""

    def saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
        if raw:  # fixtures: rebuild_search_index afterwards
            return
        if update_fields is not None and provider.fields is not None and not set(update_fields) & provider.fields:
            return
        reindex(kind, [instance.pk])

    def deleted(sender, instance, **kwargs):
        from portal.models import SearchEntry

        SearchEntry.objects.filter(kind=kind, object_id=str(instance.pk)).delete()

    post_save.connect(saved, sender=provider.model, weak=False, dispatch_uid=f"search-{kind}-save")
    post_delete.connect(deleted, sender=provider.model, weak=False, dispatch_uid=f"search-{kind}-delete")
    for model, dependents in provider.depends_on:
        def dependency_saved(sender, instance, raw=False, dependents=dependents, **kwargs):
            if not raw:
                reindex(kind, _pks(dependents(instance)))

        post_save.connect(dependency_saved, sender=model, weak=False, dispatch_uid=f"search-{kind}-{model._meta.label}")
    for through in provider.m2m:
        def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if action not in ("post_add", "post_remove", "post_clear"):
                return
            if isinstance(instance, provider.model):
                reindex(kind, [instance.pk])
            elif pk_set:
                reindex(kind, pk_set)

        m2m_changed.connect(relation_changed, sender=through, weak=False, dispatch_uid=f"search-{kind}-{through._meta.label}")


# The index: reading ---------------------------------------------------------------------------------
PAGE_SIZE = 20
SUGGESTIONS = 6
MIN_SUGGEST_LENGTH = 2


# What the audience resolvers (portal.registry.search_audiences) may read of a user: the role
# decides the permissions they check, the entity its own keys. A resolver reading anything else of
# the user must add it here.
AUDIENCE_USER_FIELDS = ("pk", "role", "entity_id", "is_active", "is_superuser")


def _user_audiences(user):
    """(keys, [queryset of keys]) of the audiences the user belongs to; None for anonymous or
    inactive users, who find nothing."""
    from portal import registry

    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # Kept on the user object, as Django keeps its permissions there, for as long as what the
    # resolvers read of it stays the same: the permission checks cost as much as finding a rare word.
    state = tuple(getattr(user, name, None) for name in AUDIENCE_USER_FIELDS)
    kept = getattr(user, "_search_audiences", None)
    if kept is not None and kept[0] == state:
        return kept[1]
    keys, subqueries = set(), []
    for resolver in registry.search_audiences:
        found = resolver(user)
        if hasattr(found, "query"):  # a queryset of keys: read inside the search's own query
            subqueries.append(found)
        else:
            keys.update(found or ())
    audiences = sorted(keys), subqueries
    user._search_audiences = (state, audiences)
    return audiences


def audience_filter(user):
    """Q: entries one of whose audiences the user belongs to. Nothing for anonymous or inactive users."""
    from portal.models import SearchAudience

    audiences = _user_audiences(user)
    if audiences is None:
        return Q(pk__in=[])
    keys, subqueries = audiences
    condition, first = Q(key__in=keys), Q(audience__in=keys)
    for subquery in subqueries:
        condition |= Q(key__in=subquery)
        first |= Q(audience__in=subquery)
    # The entry's first audience is a column of its own (most entries have one audience): checked
    # on the row; the others through SearchAudience.
    return first | Q(Exists(SearchAudience.objects.filter(condition, entry=OuterRef("pk"))))


def _audience_sql(audiences):
    """The SQL of audience_filter for the PostgreSQL queries below: (sql, params)."""
    keys, subqueries = audiences
    first, other, params_first, params_other = ["e.audience = ANY(%s)"], ["a.key = ANY(%s)"], [keys], [keys]
    for subquery in subqueries:
        sql, params = subquery.query.sql_with_params()
        first.append(f"e.audience IN ({sql})")
        other.append(f"a.key IN ({sql})")
        params_first += params
        params_other += params
    sql = (
        f"({' OR '.join(first)} OR EXISTS (SELECT 1 FROM portal_searchaudience a "
        f"WHERE a.entry_id = e.id AND ({' OR '.join(other)})))"
    )
    return sql, params_first + params_other


@dataclass
class ParsedQuery:
    """A query as the index reads it: its terms, and the Latin words to match by trigram."""

    text: str
    terms: list
    fuzzy: list  # (term, vowel-folded word) for Latin words long enough for trigram similarity
    prefix: bool = False  # suggestions: the last word may be unfinished

    @property
    def searchable(self):
        return bool(self.terms)


def parse_query(text, *, prefix=False):
    text = (text or "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    terms = []
    for term in analyse(text):
        if term not in terms:
            terms.append(term)
    terms = terms[:MAX_QUERY_WORDS]
    fuzzy = [(term, _vowel_fold(term)) for term in terms if term.isascii() and term.isalpha() and len(term) >= SIMILAR_MIN_LENGTH]
    return ParsedQuery(text=text, terms=terms, fuzzy=fuzzy, prefix=prefix)


def _tsquery_word(term, prefix):
    # The term holds letters and digits only (analyse's tokens), so it cannot carry tsquery syntax.
    return f"'{term}':*" if prefix else f"'{term}'"


def _matching(parsed):
    """(filter Q, rank expression) for SQLite: the analysed terms' word starts, titles first."""
    condition = Q()
    for term in parsed.terms:
        start = f" {term}"
        condition &= Q(terms_title__contains=start) | Q(terms_subtitle__contains=start) | Q(terms_text__contains=start)
    first = f" {parsed.terms[0]}"
    rank = Case(
        When(terms_title__contains=first, then=Value(2)), When(terms_subtitle__contains=first, then=Value(1)),
        default=Value(0), output_field=IntegerField(),
    )
    return condition, rank


def matching_entries(user, parsed):
    """Entries the user may see that match every word, with `rank` annotated, best first (the
    SQLite path of search() and suggest(); PostgreSQL reads the index with _ranked_sql)."""
    from portal.models import SearchEntry

    condition, rank = _matching(parsed)
    return (
        SearchEntry.objects.filter(audience_filter(user)).filter(condition)
        .annotate(rank=rank).order_by("-rank", F("date").desc(nulls_last=True), "pk")
    )


# PostgreSQL: two hand-written statements (the ranked page and the counts per group). The ORM took
# 1-2 ms to compile them, more than PostgreSQL takes to answer a rare word at 100,000 entries.

# The name words within trigram similarity of a typed Latin word, per process: {vowel-folded word:
# (how many name words there were, their tsquery)}. Looking them up costs a query for a rare word
# more than twice what finding its entries costs (0.2 ms of execution, 0.3 of planning). The name
# words are only ever added (SearchNameWord), so while their count is the same, so are the words
# similar to a given one: each statement that uses remembered words checks the count in SQL and finds
# nothing when it has changed, and the caller then asks again with the lookup in place. Only
# statements outside a transaction remember: inside one, the count may include words the
# transaction wrote and may yet roll back.
_similar_names = {}
SIMILAR_NAMES_KEPT = 10_000
_NAME_WORDS_LOOKUP = (
    "(SELECT coalesce(string_agg(quote_literal(w.word), ' | '), quote_literal(%s)) FROM portal_searchnameword w WHERE %s <%% w.word)"
)


def _remember_similar_names(parsed):
    """Looks up (one query) and remembers the name words similar to the query's Latin words, when
    some are not remembered yet and the connection is not inside a transaction."""
    missing = [folded for _term, folded in parsed.fuzzy if folded not in _similar_names]
    if not missing or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM portal_searchnameword), t.word, {_NAME_WORDS_LOOKUP.replace('%s', 't.word')} "
            "FROM unnest(%s::text[]) AS t(word)", [missing],
        )
        rows = cursor.fetchall()
    if len(_similar_names) + len(rows) > SIMILAR_NAMES_KEPT:
        _similar_names.clear()
    for count, folded, words in rows:
        _similar_names[folded] = (count, words)


def _remembered_names(parsed):
    """{folded word: tsquery of its similar name words} and the count they hold for, when every
    Latin word of the query is remembered for the same count; else ({}, None)."""
    found = [_similar_names.get(folded) for _term, folded in parsed.fuzzy]
    if not found or None in found or len({count for count, _words in found}) != 1 or connection.in_atomic_block:
        return {}, None
    return {folded: words for (_term, folded), (_count, words) in zip(parsed.fuzzy, found)}, found[0][0]


def _forget_similar_names(parsed):
    for _term, folded in parsed.fuzzy:
        _similar_names.pop(folded, None)


def _matching_sql(parsed, audiences, remembered=None, count=None):
    """(WHERE sql, params, rank sql, params) of the entries matching every word that the user may see.

    Each word matches the vector (its stem, weighted by where it stands), or, for a Latin word of
    four letters or more, a name holding a spelling variant of it: the name words of SearchNameWord
    at pg_trgm's word similarity threshold (0.6), looked up once per query in that small table (or
    taken from `remembered`, valid while the name words number `count`) and then matched exactly in
    `names_vector` (GIN). Rank: ts_rank with normalisation 1 (titles A,
    subtitles B, text C; rank / (1 + log(length)), so a short title that is the match comes before a
    long text that mentions it), plus, for each such Latin word, 1 when the entry holds the word
    itself and its name's word similarity when it was found through a variant only: the word as
    typed ranks above its variants, the closest variant first."""
    last = len(parsed.terms) - 1
    fuzzy = dict(parsed.fuzzy)
    remembered = remembered or {}
    conditions, params, ranks, rank_params = [], [], ["ts_rank(e.search_vector, to_tsquery('english', %s), 1)"], []
    rank_params.append(" | ".join(_tsquery_word(term, parsed.prefix and index == last) for index, term in enumerate(parsed.terms)))
    for index, term in enumerate(parsed.terms):
        word = _tsquery_word(term, parsed.prefix and index == last)
        if term in fuzzy:
            if fuzzy[term] in remembered:
                conditions.append("(e.search_vector @@ to_tsquery('english', %s) OR e.names_vector @@ %s::tsquery)")
                params += [word, remembered[fuzzy[term]]]
            else:
                conditions.append(f"(e.search_vector @@ to_tsquery('english', %s) OR e.names_vector @@ {_NAME_WORDS_LOOKUP}::tsquery)")
                params += [word, fuzzy[term], fuzzy[term]]
            ranks.append("CASE WHEN e.search_vector @@ to_tsquery('english', %s) THEN 1 ELSE word_similarity(%s, e.names) END")
            rank_params += [word, fuzzy[term]]
        else:
            conditions.append("e.search_vector @@ to_tsquery('english', %s)")
            params.append(word)
    if remembered:
        conditions.append("(SELECT count(*) FROM portal_searchnameword) = %s")
        params.append(count)
    audience_sql, audience_params = _audience_sql(audiences)
    return " AND ".join([*conditions, audience_sql]), params + audience_params, " + ".join(ranks), rank_params


def _fetch_matching(parsed, build):
    """The rows of the statement `build(remembered, count)` writes, with the remembered name words
    when there are. Should it find nothing, either nothing matches or the name words have changed:
    when their count says so, the statement is run again with the lookup."""
    _remember_similar_names(parsed)
    remembered, count = _remembered_names(parsed)
    with connection.cursor() as cursor:
        cursor.execute(*build(remembered, count))
        rows = cursor.fetchall()
        if remembered and not rows:
            cursor.execute("SELECT count(*) FROM portal_searchnameword")
            if cursor.fetchone()[0] != count:
                _forget_similar_names(parsed)
                cursor.execute(*build({}, None))
                rows = cursor.fetchall()
    return rows


# What a hit shows (the date only orders the ranking): the texts are long, so only the one the
# snippet is cut from is read, the page's language's or, when that is empty, the other's, as
# _in_language would choose.
_SHOWN_COLUMNS = ["kind", "title_ar", "title_en", "subtitle_ar", "subtitle_en", "url_name", "url_args"]


def _ranked_sql(parsed, audiences, kind, offset, limit, remembered=None, count=None):
    """The ranked page in one pass. The long texts stay TOAST pointers through the sort (plain
    columns are not read before they are output), so only the page's rows are detoasted; measured,
    this beat ranking ids first and joining back for the page's columns, for rare and common words."""
    from portal.i18n import active_language, other_language

    where, params, rank, rank_params = _matching_sql(parsed, audiences, remembered, count)
    if kind:
        where += " AND e.kind = %s"
        params.append(kind)
    language = active_language()
    text = f"coalesce(nullif(e.text_{language}, ''), e.text_{other_language(language)})"  # ar or en, never input
    columns = ", ".join(f"e.{column}" for column in _SHOWN_COLUMNS)
    sql = (
        f"SELECT e.id, {columns}, {text} FROM portal_searchentry e WHERE {where} "
        f"ORDER BY {rank} DESC, e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s"
    )
    return sql, params + rank_params + [limit, offset], language


class _Row:
    """An entry as the page shows it: the columns of _SHOWN_COLUMNS and the text of `language`.
    `url_args` is decoded when read: only the rows a page links to need it."""

    __slots__ = ("pk", "kind", "title_ar", "title_en", "subtitle_ar", "subtitle_en", "url_name", "_url_args", "text_ar", "text_en")

    def __init__(self, values, language):
        # Unpacked in the order of _SHOWN_COLUMNS (a loop of setattr cost more than the query for a rare word).
        (self.pk, self.kind, self.title_ar, self.title_en, self.subtitle_ar, self.subtitle_en, self.url_name,
         self._url_args, text) = values
        self.text_ar, self.text_en = (text, "") if language == "ar" else ("", text)

    @property
    def url_args(self):
        if isinstance(self._url_args, str):  # Django reads jsonb as text; JSONField decodes it
            self._url_args = json.loads(self._url_args)
        return self._url_args


def ranked_entries(user, parsed, *, kind="", offset=0, limit=PAGE_SIZE, audiences=None):
    """The entries of one page of results, best first: one query. `audiences`: the user's, when
    the caller has them already (_user_audiences)."""
    if not parsed.searchable:
        return []
    if connection.vendor != "postgresql":
        entries = matching_entries(user, parsed)
        if kind:
            entries = entries.filter(kind=kind)
        return list(entries.only(*_SHOWN_FIELDS)[offset:offset + limit])
    audiences = _user_audiences(user) if audiences is None else audiences
    if audiences is None:
        return []
    from portal.i18n import active_language

    rows = _fetch_matching(parsed, lambda remembered, count: _ranked_sql(parsed, audiences, kind, offset, limit, remembered, count)[:2])
    language = active_language()
    return [_Row(values, language) for values in rows]


def match_counts(user, parsed, *, audiences=None):
    """{kind: matches the user may see}: one query."""
    if connection.vendor != "postgresql":
        entries = matching_entries(user, parsed)
        return {row["kind"]: row["n"] for row in entries.order_by().values("kind").annotate(n=Count("pk"))}
    audiences = _user_audiences(user) if audiences is None else audiences
    if audiences is None:
        return {}
    def counts_sql(remembered, count):
        where, params, _rank, _rank_params = _matching_sql(parsed, audiences, remembered, count)
        return f"SELECT e.kind, count(*) FROM portal_searchentry e WHERE {where} GROUP BY e.kind", params

    return dict(_fetch_matching(parsed, counts_sql))


@dataclass
class Hit:
    """One result as the page shows it, in the active language."""

    kind: str
    label: str  # the provider's group heading
    url: str
    title: str
    subtitle: str
    title_html: str  # escaped, query words marked
    subtitle_html: str
    snippet_html: str  # "" when the text says nothing of the query


@dataclass
class SearchResults:
    parsed: ParsedQuery
    hits: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # kind -> matches the user may see
    kind: str = ""  # the group chosen, "" for all
    page: object = None  # a django.core.paginator.Page

    @property
    def total(self):
        """Matches in the group chosen (or in all)."""
        return self.counts.get(self.kind, 0) if self.kind else self.all_total

    @property
    def all_total(self):
        return sum(self.counts.values())

    @property
    def groups(self):
        """[(kind, label, count)] in the providers' order, for the filter."""
        from portal import registry

        return [
            (kind, registry.search_providers.get(kind).label, self.counts[kind])
            for kind in registry.search_providers.names() if self.counts.get(kind)
        ]


def search(user, text, *, kind="", page=1, page_size=PAGE_SIZE):
    """One page of ranked results for `text`, with the counts per group: two queries."""
    from portal import registry

    parsed = parse_query(text)
    results = SearchResults(parsed=parsed)
    if not parsed.searchable:
        return results
    # Who the user is in the index, worked out once for both queries (permission checks, apps' resolvers).
    audiences = _user_audiences(user) if connection.vendor == "postgresql" else None
    results.counts = match_counts(user, parsed, audiences=audiences)
    results.kind = kind if kind in results.counts else ""
    # A paginator over the count alone: the page's rows are read by the ranked query below.
    results.page = Paginator(range(results.total), page_size).get_page(page)
    matcher = Matcher(parsed)
    rows = ranked_entries(
        user, parsed, kind=results.kind, offset=results.page.start_index() - 1, limit=page_size, audiences=audiences,
    ) if results.total else []
    results.hits = [hit for hit in (_hit(entry, matcher, registry) for entry in rows) if hit]
    return results


def suggest(user, text, *, limit=SUGGESTIONS):
    """A few results for the header's box, the last word taken as a prefix: one query."""
    from portal import registry

    parsed = parse_query(text, prefix=True)
    if len(parsed.text) < MIN_SUGGEST_LENGTH or not parsed.searchable:
        return []
    matcher = Matcher(parsed)
    rows = ranked_entries(user, parsed, limit=limit)
    return [hit for hit in (_hit(entry, matcher, registry) for entry in rows) if hit]


_SHOWN_FIELDS = ["kind", "title_ar", "title_en", "subtitle_ar", "subtitle_en", "text_ar", "text_en", "url_name", "url_args", "date"]


def _in_language(entry, name):
    from portal.i18n import active_language, other_language

    language = active_language()
    return getattr(entry, f"{name}_{language}") or getattr(entry, f"{name}_{other_language(language)}")


def _hit(entry, matcher, registry):
    provider = registry.search_providers.get(entry.kind)
    try:
        args = entry.url_args
        # An object's page (one pk): reversed once per process and language (portal.links).
        url = links.pk_url(entry.url_name, args[0]) if len(args) == 1 and isinstance(args[0], int) else reverse(entry.url_name, args=args)
    except NoReverseMatch:  # a provider renamed its URL: the entry waits for the next rebuild
        return None
    title, subtitle, text = _in_language(entry, "title"), _in_language(entry, "subtitle"), _in_language(entry, "text")
    return Hit(
        kind=entry.kind, label=provider.label if provider else entry.kind, url=url, title=title, subtitle=subtitle,
        title_html=matcher.mark(title), subtitle_html=matcher.mark(subtitle), snippet_html=matcher.snippet(text),
    )


# Highlighting ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=20_000)
def _word_term(word):
    """The index's term for one word of a shown text ("" for none), kept per process: a page of
    results marks some 300 words, mostly the same names and titles, and analysing each again cost
    more than the page's two queries."""
    folded = fold(word)
    return analyse_word(folded) if folded else ""


SNIPPET_BEFORE = 8  # words before the first match
SNIPPET_WORDS = 30
_PIECES_RE = re.compile(r"([^\W_]+)")


def _latin_key(word):
    # Close enough to the 'english' stemmer for marking words: campaigns/campaign, meetings/meeting.
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class Matcher:
    """Marks the words of a text that the query matched, with the same analysis as the index.

    The text is cut into words and the characters between them; every piece is escaped, and <mark>
    is put only around escaped words: nothing of the text can become markup."""

    def __init__(self, parsed):
        self.prefix = parsed.prefix
        self.arabic = {term for term in parsed.terms if is_arabic(term)}
        self.latin = {_latin_key(term) for term in parsed.terms if not is_arabic(term)}
        self.fuzzy = {folded for _term, folded in parsed.fuzzy}
        self.last = parsed.terms[-1] if parsed.terms else ""

    def matches(self, word):
        term = _word_term(word)
        if not term:
            return False
        if is_arabic(term):
            return term in self.arabic or (self.prefix and is_arabic(self.last) and term.startswith(self.last))
        return (
            _latin_key(term) in self.latin or (self.prefix and term.startswith(self.last))
            or (term.isalpha() and _vowel_fold(term) in self.fuzzy)
        )

    def _pieces(self, text):
        return _PIECES_RE.split(text or "")  # words at odd positions

    def _render(self, pieces):
        html = []
        for index, piece in enumerate(pieces):
            if index % 2 and self.matches(piece):
                html.append(f"<mark>{escape(piece)}</mark>")
            else:
                html.append(escape(piece))
        return mark_safe("".join(html))

    def mark(self, text):
        return self._render(self._pieces(text))

    def snippet(self, text):
        """About SNIPPET_WORDS words of `text` around its first match, marked; "" without a match."""
        pieces = self._pieces(text)
        words = range(1, len(pieces), 2)
        first = next((index for index in words if self.matches(pieces[index])), None)
        if first is None:
            return ""
        start = max(0, first - 2 * SNIPPET_BEFORE)
        start -= start % 2  # begin on the separator before a word
        end = min(len(pieces), start + 2 * SNIPPET_WORDS + 1)
        html = self._render(pieces[start:end])
        return mark_safe(("… " if start > 0 else "") + html.strip() + (" …" if end < len(pieces) else ""))
