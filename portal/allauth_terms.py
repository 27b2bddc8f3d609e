"""Terms whose translation in django-allauth's Arabic catalog is wrong or missing for this portal.

Our catalog (LOCALE_PATHS) takes precedence over allauth's; listing the msgids here keeps them in
it when `makemessages` runs. For example allauth renders "MFA" as وزارة الخارجية (the ministry).
"""
from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("MFA"),
    gettext_noop("Authenticators"),
    gettext_noop("Authenticator"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
]
