""""Similar campaigns from other entities" on a case's page.

Published cases of other entities that share the case's strategic themes, target audiences or
channels, ranked by how much they share: a shared theme counts 3, a shared audience 2, a shared
channel 1 (a theme is what the campaign is about; a channel only how it was carried), then the
newest published first. One query, in two steps:

- the ranking reads only the showcase's index on (state, published_at), which carries the owner,
  the audiences and the channels (campaign_state_published_idx), so PostgreSQL scores the published
  cases without reading the table's wide rows; a shared theme is "the pk is among that theme's
  cases", a list PostgreSQL reads once from the case-theme table's theme index and hashes;
- the four cases ranked first are then read whole, with their owner, and scored again (four
  rows: a theme is looked up per row there) so the page can show the score and drop the cases
  sharing nothing.

Dropping those after the limit gives the same cases as dropping them before: they score 0, so they
come after every case sharing something.

The result changes only with the data and with what the viewer may see, so it is kept under the
data version (portal.fragments.kept) for the viewer's rights: building and compiling these
expressions and scoring every published case was a quarter of a case page's time.
"""
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from campaigns.models import Campaign
from portal import fragments

RELATED_LIMIT = 4
THEME_WEIGHT, AUDIENCE_WEIGHT, CHANNEL_WEIGHT = 3, 2, 1
RELATED_FIELDS = (
    "pk", "title_ar", "title_en", "owner", "owner__name_ar", "owner__name_en", "owner__short_name", "starts_on",
    "best_practice", "cover", "cover_card", "cover_source", "published_at", "channels", "audiences",
)
ORDER = ("-similarity", "-published_at", "-pk")


def _shares(field, values, weight):
    """`weight` for each of `values` the row's choice-list column holds."""
    return [
        Case(When(**{f"{field}__contains": f" {value} "}, then=Value(weight)), default=Value(0), output_field=IntegerField())
        for value in values
    ]


def _sum(parts):
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _theme_members(theme_id):
    """`THEME_WEIGHT` when the row is one of the theme's cases: an uncorrelated `pk IN (...)`, which
    PostgreSQL evaluates once into a hash for the whole ranking scan."""
    cases = Campaign.themes.through.objects.filter(theme_id=theme_id).values("campaign_id")
    return Case(When(pk__in=cases, then=Value(THEME_WEIGHT)), default=Value(0), output_field=IntegerField())


def _shared_themes(theme_ids):
    """`THEME_WEIGHT` times the themes of `theme_ids` the row has, looked up for that row."""
    shared = (
        Campaign.themes.through.objects.filter(campaign_id=OuterRef("pk"), theme_id__in=theme_ids)
        .values("campaign_id").annotate(count=Count("theme_id")).values("count")
    )
    return Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)) * Value(THEME_WEIGHT)


def similar_campaigns(campaign, user, *, theme_ids=None, limit=RELATED_LIMIT):
    """Up to `limit` published cases of other entities that `user` sees, most similar first.
    `theme_ids`: the case's themes, when the caller has them (the case page reads them with the
    case); left out, they are read from the case (from its prefetch, if any)."""
    if theme_ids is None:
        theme_ids = [theme.pk for theme in campaign.themes.all()]
    if not (theme_ids or campaign.audiences or campaign.channels):
        return []
    # Everything the result is drawn from besides the data: the case's shares and what
    # Campaign.objects.visible_to(user) decides on.
    key = (
        f"campaigns:similar:{campaign.pk}:{campaign.owner_id}:{sorted(theme_ids)}:{list(campaign.audiences)}:"
        f"{list(campaign.channels)}:{limit}:{user.is_authenticated and user.is_active}:{getattr(user, 'role', None)}:"
        f"{getattr(user, 'entity_id', None)}"
    )
    return fragments.kept(key, lambda: _ranked(campaign, user, theme_ids, limit))


def _ranked(campaign, user, theme_ids, limit):
    row_parts = _shares("audiences", campaign.audiences, AUDIENCE_WEIGHT) + _shares("channels", campaign.channels, CHANNEL_WEIGHT)
    candidates = Campaign.objects.visible_to(user).published().exclude(owner_id=campaign.owner_id)
    ranked = (
        candidates.annotate(similarity=_sum(row_parts + [_theme_members(theme_id) for theme_id in theme_ids]))
        .order_by(*ORDER).values("pk")[:limit]
    )
    score = _sum(row_parts + ([_shared_themes(theme_ids)] if theme_ids else []))
    return list(
        Campaign.objects.filter(pk__in=ranked)
        .select_related("owner").only(*RELATED_FIELDS)
        .annotate(similarity=score).filter(similarity__gt=0)
        .order_by(*ORDER)
    )
