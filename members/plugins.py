"""What the members portal brings to the shell (portal.registry): its navigation entry, search
results, home-page panels and demo data. Registered from MembersConfig.ready()."""
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Expertise, Invitation, NetworkSeat, Role, User
from members.rules import is_secretariat
from portal import registry

PANEL_ITEMS = 5
# The panels are drawn from their own context alone (no request): with the request, each would run
# every context processor of the page again (navigation, messages, notifications...), for nothing.


def person_document(person):
    """The search index's entry of one directory person: found by name, job title, entity, bio and
    expertise, by every network member (the directory's audience)."""
    entity = person.entity
    expertise = list(person.expertise.all())

    def subtitle(language):
        return " · ".join(part for part in (
            getattr(person, f"job_title_{language}") or person.job_title_ar or person.job_title_en,
            (getattr(entity, f"name_{language}") or entity.name_ar) if entity else "",
        ) if part)

    return registry.SearchDocument(
        title_ar=person.name_ar or person.name_en, title_en=person.name_en or person.name_ar,
        subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"),
        text_ar=" ".join([person.bio_ar, *(item.name_ar for item in expertise)]).strip(),
        text_en=" ".join([person.bio_en, *(item.name_en for item in expertise)]).strip(),
        url_name="members:person", url_args=(person.pk,), audiences=(DIRECTORY_AUDIENCE,),
    )


def entity_document(entity):
    def subtitle(language):
        with translation.override(language):
            return " · ".join(part for part in (entity.short_name, str(entity.get_sector_display())) if part)

    return registry.SearchDocument(
        title_ar=entity.name_ar, title_en=entity.name_en, subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"),
        url_name="members:entity", url_args=(entity.pk,), audiences=(DIRECTORY_AUDIENCE,),
    )


# Every network member may find directory entries; the secretariat and one entity's people have
# their own keys for what only they may see (drafts of an entity, say).
DIRECTORY_AUDIENCE = "members"


def search_audiences(user):
    if not user.has_perm("members.view_directory"):
        return []
    keys = [DIRECTORY_AUDIENCE]
    if is_secretariat(user):
        keys.append("secretariat")
    if user.entity_id is not None:
        keys += [f"entity:{user.entity_id}", f"draft:entity:{user.entity_id}"]
    return keys


PEOPLE_SEARCH = registry.SearchProvider(
    portal="members", label=_("People"), model=User,
    indexed=lambda: User.objects.in_directory().select_related("entity").prefetch_related("expertise"),
    document=person_document,
    # A login (last_login) or a confirmed profile does not change what search shows.
    fields=frozenset({
        "name_ar", "name_en", "job_title_ar", "job_title_en", "entity", "entity_id", "role", "is_active", "bio_ar", "bio_en",
    }),
    # Their entity's name is in their subtitle, and an entity leaving the network takes its people along.
    depends_on=(
        (Entity, lambda entity: User.objects.filter(entity=entity)),
        (Expertise, lambda expertise: User.objects.filter(expertise=expertise)),
    ),
    m2m=(User.expertise.through,),
)
ENTITY_SEARCH = registry.SearchProvider(
    portal="members", label=_("Entities"), model=Entity, indexed=lambda: Entity.objects.active(), document=entity_document,
)


def network_panel(request):
    """The network in figures, for every member."""
    if not request.user.has_perm("members.view_directory"):
        return None
    return render_to_string("members/panels/network.html", {
        "entity_count": Entity.objects.visible_to(request.user).count(),
        "member_count": User.objects.visible_to(request.user).count(),
    })


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
    })


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
    })


def register():
    from members import demo_data

    registry.navigation.register(
        "members", registry.NavItem("members:directory", _("Members"), "people", "members.view_directory"), order=10,
    )
    registry.search_providers.register("people", PEOPLE_SEARCH, order=10)
    registry.search_providers.register("entities", ENTITY_SEARCH, order=20)
    registry.search_audiences.register("members", search_audiences, order=10)
    registry.dashboard_panels.register("own-entity", own_entity_panel, order=10)
    registry.dashboard_panels.register("secretariat", secretariat_panel, order=15)
    registry.dashboard_panels.register("network", network_panel, order=90)
    registry.demo_seeders.register(
        "members", registry.DemoData(seed=demo_data.seed, loaded=demo_data.loaded, describe=demo_data.describe), order=10,
    )
