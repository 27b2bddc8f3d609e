"""The coordination calendar's pages: the month, the list of what is coming, the private feed's
address (with its reset) and the feed itself, read by calendar programs with the token alone.
The entries and their overlaps come from campaigns/calendar.py."""
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from campaigns import calendar
from campaigns.models import CalendarFeed, Theme
from portal import calendars
from portal.access import permission_or_404
from portal.i18n import name_ordering
from portal.notifications.models import language_of


def _filters(request):
    form = calendar.CalendarFilterForm(request.GET, themes=Theme.objects.order_by(*name_ordering()))
    query = request.GET.copy()
    return form, form.values(), query.urlencode()


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def month(request, year, month):
    first = calendars.first_of_month_or_404(year, month)
    form, filters, query_string = _filters(request)
    entries = calendar.coordination(request.user, first, calendars.add_months(first, 1) - timedelta(days=1), filters)
    today = timezone.localdate()
    suffix = f"?{query_string}" if query_string else ""
    return render(request, "campaigns/calendar_month.html", {
        "first": first, "entries": entries, "weeks": calendar.month_weeks(year, month, entries, today),
        "filters": form, "query_string": query_string,
        **calendars.month_navigation("campaigns:calendar_month", first, today, suffix),
        "list_url": reverse("campaigns:calendar") + suffix,
    })


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def upcoming(request):
    """What is planned and running from this month on, for a year, grouped by month."""
    today = timezone.localdate()
    start = today.replace(day=1)
    end = calendars.add_months(start, calendar.LIST_MONTHS) - timedelta(days=1)
    form, filters, query_string = _filters(request)
    entries = [entry for entry in calendar.coordination(request.user, start, end, filters) if entry.ends_on >= today]
    suffix = f"?{query_string}" if query_string else ""
    return render(request, "campaigns/calendar_list.html", {
        "months": calendar.by_month(entries, today), "filters": form, "query_string": query_string, "end": end,
        "month_url": reverse("campaigns:calendar_month", args=[today.year, today.month]) + suffix,
    })


@require_safe
def feed(request, token):
    """No sign-in: the token is the credential. An unknown token (or a reset one), or the token of a
    person who may no longer see the calendar, is a 404."""
    person = calendars.feed_or_404(CalendarFeed, token, permission="campaigns.view_campaigns").person
    campaigns, occasions = calendar.feed_items(person)
    return calendars.ics_response(calendar.feed_calendar(campaigns, occasions, language_of(person)), "campaigns.ics")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def feed_settings(request):
    return calendars.feed_settings_page(
        request, feed_for=calendar.calendar_feed_for, feed_reset=calendar.calendar_feed_reset,
        feed_urlname="campaigns:calendar_feed", settings_urlname="campaigns:calendar_feed_settings",
        template="campaigns/calendar_feed.html",
    )
