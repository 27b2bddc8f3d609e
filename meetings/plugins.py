"""What the meetings portal brings to the shell (portal.registry): navigation, search results,
the home-page panel of upcoming meetings, the "meetings hosted" section of an entity's page, and
demo data. Registered from MeetingsConfig.ready()."""
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import Entity
from portal import registry

PANEL_ITEMS = 5


def meeting_document(meeting):
    """Found by every network member, and by the guests invited to it (its own audience key)."""
    def subtitle(language):
        with translation.override(language):
            host = (getattr(meeting.host, f"name_{language}") or meeting.host.name_ar) if meeting.host else ""
            return " · ".join(part for part in (
                str(meeting.get_kind_display()), formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"), host,
            ) if part)

    return registry.SearchDocument(
        title_ar=meeting.title_ar, title_en=meeting.title_en, subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"),
        text_ar=" ".join(part for part in (meeting.summary_ar, meeting.location_ar) if part),
        text_en=" ".join(part for part in (meeting.summary_en, meeting.location_en) if part),
        url_name="meetings:detail", url_args=(meeting.pk,), date=meeting.starts_at,
        audiences=("members", f"meeting:{meeting.pk}"),
    )


def search_audiences(user):
    """A guest belongs to the audience of each meeting they are invited to, read inside the search's
    own query (members find meetings through the "members" audience)."""
    if user.has_perm("members.view_directory") or not user.has_perm("meetings.view_meetings"):
        return []
    invitations = Meeting.guests.through.objects.filter(user_id=user.pk)
    return invitations.annotate(key=Concat(Value("meeting:"), Cast("meeting_id", CharField()))).values("key")


MEETING_SEARCH = registry.SearchProvider(
    portal="meetings", label=_("Meetings"), model=Meeting, indexed=lambda: Meeting.objects.select_related("host"),
    document=meeting_document,
    depends_on=((Entity, lambda entity: Meeting.objects.filter(host=entity)),),  # the host's name in the subtitle
)


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
    registry.search_providers.register("meetings", MEETING_SEARCH, order=30)
    registry.search_audiences.register("meetings", search_audiences, order=30)
    registry.dashboard_panels.register("upcoming-meetings", upcoming_panel, order=20)
    registry.entity_sections.register("meetings-hosted", hosted_section, order=30)
    registry.demo_seeders.register("meetings", registry.DemoData(seed=demo_data.seed), order=30)
