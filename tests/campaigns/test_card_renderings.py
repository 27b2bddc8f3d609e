"""The showcase keeps each card's HTML (campaigns.templatetags.campaign_cards, portal.renderings)
under a fingerprint of the case, its owner and its themes: a kept card follows every change to them."""
import pytest

from campaigns import services
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db


def _card(client, campaign):
    page = client.get("/en/campaigns/").content.decode()
    start = page.index(f'aria-labelledby="campaign-{campaign.pk}-title"')
    return page[start:page.index("</article>", start)]


def test_a_kept_card_follows_its_theme_owner_and_flags(login_as, secretariat, other_director, entity):
    theme = make_theme("Sustainability")
    case = make_campaign(entity, title_en="Dubai Can")
    case.themes.add(theme)
    client = login_as(other_director)
    first = _card(client, case)
    assert "Sustainability" in first and "Best practice" not in first and entity.name_en in first
    assert _card(client, case) == first  # read back from the cache
    theme.name_en = "Sustainability and the environment"
    theme.save(update_fields=["name_en"])
    entity.name_en = "Department of Economy, Tourism and Culture"
    entity.save(update_fields=["name_en"])
    services.campaign_set_flags(campaign=case, acting_user=secretariat, best_practice=True)
    card = _card(client, case)
    assert "Sustainability and the environment" in card and "Department of Economy, Tourism and Culture" in card
    assert "Best practice" in card
