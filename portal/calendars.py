"""Calendars as every portal shows them: a month page's weeks and links, iCalendar (RFC 5545)
files, and each person's private feed address.

Feeds (meetings', Al Multaqa's coordination calendar) work alike: a person's address carries a long
random token, the only credential since calendar programs cannot sign in; it is made on first use,
its owner resets it (audited, and the old address stops at once), and an unknown or reset token, or
the token of a person who may no longer read the feed, is a 404. Each app keeps its own feed model
(`person` one-to-one, `token` unique, `last_used_at`) and writes its own events; this module works on
the model it is given, so that `portal` imports no app.
"""
import calendar as stdlib_calendar
import secrets
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, vDuration, vText

from portal import audit
from portal.i18n import other_language

# Calendar programs poll every few minutes to hours: recording each poll would write on every one.
LAST_USED_PRECISION = timedelta(hours=1)


# A month page -----------------------------------------------------------------------------------------

def first_of_month_or_404(year, month):
    """The first day of the month a month page's URL names; a 404 outside 2000 to 2100."""
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return date(year, month, 1)


def add_months(day, count):
    """The first day of the month `count` months after (before, when negative) `day`'s."""
    month = day.month - 1 + count
    return date(day.year + month // 12, month % 12 + 1, 1)


def month_weeks(year, month):
    """The month as weeks of dates, Monday first (the UAE's working week since 2022), with the days
    of the months before and after that complete its first and last weeks."""
    return stdlib_calendar.Calendar(firstweekday=stdlib_calendar.MONDAY).monthdatescalendar(year, month)


def month_navigation(urlname, first, today, suffix=""):
    """What a month page's header shows: the weekday names in `month_weeks`' order and the links to
    the previous, the next and the current month of the page `urlname` (taking year and month),
    each followed by `suffix` (e.g. the page's filters)."""
    previous, following = add_months(first, -1), add_months(first, 1)
    return {
        "weekdays": [WEEKDAYS[offset] for offset in range(7)],  # Monday first, as month_weeks
        "previous_url": reverse(urlname, args=[previous.year, previous.month]) + suffix,
        "next_url": reverse(urlname, args=[following.year, following.month]) + suffix,
        "today_url": reverse(urlname, args=[today.year, today.month]) + suffix,
    }


# iCalendar -------------------------------------------------------------------------------------------

def portal_host():
    """The host in events' UIDs (`meeting-12@portal.example`): UIDs must never change."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def text_in(obj, name, language):
    """`obj.<name>_<language>`, else the other language's, else "": a calendar is written in its
    reader's language, not the page's."""
    return getattr(obj, f"{name}_{language}") or getattr(obj, f"{name}_{other_language(language)}") or ""


def new_calendar(name, language, *, prodid, refresh=None):
    """An empty VCALENDAR named `name`, published read-only (METHOD:PUBLISH, so that Outlook offers
    to add it and never to reply). `prodid` holds `{language}`. A feed gives `refresh`, how often
    calendar programs are asked to read it again."""
    calendar = Calendar()
    calendar.add("prodid", prodid.format(language=language.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if refresh is not None:
        # An X- property is text to icalendar: given a timedelta it wrote "6:00:00", which Outlook
        # cannot read; the value must be an iCalendar duration (PT6H).
        calendar.add("x-published-ttl", vDuration(refresh))
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    return calendar


def ics_response(body, filename, *, attachment=False):
    """An `.ics` file: never cached on the way, never indexed (a feed's address is its credential)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# A person's private feed -----------------------------------------------------------------------------

def _new_token():
    return secrets.token_urlsafe(32)


def feed_for(model, person, *, audit_creation=False):
    """`person`'s feed of `model`, made on first use (its creation audited when `audit_creation`)."""
    feed = model.objects.filter(person=person).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            feed = model.objects.create(person=person, token=_new_token())
            if audit_creation:
                audit.record(audit.Action.CREATED, actor=person, target=feed, fields=["token"])
            return feed
    except IntegrityError:  # made by a concurrent request of the same person
        return model.objects.get(person=person)


def feed_reset(model, *, person, request=None, audit_creation=False):
    """A new secret address for `person`'s feed of `model`; the old one stops working at once."""
    with transaction.atomic():
        feed = model.objects.select_for_update().get(pk=feed_for(model, person, audit_creation=audit_creation).pk)
        feed.token = _new_token()
        feed.last_used_at = None
        feed.save(update_fields=["token", "last_used_at"])
        audit.record(audit.Action.UPDATED, actor=person, target=feed, request=request, fields=["token"])
    return feed


def feed_or_404(model, token, *, permission=None):
    """The feed of `model` whose address carries `token`, with its person (and the language they
    read in), recording when it was last read (at most hourly). A 404 for an unknown token, a
    deactivated person's, or one whose person lacks `permission`."""
    feed = model.objects.select_related("person__notification_settings").filter(token=token).first()
    if feed is None or not feed.person.is_active or (permission and not feed.person.has_perm(permission)):
        raise Http404
    now = timezone.now()
    if feed.last_used_at is None or feed.last_used_at < now - LAST_USED_PRECISION:
        # One conditional UPDATE: two programs polling at once write once.
        model.objects.filter(pk=feed.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION),
        ).update(last_used_at=now)
    return feed


def feed_settings_page(request, *, feed_for, feed_reset, feed_urlname, settings_urlname, template):
    """The page where a person finds their feed's address (`feed_urlname`, taking the token) to
    subscribe to, and resets it with a POST. `feed_for` and `feed_reset` are the app's services."""
    if request.method == "POST":
        feed_reset(person=request.user, request=request)
        messages.success(request, _("Your calendar address was changed. Subscribe again with the new address: the old one no longer works."))
        return redirect(settings_urlname)
    feed = feed_for(request.user)
    url = f"{settings.PORTAL_BASE_URL}{reverse(feed_urlname, args=[feed.token])}"
    return render(request, template, {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1], "subscription": feed})
