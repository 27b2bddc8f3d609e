"""The kinds of notification, registered by the apps from their AppConfig.ready().

A kind says what a notification is about and how it reads, without `portal` knowing any app:

- `audience(target)` is called once per `notify()` call and returns a check `(user) -> bool` that
  uses only the user's loaded fields (role, entity, id), so filtering 500 recipients costs no query
  per recipient. Whatever the caller passes as recipients, only those the check accepts are
  notified: a guest never receives what does not concern their meeting.
- `link(target)` returns `(url_name, args)`; the link is reversed in the reader's language when the
  notification is shown or e-mailed, so an Arabic reader lands on the Arabic page.
- `title(notification)` and `body(notification)` are called with the reader's language active;
  they read only `notification.context` (and `notification.value(name)` for bilingual values), so
  a page of notifications renders without a query.
"""
from dataclasses import dataclass
from typing import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """When a kind's notifications are also e-mailed. Every notification is in the notification
    centre whatever the choice: the choice is about e-mail."""

    IMMEDIATELY = "immediately", _("E-mail me immediately")
    DAILY = "daily", _("Daily digest e-mail")
    OFF = "off", _("No e-mail")


@dataclass(frozen=True)
class Kind:
    name: str  # "<app>.<what>", e.g. "meetings.cancelled"; stored on every notification
    label: str  # lazily translated, e.g. "Meeting cancelled"
    description: str  # lazily translated: who receives it and when (shown on the preferences page)
    audience: Callable  # (target) -> (user) -> bool
    link: Callable  # (target) -> (url_name, args)
    title: Callable  # (notification) -> str, in the active language
    body: Callable = None  # (notification) -> str, or None
    # (target) -> dict: the values every notification of this kind needs from its target (e.g. a
    # meeting's titles and time), stored with it; the caller's `context` adds to them.
    describe: Callable = None
    default: str = Delivery.IMMEDIATELY
    icon: str = "bell"  # Bootstrap icon name
    order: int = 100  # on the preferences page
    tell_actor: bool = False  # whether the person who caused it is notified too (if among the recipients)
    # (notification) -> [(filename, content, mimetype)]: files its e-mail carries (a meeting's .ics),
    # built in the reader's language when the e-mail is written.
    attachments: Callable = None

    def __post_init__(self):
        if self.default not in Delivery.values:
            raise ValueError(f"Unknown delivery {self.default!r} for notification kind {self.name}.")


_kinds = {}


def register(kind):
    """Register (or replace, e.g. in tests) a kind of notification."""
    _kinds[kind.name] = kind
    return kind


def get(name):
    """The kind registered under `name`, or None (a kind removed since its notifications were stored)."""
    return _kinds.get(name)


def all_kinds():
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))
