"""Search that understands Arabic spelling variants.

`normalize_arabic` folds the variants people type interchangeably (أ/إ/آ/ٱ → ا, ة → ه, ى → ي),
drops diacritics and tatweel, and lowercases Latin text. `normalized(field)` is the same folding as
a database expression, so a query folded in Python matches columns folded in SQL, on PostgreSQL
and SQLite alike, without storing a second copy of each name.
"""
import re

from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace

DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, superscript alef, tatweel
FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
_DIACRITICS_RE = re.compile(f"[{DIACRITICS}]")
_SPACES_RE = re.compile(r"\s+")


def normalize_arabic(text):
    text = _DIACRITICS_RE.sub("", text or "")
    for variant, base in FOLDS.items():
        text = text.replace(variant, base)
    return _SPACES_RE.sub(" ", text).strip().lower()


def normalized(field):
    expression = Lower(F(field))
    for character in DIACRITICS:
        expression = Replace(expression, Value(character), Value(""))
    for variant, base in FOLDS.items():
        expression = Replace(expression, Value(variant), Value(base))
    return expression


def matches_all_words(queryset, fields, query):
    """Rows where every word of `query` occurs (partially) in at least one of `fields`, variants folded."""
    words = normalize_arabic(query).split()[:8]
    if not words:
        return queryset.none()
    annotations = {f"_search_{index}": normalized(field) for index, field in enumerate(fields)}
    queryset = queryset.alias(**annotations)
    for word in words:
        condition = Q()
        for alias in annotations:
            condition |= Q(**{f"{alias}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def search_everything(user, query, limit=20):
    """Results grouped by portal, each limited to what `user` may open."""
    from meetings.models import Meeting
    from members.models import Entity, User

    results = {
        "meetings": list(
            matches_all_words(Meeting.objects.visible_to(user), ["title_ar", "title_en"], query)
            .select_related("host")[:limit]
        ),
        "entities": [],
        "people": [],
    }
    if user.has_perm("members.view_directory"):
        results["entities"] = list(
            matches_all_words(Entity.objects.active(), ["name_ar", "name_en", "short_name"], query)[:limit]
        )
        results["people"] = list(
            matches_all_words(
                User.objects.filter(is_active=True).exclude(role="guest"), ["name_ar", "name_en"], query
            ).select_related("entity")[:limit]
        )
    results["total"] = sum(len(value) for value in results.values())
    return results
