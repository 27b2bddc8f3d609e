"""Rendered page parts that every member sees alike, cached until the content changes.

The directory's cards and filters are the same for every director in a language, and rendering
them dominated the page. They are cached under a content version that any save or delete of the
models they show moves on, so a change is visible on the next request; the timeout only bounds the
memory a forgotten key holds.
"""
import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "content-version"
TIMEOUT = 300


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old keys
        cache.add(VERSION_KEY, 2, timeout=None)


# Saves that change nothing a cached page shows (every login updates last_login).
INVISIBLE_FIELDS = {"last_login", "profile_confirmed_at"}


def content_changed(update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= INVISIBLE_FIELDS:
        return
    # Now, and again once the transaction commits: a request that rendered the old rows between the
    # two cannot leave them cached under the new version.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def cached(parts, render):
    """The cached string for `parts` (anything that decides the output) or `render()` stored there."""
    digest = hashlib.sha256(repr((content_version(), *parts)).encode()).hexdigest()
    key = f"fragment:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html


def watch(*models):
    """Any save or delete of these models (and their many-to-many links) changes cached content."""
    for model in models:
        uid = f"portal.fragments.{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}")
