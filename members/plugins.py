"""What the members portal brings to the shell (portal.registry): its navigation entry, search
results, home-page panels and demo data. Registered from MembersConfig.ready()."""
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Invitation, NetworkSeat, Role, User
from portal import registry
from portal.search import matches_all_words

PANEL_ITEMS = 5


def search_people(user, query, limit):
    people = matches_all_words(
        User.objects.visible_to(user).select_related("entity"),
        ["name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en"], query,
    )[:limit]
    return [
        registry.SearchResult(
            portal=_("People"), title=person.name,
            subtitle=" · ".join(part for part in (person.job_title, person.entity.name if person.entity else "") if part),
            url=reverse("members:person", args=[person.pk]),
        )
        for person in people
    ]


def search_entities(user, query, limit):
    entities = matches_all_words(Entity.objects.visible_to(user), ["name_ar", "name_en", "short_name"], query)[:limit]
    return [
        registry.SearchResult(
            portal=_("Entities"), title=entity.name,
            subtitle=" · ".join(part for part in (entity.short_name, entity.get_sector_display()) if part),
            url=reverse("members:entity", args=[entity.pk]),
        )
        for entity in entities
    ]


def network_panel(request):
    """The network in figures, for every member."""
    if not request.user.has_perm("members.view_directory"):
        return None
    return render_to_string("members/panels/network.html", {
        "entity_count": Entity.objects.visible_to(request.user).count(),
        "member_count": User.objects.visible_to(request.user).count(),
    }, request=request)


def own_entity_panel(request):
    """What a director can act on for their entity: its seats, stale team profiles, pending invitations."""
    user = request.user
    if user.role != Role.DIRECTOR or user.entity_id is None or not user.has_perm("members.edit_entity_page", user.entity):
        return None
    seats = NetworkSeat.objects.filter(entity_id=user.entity_id, ended_on__isnull=True).select_related("person").order_by("seat")
    stale_team = list(User.objects.in_directory().stale_profiles().filter(entity_id=user.entity_id).order_by("profile_confirmed_at", "pk")[:PANEL_ITEMS + 1])
    return render_to_string("members/panels/own_entity.html", {
        "entity": user.entity, "seats": seats,
        "stale_team": stale_team[:PANEL_ITEMS], "more_stale": len(stale_team) > PANEL_ITEMS,
        "pending_invitations": Invitation.objects.pending().filter(entity_id=user.entity_id).count(),
    }, request=request)


def secretariat_panel(request):
    """The directory's health, for the secretariat."""
    if not request.user.has_perm("members.view_reports"):
        return None
    return render_to_string("members/panels/secretariat.html", {
        "stale_count": User.objects.in_directory().stale_profiles().count(),
        "entities_without_member": Entity.objects.active().exclude(
            seats__seat=NetworkSeat.Seat.MEMBER, seats__ended_on__isnull=True
        ).count(),
        "pending_invitations": Invitation.objects.pending().count(),
    }, request=request)


def register():
    from members import demo_data

    registry.navigation.register(
        "members", registry.NavItem("members:directory", _("Members"), "people", "members.view_directory"), order=10,
    )
    registry.search_providers.register("people", search_people, order=10)
    registry.search_providers.register("entities", search_entities, order=20)
    registry.dashboard_panels.register("own-entity", own_entity_panel, order=10)
    registry.dashboard_panels.register("secretariat", secretariat_panel, order=15)
    registry.dashboard_panels.register("network", network_panel, order=90)
    registry.demo_seeders.register(
        "members", registry.DemoData(seed=demo_data.seed, loaded=demo_data.loaded, describe=demo_data.describe), order=10,
    )
