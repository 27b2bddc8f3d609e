"""`{% campaign_cards campaigns %}`: the showcase's cards (campaigns/includes/card.html), each kept
under a fingerprint of the case it is drawn from (portal.renderings): its loaded fields and
annotations, its owner and its themes. A card is the same for every member who may see the case
(which cases a member gets is the page's query), so a page of 24 cards is mostly read in one cache
round trip instead of drawn. The card must draw from `campaign` alone: anything of the viewer's it
ever shows has to come as an annotation on the campaign, where the fingerprint sees it."""
from django import template
from django.utils.safestring import mark_safe

from portal import renderings

register = template.Library()

CARD_TEMPLATE = "campaigns/includes/card.html"


@register.simple_tag
def campaign_cards(campaigns):
    cards = renderings.render_kept(CARD_TEMPLATE, [
        (renderings.fingerprint(campaign, list(campaign.themes.all())), {"campaign": campaign}) for campaign in campaigns
    ])
    return mark_safe("".join(cards))
