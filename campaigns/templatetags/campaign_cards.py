"""The showcase's parts kept in the cache (portal.renderings).

`{% campaign_cards campaigns themes %}`: the showcase's cards (campaigns/includes/card.html), each
kept under a fingerprint of what it is drawn from (portal.renderings): the case's `CARD_FIELDS` (its
owner's name among them) and its themes' names. A card is the same for every member who may see the case (which cases
a member gets is the page's query), so a page of 24 cards is mostly read in one cache round trip
instead of drawn. The card must draw from its row alone: anything of the viewer's it ever shows has
to come as a value of the row, where the fingerprint sees it.

`{% showcase_filters filters query_string %}`: the filter bar (campaigns/includes/filters.html), kept
under a fingerprint of what the form is drawn from (CampaignFilterForm.drawn_from): a <select> of
fifty entities and the fixed lists cost about 2 ms to draw, the same for every member asking for
the same filters. The form itself is still bound and checked on every request, to filter."""
import json

from django import template
from django.utils.safestring import mark_safe

from portal import renderings
from portal.i18n import active_language

register = template.Library()

CARD_TEMPLATE = "campaigns/includes/card.html"
FILTERS_TEMPLATE = "campaigns/includes/filters.html"

# What a card reads, as the SQL of campaigns.views.cards gives them; `theme_ids` is the text of a JSON
# list of {"theme_id": pk}, the case's themes: their names come from the page's list of every theme.
CARD_FIELDS = (
    "pk", "title_ar", "title_en", "owner__name_ar", "owner__name_en", "starts_on", "best_practice", "useful_count",
    "cover", "cover_card", "cover_source",  # the card's srcset, and its "being prepared" placeholder
    "theme_ids",
)


class Card:
    """One case of the grid as plain values, its names in the page's language as Bilingual picks
    them: 24 Campaign instances with their owners and prefetched themes cost about 3 ms a page."""

    __slots__ = ("pk", "title", "owner_name", "starts_on", "best_practice", "useful_count", "cover", "cover_card", "cover_source", "themes")

    def __init__(self, row, theme_names, language):
        (
            self.pk, title_ar, title_en, owner_ar, owner_en, self.starts_on, self.best_practice, self.useful_count,
            self.cover, self.cover_card, self.cover_source, _theme_ids,
        ) = row
        if language == "ar":
            self.title, self.owner_name = title_ar or title_en, owner_ar or owner_en
            self.themes = [name_ar or name_en for name_ar, name_en in theme_names]
        else:
            self.title, self.owner_name = title_en or title_ar, owner_en or owner_ar
            self.themes = [name_en or name_ar for name_ar, name_en in theme_names]


@register.simple_tag
def campaign_cards(rows, themes):
    """The cards of `rows`; `themes` is every theme as (pk, name_ar, name_en) in the page's
    alphabetical order (the filter bar's list), the order a card lists its own in. Sorting each
    case's themes by their collated names in its SQL cost PostgreSQL about 0.8 ms a page."""
    language = active_language()
    parts = []
    for row in rows:
        ids = {theme["theme_id"] for theme in json.loads(row.theme_ids)}
        theme_names = tuple((name_ar, name_en) for pk, name_ar, name_en in themes if pk in ids)
        parts.append((renderings.fingerprint(row, theme_names), {"campaign": Card(row, theme_names, language)}))
    return mark_safe("".join(renderings.render_kept(CARD_TEMPLATE, parts)))


@register.simple_tag
def showcase_filters(filters, query_string):
    filtered = bool(query_string)  # the "Clear" button
    [html] = renderings.render_kept(FILTERS_TEMPLATE, [
        (renderings.fingerprint(filters.drawn_from(), filtered), {"filters": filters, "filtered": filtered}),
    ])
    return mark_safe(html)
