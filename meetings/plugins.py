"""What the meetings portal brings to the shell (portal.registry): navigation, search results,
the home-page panel of upcoming meetings, the "meetings hosted" section of an entity's page, and
demo data. Registered from MeetingsConfig.ready()."""
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from portal import registry
from portal.search import matches_all_words

PANEL_ITEMS = 5


def search_meetings(user, query, limit):
    meetings = matches_all_words(
        Meeting.objects.visible_to(user).select_related("host"), ["title_ar", "title_en", "summary_ar", "summary_en"], query,
    )[:limit]
    return [
        registry.SearchResult(
            portal=_("Meetings"), title=meeting.title,
            subtitle=" · ".join(part for part in (
                meeting.get_kind_display(),
                formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
                meeting.host.name if meeting.host else "",
            ) if part),
            url=reverse("meetings:detail", args=[meeting.pk]),
        )
        for meeting in meetings
    ]


def upcoming_panel(request):
    if not request.user.has_perm("meetings.view_meetings"):
        return None
    meetings = Meeting.objects.visible_to(request.user).upcoming().select_related("host")[:PANEL_ITEMS]
    return render_to_string("meetings/panels/upcoming.html", {"meetings": meetings}, request=request)


def hosted_section(request, entity):
    meetings = Meeting.objects.visible_to(request.user).filter(host=entity).select_related("host").order_by("-starts_at")[:PANEL_ITEMS]
    return render_to_string("meetings/panels/hosted.html", {"meetings_hosted": meetings}, request=request)


def register():
    from meetings import demo_data

    registry.navigation.register(
        "meetings", registry.NavItem("meetings:index", _("Meetings"), "calendar-event", "meetings.view_meetings"), order=30,
    )
    registry.search_providers.register("meetings", search_meetings, order=30)
    registry.dashboard_panels.register("upcoming-meetings", upcoming_panel, order=20)
    registry.entity_sections.register("meetings-hosted", hosted_section, order=30)
    registry.demo_seeders.register("meetings", registry.DemoData(seed=demo_data.seed), order=30)
