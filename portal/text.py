"""The one cleaning rule for text people type: no bidi controls, no NUL bytes, NFC, trimmed."""
import re
import unicodedata

# Bidi overrides and isolates let a name display as something it is not; NUL breaks storage.
FORBIDDEN_CHARACTERS = re.compile("[\u0000\u202a-\u202e\u2066-\u2069]")


def clean_text(value):
    """Strip bidi control characters and NUL bytes, normalise to NFC, trim spaces."""
    return unicodedata.normalize("NFC", FORBIDDEN_CHARACTERS.sub("", value or "")).strip()
