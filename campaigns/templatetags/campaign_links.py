"""`{% load campaign_links %}{% case_links campaign as links %}`: the strategic messages a case carries
and the meetings it was presented at that the reader may see (campaigns.agenda.case_links, one
query), for the case page's include (templates/campaigns/_messages_case.html)."""
from django import template

from campaigns.agenda import case_links as links_of

register = template.Library()


@register.simple_tag(takes_context=True)
def case_links(context, campaign):
    return links_of(campaign, context["request"].user)
