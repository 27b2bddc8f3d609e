"""What the meetings portal brings to the shell (portal.registry): navigation, search results
(meetings and agenda items), the home page's panels (my next meetings with the replies owed, my open
action items), the "meetings hosted" and "presentations given" sections of an entity's page, and
demo data. Registered from MeetingsConfig.ready().

Each panel and section is one query, whatever the data (pinned in tests/meetings/test_meeting_panels.py)."""
from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from meetings.models import ActionItem, AgendaItem, Meeting, Rsvp
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


def agenda_item_document(item):
    """Found by whoever finds its meeting (the same audiences)."""
    meeting = item.meeting

    def subtitle(language):
        with translation.override(language):
            other = "en" if language == "ar" else "ar"
            presenter = item.presenter_entity or item.presenter_person
            presenter_name = (
                (getattr(presenter, f"name_{language}") or getattr(presenter, f"name_{other}")) if presenter
                else getattr(item, f"presenter_guest_{language}") or getattr(item, f"presenter_guest_{other}")
            )
            meeting_title = getattr(meeting, f"title_{language}") or getattr(meeting, f"title_{other}")
            return " · ".join(part for part in (
                meeting_title, formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"), presenter_name,
            ) if part)

    return registry.SearchDocument(
        title_ar=item.title_ar, title_en=item.title_en, subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"),
        text_ar=" ".join(part for part in (item.description_ar, item.presenter_guest_ar) if part),
        text_en=" ".join(part for part in (item.description_en, item.presenter_guest_en) if part),
        url_name="meetings:detail", url_args=(meeting.pk,), date=meeting.starts_at,
        audiences=("members", f"meeting:{meeting.pk}"),
    )


AGENDA_ITEM_SEARCH = registry.SearchProvider(
    portal="meetings", label=_("Agenda items"), model=AgendaItem,
    indexed=lambda: AgendaItem.objects.select_related("meeting", "presenter_entity", "presenter_person"),
    document=agenda_item_document,
    depends_on=(
        (Meeting, lambda meeting: AgendaItem.objects.filter(meeting=meeting)),  # its title and date in the subtitle
        (Entity, lambda entity: AgendaItem.objects.filter(presenter_entity=entity)),
    ),
)


def with_my_reply(meetings, user):
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), person=user.pk)
    return meetings.annotate(
        my_response=Subquery(mine.values("response")[:1]), my_wait_listed_at=Subquery(mine.values("wait_listed_at")[:1]),
    )


def upcoming_panel(request):
    """My next meetings (those I am invited to), each with my reply or a "reply needed" mark."""
    user = request.user
    if not user.has_perm("meetings.view_meetings"):
        return None
    meetings = list(with_my_reply(
        Meeting.objects.invited(user).filter(pk__in=Meeting.objects.visible_to(user).values("pk"))
        .filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk").select_related("host"),
        user,
    )[:PANEL_ITEMS])
    for meeting in meetings:
        meeting.reply_needed = not meeting.my_response and not meeting.is_cancelled
    return render_to_string("meetings/panels/upcoming.html", {
        "meetings": meetings, "replies_needed": sum(meeting.reply_needed for meeting in meetings),
    }, request=request)


def my_action_items(user):
    """Open action items owned by `user` or by their entity, the soonest due first."""
    owned = Q(owner_person=user.pk)
    if user.entity_id:
        owned |= Q(owner_entity=user.entity_id)
    return (
        ActionItem.objects.still_open().filter(kind=ActionItem.Kind.ACTION).filter(owned)
        .select_related("meeting", "owner_entity", "owner_person")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def action_items_panel(request):
    if not request.user.has_perm("members.view_directory"):
        return None  # action items are the network's: never a guest's
    items = list(my_action_items(request.user)[:PANEL_ITEMS + 1])
    today = timezone.localdate()
    for item in items:
        item.overdue = item.due_on is not None and item.due_on < today
    return render_to_string("meetings/panels/action_items.html", {
        "items": items[:PANEL_ITEMS], "more": len(items) > PANEL_ITEMS,
    }, request=request)


def hosted_section(request, entity):
    meetings = Meeting.objects.visible_to(request.user).filter(host=entity).select_related("host").order_by("-starts_at")[:PANEL_ITEMS]
    return render_to_string("meetings/panels/hosted.html", {"meetings_hosted": meetings}, request=request)


def presentations_section(request, entity):
    """Agenda items presented by the entity or one of its people, the latest first."""
    items = (
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(request.user))
        .filter(Q(presenter_entity=entity) | Q(presenter_person__entity=entity))
        .select_related("meeting", "presenter_person").order_by("-meeting__starts_at", "position", "pk")[:PANEL_ITEMS]
    )
    return render_to_string("meetings/panels/presentations.html", {"presentations": items}, request=request)


def register():
    from meetings import demo_data

    registry.navigation.register(
        "meetings", registry.NavItem("meetings:index", _("Meetings"), "calendar-event", "meetings.view_meetings"), order=30,
    )
    registry.search_providers.register("meetings", MEETING_SEARCH, order=30)
    registry.search_providers.register("meetings-agenda", AGENDA_ITEM_SEARCH, order=31)
    registry.search_audiences.register("meetings", search_audiences, order=30)
    registry.dashboard_panels.register("upcoming-meetings", upcoming_panel, order=20)
    registry.dashboard_panels.register("meetings-action-items", action_items_panel, order=21)
    registry.entity_sections.register("meetings-hosted", hosted_section, order=30)
    registry.entity_sections.register("meetings-presentations", presentations_section, order=31)
    registry.demo_seeders.register("meetings", registry.DemoData(seed=demo_data.seed), order=30)
