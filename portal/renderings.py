"""Parts of a page kept in the cache under a fingerprint of exactly what they are drawn from.

A full meeting page (twenty documents, a long agenda, matters arising, attendance, minutes) or a
page of the campaigns showcase spent most of its time drawing the same HTML again on every request.
Parts such as a document's list item, the members' record of a meeting or a campaign's card are
drawn from rows the page loads anyway, and from nothing of the viewer's; so each is kept under a
hash of those rows' loaded values (and of the related rows loaded with them), the language and the
template's source. A change to any of them is a new key, never a stale part: nothing needs to be
invalidated, and any cache will do (each process's own memory without Redis). Which rows a viewer
gets is still decided by the page's queries on every request. Keys no longer asked for expire.

A part kept this way must draw only from what its fingerprint covers: no request, user, CSRF token
or date unless they are given to `fingerprint()` too.
"""
import datetime
import decimal
import functools
import hashlib

from django.core.cache import cache
from django.db import models
from django.template.loader import get_template, render_to_string

from portal.i18n import active_language

TTL_SECONDS = 10 * 60


@functools.cache
def template_version(name):
    """A short hash of the template's source: part of every key a rendering of it is kept under."""
    return hashlib.sha1(get_template(name).template.source.encode()).hexdigest()[:12]


# Types whose repr() holds the whole value, so a tuple of them is told apart by its repr().
_PLAIN = frozenset({str, int, float, bool, type(None), datetime.date, datetime.datetime, decimal.Decimal})


def fingerprint(*values):
    """A hash of `values`: model instances by their loaded fields (and the instances loaded with
    them through select_related), lists and tuples item by item (a tuple of plain values at once),
    anything else by its repr()."""
    digest = hashlib.sha1()

    def feed(value):
        if isinstance(value, models.Model):
            # In the order the row was read; `_state` and the prefetch cache are not values.
            loaded = vars(value)
            digest.update(repr((type(value)._meta.label, [item for item in loaded.items() if item[0][0] != "_"])).encode())
            for related in loaded["_state"].fields_cache.values():
                feed(related)
        elif isinstance(value, tuple) and all(type(item) in _PLAIN for item in value):
            # A row as the database gives it: its repr() in one piece, half the time of item by item.
            digest.update(repr(value).encode())
        elif isinstance(value, (list, tuple)):
            digest.update(b"[")
            for item in value:
                feed(item)
            digest.update(b"]")
        else:
            digest.update(repr(value).encode())
        digest.update(b"\0")

    for value in values:
        feed(value)
    return digest.hexdigest()


def render_kept(template_name, parts):
    """[HTML] of each `(fingerprint, context)` in `parts`, drawn with `template_name` (without the
    request) or read from the cache, all read in one round trip."""
    prefix = f"rendering:{template_name}:{template_version(template_name)}:{active_language()}:"
    keys = [prefix + part_fingerprint for part_fingerprint, _context in parts]
    kept = cache.get_many(keys)
    html, missing = [], {}
    for key, (_fingerprint, context) in zip(keys, parts):
        if key not in kept:
            kept[key] = missing[key] = render_to_string(template_name, context)
        html.append(kept[key])
    if missing:
        cache.set_many(missing, timeout=TTL_SECONDS)
    return html
