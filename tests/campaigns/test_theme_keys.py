"""Campaign.theme_keys (campaigns.theme_keys): the pks of a case's themes in its own row, which the
showcase filters on and draws its cards' themes from. Whatever changes the relation, from either
side, the keys follow it, and the showcase's theme filter finds exactly the cases of the relation."""
import pytest

from campaigns import services, theme_keys
from campaigns.models import Campaign
from tests.campaigns.factories import make_campaign, make_theme
from tests.campaigns.test_services import CASE

pytestmark = pytest.mark.django_db


def keys_of(case):
    return Campaign.objects.values_list("theme_keys", flat=True).get(pk=case.pk)


def keys(*themes):
    return theme_keys.stored([theme.pk for theme in themes])


def test_keys_follow_every_change_to_a_cases_themes(entity):
    health, youth, arts = make_theme("Health", "صحة"), make_theme("Youth", "شباب"), make_theme("Arts", "فنون")
    case = make_campaign(entity)
    assert keys_of(case) == ""
    case.themes.add(youth, health)
    assert keys_of(case) == keys(health, youth) == f" {min(health.pk, youth.pk)} {max(health.pk, youth.pk)} "
    case.themes.remove(youth)
    assert keys_of(case) == keys(health)
    case.themes.set([arts, youth])
    assert keys_of(case) == keys(arts, youth)
    case.themes.clear()
    assert keys_of(case) == ""


def test_keys_follow_changes_from_the_themes_side_and_a_deleted_theme(entity):
    health, youth = make_theme("Health", "صحة"), make_theme("Youth", "شباب")
    first, second = make_campaign(entity, title_en="First"), make_campaign(entity, title_en="Second")
    health.campaigns.add(first, second)
    youth.campaigns.add(first)
    assert (keys_of(first), keys_of(second)) == (keys(health, youth), keys(health))
    health.campaigns.remove(second)
    assert keys_of(second) == ""
    youth.campaigns.clear()
    assert keys_of(first) == keys(health)
    health.delete()
    assert keys_of(first) == ""


def test_the_services_keep_the_keys(entity, director):
    health, youth = make_theme("Health", "صحة"), make_theme("Youth", "شباب")
    case = services.campaign_create(owner=entity, data=CASE, acting_user=director, themes=[youth])
    assert keys_of(case) == keys(youth)
    services.campaign_update(campaign=case, data={}, acting_user=director, themes=[health, youth])
    assert keys_of(case) == keys(health, youth)


def test_the_theme_filter_finds_exactly_the_cases_of_the_theme(login_as, other_director, entity):
    # Keys of one theme must not match another's whose pk holds its digits (1 in 11, 12, 21).
    themes = [make_theme(f"Theme {index}", f"محور {index}") for index in range(12)]
    cases = [make_campaign(entity, title_en=f"Case {index}") for index in range(6)]
    for index, case in enumerate(cases):
        case.themes.set(themes[index::6])
    client = login_as(other_director)
    for theme in themes:
        expected = {case.title_en for case in Campaign.objects.filter(themes=theme)}
        page = client.get("/en/campaigns/", {"theme": theme.pk})
        assert {row.title_en for row in page.context["campaigns"]} == expected
        shown = page.content.decode()
        assert shown.count(f'<span class="badge badge-theme">{theme.name_en}</span>') == len(expected)
