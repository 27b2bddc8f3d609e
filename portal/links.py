"""URLs reversed once per process instead of once per link.

reverse() costs about 40-50 microseconds; a directory page has dozens of links and the header a
dozen more. The URLconf does not change while the process runs, so a URL is reversed once per
script prefix and language (i18n_patterns put the language in the path) and kept. A URL with an
object's pk in it is reversed with a stand-in pk and the real ones are formatted into it.
"""
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_PK_STAND_IN = "9876543210"
_urls = {}
_pk_url_parts = {}


def url(viewname, *args):
    """reverse(viewname, args=args), reversed once per process, script prefix and language."""
    key = (get_script_prefix(), get_language(), viewname, args)
    found = _urls.get(key)
    if found is None:
        found = _urls[key] = reverse(viewname, args=args)
    return found


def pk_url_parts(viewname, *args):
    """(head, tail): reverse(viewname, args=[*args, pk]) is head + pk + tail for any pk. For a list
    of links, asked once rather than per link (the script prefix and language are looked up here)."""
    key = (get_script_prefix(), get_language(), viewname, args)
    parts = _pk_url_parts.get(key)
    if parts is None:
        head, _stand_in, tail = reverse(viewname, args=[*args, _PK_STAND_IN]).rpartition(_PK_STAND_IN)
        parts = _pk_url_parts[key] = (head, tail)
    return parts


def pk_url(viewname, pk, *args):
    """reverse(viewname, args=[*args, pk]) for any pk, reversed once per process, prefix and language."""
    head, tail = pk_url_parts(viewname, *args)
    return f"{head}{int(pk)}{tail}"
