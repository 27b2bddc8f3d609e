""""Similar campaigns from other entities" on a case's page.

Published cases of other entities that share the case's strategic themes, target audiences or
channels, ranked by how much they share: a shared theme counts 3, a shared audience 2, a shared
channel 1 (a theme is what the campaign is about; a channel only how it was carried), then the
newest published first. One query: the themes are counted by a correlated subquery on the
case-theme table and the audiences and channels are tested on the row itself (their " a b "
columns), so no grouping over joins and no query per case.
"""
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from campaigns.models import Campaign

RELATED_LIMIT = 4
THEME_WEIGHT, AUDIENCE_WEIGHT, CHANNEL_WEIGHT = 3, 2, 1
RELATED_FIELDS = (
    "pk", "title_ar", "title_en", "owner", "owner__name_ar", "owner__name_en", "owner__short_name", "starts_on",
    "best_practice", "cover", "cover_card", "cover_source", "published_at", "channels", "audiences",
)


def _shares(field, values, weight):
    """`weight` for each of `values` the row's choice-list column holds."""
    return [
        Case(When(**{f"{field}__contains": f" {value} "}, then=Value(weight)), default=Value(0), output_field=IntegerField())
        for value in values
    ]


def similar_campaigns(campaign, user, *, theme_ids=None, limit=RELATED_LIMIT):
    """Up to `limit` published cases of other entities that `user` sees, most similar first.
    `theme_ids`: the case's themes, when the caller has them (the case page reads them with the
    case); left out, they are read from the case (from its prefetch, if any)."""
    if theme_ids is None:
        theme_ids = [theme.pk for theme in campaign.themes.all()]
    if not (theme_ids or campaign.audiences or campaign.channels):
        return []
    parts = _shares("audiences", campaign.audiences, AUDIENCE_WEIGHT) + _shares("channels", campaign.channels, CHANNEL_WEIGHT)
    if theme_ids:
        shared_themes = (
            Campaign.themes.through.objects.filter(campaign_id=OuterRef("pk"), theme_id__in=theme_ids)
            .values("campaign_id").annotate(count=Count("theme_id")).values("count")
        )
        parts.append(Coalesce(Subquery(shared_themes, output_field=IntegerField()), Value(0)) * Value(THEME_WEIGHT))
    score = parts[0]
    for part in parts[1:]:
        score = score + part
    return list(
        Campaign.objects.visible_to(user).published()
        .exclude(owner_id=campaign.owner_id)
        .select_related("owner").only(*RELATED_FIELDS)
        .annotate(similarity=score).filter(similarity__gt=0)
        .order_by("-similarity", "-published_at", "-pk")[:limit]
    )
