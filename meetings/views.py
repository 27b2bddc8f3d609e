"""Meetings: the list and each meeting's page."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.models import Meeting
from portal.access import get_visible_or_404, permission_or_404


def get_meeting_for_user(user, pk):
    """The meeting, or 404 when it is outside the user's scope (its existence is not revealed)."""
    return get_visible_or_404(Meeting.objects.select_related("host"), user, pk=pk)


@require_safe
@login_required
@permission_or_404("meetings.view_meetings")
def index(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("host")
    return render(request, "meetings/index.html", {
        "upcoming": meetings.upcoming(),
        "past": meetings.past()[:50],
    })


@require_safe
@login_required
def detail(request, pk):
    return render(request, "meetings/detail.html", {"meeting": get_meeting_for_user(request.user, pk)})
