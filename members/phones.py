"""Phone numbers as people type them: Arabic-Indic digits become Western, separators are kept."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ALLOWED = re.compile(r"^\+?[0-9][0-9 ()\-]{5,30}$")


def normalize_phone(value):
    """'٠٥٠ ١٢٣ ٤٥٦٧' → '050 123 4567'; raises a translated ValidationError when it is not a phone number."""
    value = re.sub(r"\s+", " ", (value or "").translate(_DIGITS)).strip()
    if value and not _ALLOWED.match(value):
        raise ValidationError(_("Enter a phone number with digits, spaces, dashes and an optional leading +."), code="phone")
    return value


def tel_uri(value):
    """The number as a tel: link target (digits and leading + only)."""
    return re.sub(r"[^0-9+]", "", value or "")
