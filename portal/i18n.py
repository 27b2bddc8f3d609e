"""Bilingual content: paired `<field>_ar` / `<field>_en` columns and one accessor.

Decided once for the whole portal (instead of django-modeltranslation): plain paired columns keep
the schema obvious and queries explicit, and `Bilingual("name")` gives `obj.name` in the active
language, falling back to the other language when that side is empty.
"""
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate, Lower
from django.utils.translation import get_language

LANGUAGE_CODES = ("ar", "en")


def active_language():
    language = (get_language() or "ar")[:2]
    return language if language in LANGUAGE_CODES else "ar"


def other_language(language):
    return "en" if language == "ar" else "ar"


class Bilingual:
    """Descriptor reading `<base>_<lang>` for the active language, else the other one."""

    def __init__(self, base):
        self.base = base

    def __set_name__(self, owner, name):
        self.base = self.base or name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        language = active_language()
        return getattr(obj, f"{self.base}_{language}") or getattr(obj, f"{self.base}_{other_language(language)}")



# ICU collations sort Arabic names the way Arabic readers expect (PostgreSQL only).
COLLATIONS = {"ar": "ar-x-icu", "en": "en-x-icu"}


def collated(field, language):
    if connection.vendor == "postgresql":
        return Collate(F(field), COLLATIONS[language])
    return Lower(field)


def name_ordering(prefix="", field="name"):
    """Order by `<prefix><field>` in the page's language, then in the other one, each collated for
    its own language: Arabic readers see Arabic alphabetical order, English readers English."""
    language = active_language()
    other = other_language(language)
    return [collated(f"{prefix}{field}_{language}", language), collated(f"{prefix}{field}_{other}", other)]
