"""The coordination calendar's pages: the month, the list of what is coming, the private feed's
address (with its reset) and the feed itself, read by calendar programs with the token alone.
The entries and their overlaps come from campaigns/calendar.py."""
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from campaigns import calendar
from campaigns.models import CalendarFeed, Theme
from portal.access import permission_or_404
from portal.i18n import name_ordering
from portal.notifications.models import language_of

# Calendar programs poll every few minutes to hours: recording each poll would write on every one.
LAST_USED_PRECISION = timedelta(hours=1)


def _filters(request):
    form = calendar.CalendarFilterForm(request.GET, themes=Theme.objects.order_by(*name_ordering()))
    query = request.GET.copy()
    return form, form.values(), query.urlencode()


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def month(request, year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = date(year, month, 1)
    following = calendar.add_months(first, 1)
    form, filters, query_string = _filters(request)
    entries = calendar.coordination(request.user, first, following - timedelta(days=1), filters)
    previous = calendar.add_months(first, -1)
    today = timezone.localdate()
    suffix = f"?{query_string}" if query_string else ""
    return render(request, "campaigns/calendar_month.html", {
        "first": first, "entries": entries, "weeks": calendar.month_weeks(year, month, entries, today),
        "weekdays": [WEEKDAYS[offset] for offset in range(7)],  # Monday first
        "filters": form, "query_string": query_string,
        "previous_url": reverse("campaigns:calendar_month", args=[previous.year, previous.month]) + suffix,
        "next_url": reverse("campaigns:calendar_month", args=[following.year, following.month]) + suffix,
        "today_url": reverse("campaigns:calendar_month", args=[today.year, today.month]) + suffix,
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
    end = calendar.add_months(start, calendar.LIST_MONTHS) - timedelta(days=1)
    form, filters, query_string = _filters(request)
    entries = [entry for entry in calendar.coordination(request.user, start, end, filters) if entry.ends_on >= today]
    suffix = f"?{query_string}" if query_string else ""
    return render(request, "campaigns/calendar_list.html", {
        "months": calendar.by_month(entries, today), "filters": form, "query_string": query_string, "end": end,
        "month_url": reverse("campaigns:calendar_month", args=[today.year, today.month]) + suffix,
    })


def _calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def feed(request, token):
    """No sign-in: the token is the credential. An unknown token (or a reset one), or the token of a
    person who may no longer see the calendar, is a 404."""
    subscription = CalendarFeed.objects.select_related("person__notification_settings").filter(token=token).first()
    if subscription is None or not subscription.person.is_active or not subscription.person.has_perm("campaigns.view_campaigns"):
        raise Http404
    person = subscription.person
    now = timezone.now()
    if subscription.last_used_at is None or subscription.last_used_at < now - LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=subscription.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION),
        ).update(last_used_at=now)
    campaigns, occasions = calendar.feed_items(person)
    return _calendar_response(calendar.feed_calendar(campaigns, occasions, language_of(person)), "campaigns.ics")


def feed_url(subscription):
    return f"{settings.PORTAL_BASE_URL}{reverse('campaigns:calendar_feed', args=[subscription.token])}"


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def feed_settings(request):
    if request.method == "POST":
        calendar.calendar_feed_reset(person=request.user, request=request)
        messages.success(request, _("Your calendar address was changed. Subscribe again with the new address: the old one no longer works."))
        return redirect("campaigns:calendar_feed_settings")
    subscription = calendar.calendar_feed_for(request.user)
    url = feed_url(subscription)
    return render(request, "campaigns/calendar_feed.html", {
        "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1], "subscription": subscription,
    })
