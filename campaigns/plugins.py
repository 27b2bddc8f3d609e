"""What Al Multaqa brings to the shell (portal.registry): its navigation entry, search results
(published cases for every member; drafts and cases in review for their entity and the secretariat),
the home page's panel (latest published and featured cases; for the secretariat, the cases awaiting
review), the entity page's section of the entity's published campaigns, and demo data.
Registered from CampaignsConfig.ready()."""
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from campaigns.documents import audiences
from campaigns.models import Campaign
from members.models import Entity
from portal import registry

PANEL_ITEMS = 5


def campaign_document(campaign):
    def subtitle(language):
        with translation.override(language):
            other = "en" if language == "ar" else "ar"
            entity = getattr(campaign.owner, f"name_{language}") or getattr(campaign.owner, f"name_{other}")
            return " · ".join(part for part in (entity, str(campaign.starts_on.year)) if part)

    def text(language):
        names = ("summary", "objectives", "insight", "strategy", "implementation", "results", "lessons")
        themes = [getattr(theme, f"name_{language}") for theme in campaign.themes.all()]
        return " ".join(part for part in (*(getattr(campaign, f"{name}_{language}") for name in names), *themes) if part)

    return registry.SearchDocument(
        title_ar=campaign.title_ar or campaign.title_en, title_en=campaign.title_en or campaign.title_ar,
        subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"), text_ar=text("ar"), text_en=text("en"),
        url_name="campaigns:detail", url_args=(campaign.pk,), date=campaign.published_at or campaign.created_at,
        audiences=audiences(campaign),
    )


CAMPAIGN_SEARCH = registry.SearchProvider(
    portal="campaigns", label=_("Campaigns"), model=Campaign,
    indexed=lambda: Campaign.objects.select_related("owner").prefetch_related("themes"),
    document=campaign_document,
    # Views are counted by an UPDATE no signal sees; flags and review comments do not change the entry.
    depends_on=((Entity, lambda entity: Campaign.objects.filter(owner=entity)),),
    m2m=(Campaign.themes.through,),
)


def campaigns_panel(request):
    """Featured and latest published cases; for the secretariat, the cases awaiting its review."""
    user = request.user
    if not user.has_perm("campaigns.view_campaigns"):
        return None
    published = Campaign.objects.visible_to(user).published().select_related("owner").only(
        "pk", "title_ar", "title_en", "featured", "best_practice", "owner__name_ar", "owner__name_en", "published_at", "starts_on",
    )
    # Featured first, then the newest: one query for both lists.
    shown = list(published.order_by("-featured", "-published_at", "-pk")[:PANEL_ITEMS])
    context = {"featured": [c for c in shown if c.featured], "latest": [c for c in shown if not c.featured]}
    if user.has_perm("campaigns.review_campaigns"):
        context["awaiting"] = list(
            Campaign.objects.awaiting_review().select_related("owner").only(
                "pk", "title_ar", "title_en", "owner__name_ar", "owner__name_en", "submitted_at",
            ).order_by("submitted_at", "pk")[:PANEL_ITEMS + 1]
        )
    # Drawn from its own context alone: with the request, every context processor would run again.
    return render_to_string("campaigns/panels/dashboard.html", context)


def entity_section(request, entity):
    """The entity's published campaigns (and, for its own people, nothing more: drafts stay in "my cases")."""
    campaigns = list(
        Campaign.objects.visible_to(request.user).published().filter(owner=entity)
        .only("pk", "title_ar", "title_en", "starts_on", "best_practice").order_by("-starts_on", "-pk")[:PANEL_ITEMS + 1]
    )
    return render_to_string("campaigns/panels/entity.html", {
        "entity": entity, "campaigns": campaigns[:PANEL_ITEMS], "more": len(campaigns) > PANEL_ITEMS,
    })


def register():
    from campaigns import demo_data

    registry.navigation.register(
        "campaigns", registry.NavItem("campaigns:index", _("Campaigns"), "megaphone", "campaigns.view_campaigns"), order=20,
    )
    registry.search_providers.register("campaigns", CAMPAIGN_SEARCH, order=25)
    registry.dashboard_panels.register("campaigns", campaigns_panel, order=25)
    registry.entity_sections.register("campaigns", entity_section, order=20)
    registry.demo_seeders.register(
        "campaigns", registry.DemoData(seed=demo_data.seed, loaded=demo_data.loaded), order=20,
    )
    # Strategic messages (search, home panel, "new message" notification) and agenda item links.
    from campaigns import agenda, demo_calendar, messages

    messages.register()
    agenda.register()
    # After the meetings' demo (order 30): it links "Dubai Can" to their agenda.
    registry.demo_seeders.register(
        "campaigns-calendar", registry.DemoData(seed=demo_calendar.seed, loaded=demo_calendar.loaded), order=35,
    )
