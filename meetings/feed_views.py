"""iCalendar downloads: one meeting's `.ics` (signed in), a person's feed (by its secret token, for
calendar programs that cannot sign in), and the page where the person finds and resets that address."""
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from meetings import calendar, services
from meetings.models import CalendarFeed, Meeting
from portal import calendars
from portal.access import get_visible_or_404, permission_or_404
from portal.notifications.models import language_of

# A feed carries the coming meetings and a year of past ones: enough history, bounded size.
FEED_HISTORY = timedelta(days=365)


@require_safe
@login_required
def meeting_ics(request, pk):
    meeting = get_visible_or_404(Meeting.objects.select_related("host"), request.user, pk=pk)
    return calendars.ics_response(calendar.meeting_calendar(meeting), calendar.ics_filename(meeting), attachment=True)


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
    person = calendars.feed_or_404(CalendarFeed, token).person
    return calendars.ics_response(calendar.feed_calendar(feed_meetings(person), language_of(person)), "meetings.ics")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_or_404("meetings.view_meetings")
def feed_settings(request):
    return calendars.feed_settings_page(
        request, feed_for=services.calendar_feed_for, feed_reset=services.calendar_feed_reset,
        feed_urlname="meetings:feed", settings_urlname="meetings:feed_settings",
        template="meetings/calendar/feed_settings.html",
    )

