"""The showcase's cards (campaigns.templatetags.campaign_cards), written from each case's row on
every page, and its filter bar, kept under a fingerprint of what it is drawn from (portal.renderings):
both follow every change to what they show."""
import re

import pytest

from campaigns import services
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db


def _card(client, campaign):
    page = client.get("/en/campaigns/").content.decode()
    start = page.index(f'aria-labelledby="campaign-{campaign.pk}-title"')
    return page[start:page.index("</article>", start)]


def test_a_card_follows_its_theme_owner_and_flags(login_as, secretariat, other_director, entity):
    theme = make_theme("Sustainability")
    case = make_campaign(entity, title_en="Dubai Can")
    case.themes.add(theme)
    client = login_as(other_director)
    first = _card(client, case)
    assert "Sustainability" in first and "Best practice" not in first and entity.name_en in first
    assert _card(client, case) == first
    theme.name_en = "Sustainability and the environment"
    theme.save(update_fields=["name_en"])
    entity.name_en = "Department of Economy, Tourism and Culture"
    entity.save(update_fields=["name_en"])
    services.campaign_set_flags(campaign=case, acting_user=secretariat, best_practice=True)
    card = _card(client, case)
    assert "Sustainability and the environment" in card and "Department of Economy, Tourism and Culture" in card
    assert "Best practice" in card


def _filter_bar(response):
    page = response.content.decode()
    start = page.index('id="campaign-filters"')
    return page[start:page.index("</form>", start)]


def test_a_kept_filter_bar_follows_its_lists_and_the_values_given(login_as, other_director, entity, other_entity):
    make_campaign(entity, title_en="Dubai Can")
    client = login_as(other_director)
    first = _filter_bar(client.get("/en/campaigns/"))
    assert entity.name_en in first and other_entity.name_en not in first and "Clear" not in first
    assert _filter_bar(client.get("/en/campaigns/")) == first  # read back from the cache
    make_campaign(other_entity, title_en="Safe summer")
    assert other_entity.name_en in _filter_bar(client.get("/en/campaigns/"))
    chosen = _filter_bar(client.get("/en/campaigns/", {"entity": other_entity.pk}))
    assert f'<option value="{other_entity.pk}" selected>' in chosen and "Clear" in chosen
    invalid = _filter_bar(client.get("/en/campaigns/", {"year": "abc"}))
    assert 'aria-invalid="true" class="form-select is-invalid" id="id_year"' in invalid


@pytest.mark.parametrize("language, order", [("en", ["Arts", "Health", "Youth"]), ("ar", ["شباب", "صحة", "فنون"])])
def test_a_card_lists_its_themes_in_the_page_languages_order(login_as, other_director, entity, language, order):
    # The names come from the page's list of themes (campaign_cards), alphabetical in its language.
    case = make_campaign(entity, title_en="Dubai Can")
    case.themes.add(make_theme("Health", "صحة"), make_theme("Youth", "شباب"), make_theme("Arts", "فنون"))
    make_theme("Water", "ماء")  # not the case's
    page = login_as(other_director).get(f"/{language}/campaigns/").content.decode()
    assert re.findall(r'<span class="badge badge-theme">([^<]*)</span>', page) == order


def test_a_cards_text_is_escaped(login_as, other_director, entity):
    case = make_campaign(entity, title_en='<script>alert("title")</script>')
    case.themes.add(make_theme("<b>bold</b> theme"))
    entity.name_en = "Owner & <i>Co</i>"
    entity.save(update_fields=["name_en"])
    card = _card(login_as(other_director), case)
    assert "<script>" not in card and "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in card
    assert "&lt;b&gt;bold&lt;/b&gt; theme" in card and "Owner &amp; &lt;i&gt;Co&lt;/i&gt;" in card
