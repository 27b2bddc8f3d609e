"""Form helpers shared by every portal: bilingual inputs and clean text."""
import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _


# Bidi overrides and isolates let a name display as something it is not; NUL breaks storage.
_FORBIDDEN_CHARACTERS = re.compile("[\u0000\u202a-\u202e\u2066-\u2069]")


def clean_text(value):
    """Strip bidi control characters and NUL bytes, normalise to NFC, trim spaces."""
    return unicodedata.normalize("NFC", _FORBIDDEN_CHARACTERS.sub("", value or "")).strip()


def reject_control_characters(value):
    if _FORBIDDEN_CHARACTERS.search(value or ""):
        raise forms.ValidationError(_("Remove the invisible control characters from this text."), code="bidi")


class BilingualInputsMixin:
    """Gives `*_ar` inputs `lang="ar" dir="rtl"` and `*_en` inputs `lang="en" dir="ltr"`, in either UI language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            set_input_direction(name, field.widget)


def set_input_direction(name, widget):
    """Language inputs get their own direction; addresses, numbers and handles are typed left to right
    in the Arabic UI too (an RTL input shows `+971 4 600 0000` as `0000 600 4 971+`, `@DET` as `DET@`)."""
    if name.endswith("_ar"):
        widget.attrs.update(lang="ar", dir="rtl")
    elif name.endswith("_en"):
        widget.attrs.update(lang="en", dir="ltr")
    elif (
        name in ("website", "url", "handle", "mobile", "password", "password1", "password2")
        or name.endswith(("email", "_phone", "_url"))
        or getattr(widget, "input_type", None) in ("email", "url", "tel", "password")
    ):
        widget.attrs.update(dir="ltr")
