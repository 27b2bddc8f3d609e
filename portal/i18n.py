"""Bilingual content: paired `<field>_ar` / `<field>_en` columns and one accessor.

Decided once for the whole portal (instead of django-modeltranslation): plain paired columns keep
the schema obvious and queries explicit, and `Bilingual("name")` gives `obj.name` in the active
language, falling back to the other language when that side is empty.
"""
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

