"""iCalendar downloads: one meeting's `.ics` (signed in), a person's feed (by its secret token, for
calendar programs that cannot sign in), and the page where the person finds and resets that address."""
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from meetings import calendar, services
from meetings.models import CalendarFeed, Meeting
from portal.access import get_visible_or_404, permission_or_404
from portal.notifications.models import language_of

# Calendar programs poll every few minutes to hours: recording each poll would write on every one.
LAST_USED_PRECISION = timedelta(hours=1)
# A feed carries the coming meetings and a year of past ones: enough history, bounded size.
FEED_HISTORY = timedelta(days=365)


def _calendar_response(body, filename, *, attachment):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@login_required
def meeting_ics(request, pk):
    meeting = get_visible_or_404(Meeting.objects.select_related("host"), request.user, pk=pk)
    return _calendar_response(calendar.meeting_calendar(meeting), calendar.ics_filename(meeting), attachment=True)


def feed_meetings(person):
    """The meetings of `person`'s feed: those they are invited to (and may see), cancelled ones too."""
    since = timezone.now() - FEED_HISTORY
    return (
        Meeting.objects.invited(person).filter(pk__in=Meeting.objects.visible_to(person).values("pk"))
        .filter(ends_at__gte=since).order_by("starts_at", "pk")
    )


@require_safe
def feed(request, token):
    """No sign-in: the token is the credential. An unknown token, or a deactivated person's, is a 404."""
    subscription = CalendarFeed.objects.select_related("person__notification_settings").filter(token=token).first()
    if subscription is None or not subscription.person.is_active:
        raise Http404
    person = subscription.person
    now = timezone.now()
    if subscription.last_used_at is None or subscription.last_used_at < now - LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=subscription.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION),
        ).update(last_used_at=now)
    body = calendar.feed_calendar(feed_meetings(person), language_of(person))
    return _calendar_response(body, "meetings.ics", attachment=False)


def feed_url(subscription):
    return f"{settings.PORTAL_BASE_URL}{reverse('meetings:feed', args=[subscription.token])}"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_or_404("meetings.view_meetings")
def feed_settings(request):
    if request.method == "POST":
        services.calendar_feed_reset(person=request.user, request=request)
        messages.success(request, _("Your calendar address was changed. Subscribe again with the new address: the old one no longer works."))
        return redirect("meetings:feed_settings")
    subscription = services.calendar_feed_for(request.user)
    url = feed_url(subscription)
    return render(request, "meetings/calendar/feed_settings.html", {
        "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1], "subscription": subscription,
    })

