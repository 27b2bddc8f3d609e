"""Search that understands Arabic spelling variants.

`normalize_arabic` folds the variants people type interchangeably (أ/إ/آ/ٱ → ا, ة → ه, ى → ي),
drops diacritics and tatweel, and lowercases Latin text. `normalized(field)` is the same folding as
a database expression, so a query folded in Python matches columns folded in SQL, on PostgreSQL
and SQLite alike, without storing a second copy of each name.
"""
import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value

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
    the extension is created by a migration)."""
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


def search_everything(user, query, limit=20):
    """[(portal heading, [SearchResult])] from every registered provider; each provider returns
    only what `user` may open (portal.registry.search_providers)."""
    from portal import registry

    groups = []
    for provider in registry.search_providers:
        results = provider(user, query, limit)
        if results:
            groups.append((results[0].portal, results))
    return groups
