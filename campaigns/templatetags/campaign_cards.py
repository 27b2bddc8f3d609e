"""The showcase's parts kept in the cache (portal.renderings).

`{% campaign_cards campaigns %}`: the showcase's cards (campaigns/includes/card.html), each kept
under a fingerprint of the row it is drawn from (portal.renderings): the case's `CARD_FIELDS`, its
owner's name and its themes. A card is the same for every member who may see the case (which cases
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

# What a card reads, as the SQL of campaigns.views.cards gives them; `theme_rows` is the case's themes
# as the text of a JSON list of {name_ar, name_en} in the page's alphabetical order (campaigns.embedded).
CARD_FIELDS = (
    "pk", "title_ar", "title_en", "owner__name_ar", "owner__name_en", "starts_on", "best_practice", "useful_count",
    "cover", "cover_card", "cover_source",  # the card's srcset, and its "being prepared" placeholder
    "theme_rows",
)


class Card:
    """One case of the grid as plain values, its names in the page's language as Bilingual picks
    them: 24 Campaign instances with their owners and prefetched themes cost about 3 ms a page."""

    __slots__ = ("pk", "title", "owner_name", "starts_on", "best_practice", "useful_count", "cover", "cover_card", "cover_source", "themes")

    def __init__(self, row, language):
        (
            self.pk, title_ar, title_en, owner_ar, owner_en, self.starts_on, self.best_practice, self.useful_count,
            self.cover, self.cover_card, self.cover_source, theme_rows,
        ) = row
        theme_rows = json.loads(theme_rows)
        if language == "ar":
            self.title, self.owner_name = title_ar or title_en, owner_ar or owner_en
            self.themes = [theme["name_ar"] or theme["name_en"] for theme in theme_rows]
        else:
            self.title, self.owner_name = title_en or title_ar, owner_en or owner_ar
            self.themes = [theme["name_en"] or theme["name_ar"] for theme in theme_rows]


@register.simple_tag
def campaign_cards(rows):
    language = active_language()
    cards = renderings.render_kept(CARD_TEMPLATE, [
        (renderings.fingerprint(row), {"campaign": Card(row, language)}) for row in rows
    ])
    return mark_safe("".join(cards))


@register.simple_tag
def showcase_filters(filters, query_string):
    filtered = bool(query_string)  # the "Clear" button
    [html] = renderings.render_kept(FILTERS_TEMPLATE, [
        (renderings.fingerprint(filters.drawn_from(), filtered), {"filters": filters, "filtered": filtered}),
    ])
    return mark_safe(html)
