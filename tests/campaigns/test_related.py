"""Similar campaigns from other entities on a case's page (campaigns/related.py): ranked by what they
share (a theme 3, an audience 2, a channel 1), published cases of other entities only, at most four,
in one query."""
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.related import similar_campaigns
from members.models import Entity
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    return [make_theme(f"Theme {i}", f"محور {i}") for i in range(3)]


def entity_named(name):
    return Entity.objects.create(name_ar=name, name_en=name, short_name=name[:8])


def case(owner, title, themes=(), days_ago=1, **extra):
    campaign = make_campaign(owner, title_en=title, published_at=timezone.now() - timedelta(days=days_ago), **extra)
    campaign.themes.set(themes)
    return campaign


def test_similar_cases_are_ranked_by_what_they_share_themes_first(director, entity, themes):
    current = case(entity, "Current", themes, channels=["instagram", "tv"], audiences=["youth", "families"])
    a, b, c, d, e = (entity_named(name) for name in "ABCDE")
    two_themes = case(a, "Two themes", themes[:2])  # 6
    theme_and_channel = case(b, "Theme and a channel", themes[2:], channels=["tv"], days_ago=5)  # 4
    audiences = case(c, "Two audiences", audiences=["youth", "families"], days_ago=2)  # 4, newer
    channels = case(d, "Two channels and more", channels=["instagram", "tv", "radio"])  # 2
    case(e, "Nothing shared", channels=["radio"], audiences=["seniors"])
    case(entity, "Same entity", themes)  # its own entity's cases are not "from other entities"
    case(a, "A draft", themes, state=Campaign.State.DRAFT)
    case(b, "In review", themes, state=Campaign.State.IN_REVIEW)
    related = similar_campaigns(current, director)
    assert [(other.title_en, other.similarity) for other in related] == [
        ("Two themes", 6), ("Two audiences", 4), ("Theme and a channel", 4), ("Two channels and more", 2)]
    assert [other.pk for other in related] == [two_themes.pk, audiences.pk, theme_and_channel.pk, channels.pk]


def test_cases_sharing_nothing_do_not_fill_the_four_places(director, entity, themes):
    # The ranking takes four cases first and drops those scoring 0 afterwards: newer cases sharing
    # nothing must not push out the one that shares something, nor be shown in its place.
    current = case(entity, "Current", themes[:2], channels=["tv"], audiences=["youth"])
    a, b, c, d, e = (entity_named(name) for name in "ABCDE")
    shares = case(a, "Shares the second theme", themes[1:2], days_ago=30)
    for owner in (b, c, d, e):
        case(owner, f"Newer, nothing shared {owner.name_en}", themes[2:], channels=["radio"], audiences=["seniors"])
    related = similar_campaigns(current, director)
    assert [(other.pk, other.similarity) for other in related] == [(shares.pk, 3)]


def test_at_most_four_in_one_query_whatever_the_number(director, entity, themes, django_assert_num_queries):
    current = case(entity, "Current", themes[:1], channels=["instagram"])
    for i in range(12):
        case(entity_named(f"Entity {i}"), f"Similar {i}", themes[:1], days_ago=i + 1)
    theme_ids = [theme.pk for theme in themes[:1]]
    with django_assert_num_queries(1):
        related = similar_campaigns(current, director, theme_ids=theme_ids)
        names = [(other.title_en, other.owner.name_en) for other in related]
    assert names == [(f"Similar {i}", f"Entity {i}") for i in range(4)]


def test_a_case_sharing_nothing_has_no_similar_cases_and_no_query(director, entity, django_assert_num_queries):
    current = case(entity, "Alone")
    with django_assert_num_queries(0):
        assert similar_campaigns(current, director, theme_ids=[]) == []


def test_the_case_page_shows_them_in_its_own_section(login_as, other_director, entity, other_entity, themes):
    current = case(other_entity, "Current", themes[:1])
    similar = case(entity, "<b>Similar</b>", themes[:1], cover_card="campaigns/covers/x.jpg")
    body = login_as(other_director).get(f"/en/campaigns/{current.pk}/").content.decode()
    section = body[body.index('id="related-campaigns"'):]
    assert "Similar campaigns from other entities" in section
    assert f'href="/en/campaigns/{similar.pk}/"' in section and "&lt;b&gt;Similar&lt;/b&gt;" in section
    assert f'src="/en/files/campaign-cover-card/{similar.pk}/"' in section


def test_kept_until_the_next_write_and_never_for_other_rights(director, secretariat, entity, themes, django_assert_num_queries):
    # With Redis (as in production and here) the result is kept under the data version
    # (portal.fragments.kept): asked again with no write between, it costs no query.
    current = case(entity, "Current", themes[:1], channels=["tv"])
    first = case(entity_named("A"), "First", themes[:1])
    theme_ids = [themes[0].pk]
    assert [other.pk for other in similar_campaigns(current, director, theme_ids=theme_ids)] == [first.pk]
    with django_assert_num_queries(0):
        kept = similar_campaigns(current, director, theme_ids=theme_ids)
        assert [(other.pk, other.similarity, other.owner.name_en) for other in kept] == [(first.pk, 3, "A")]
    # Another viewer's rights are another key: worked out for them.
    with django_assert_num_queries(1):
        similar_campaigns(current, secretariat, theme_ids=theme_ids)
    # Any write is a new version: a newly published similar case shows at once, and one withdrawn goes.
    second = case(entity_named("B"), "Second", themes[:1], channels=["tv"])
    assert [other.pk for other in similar_campaigns(current, director, theme_ids=theme_ids)] == [second.pk, first.pk]
    Campaign.objects.filter(pk=second.pk).update(state=Campaign.State.DRAFT)
    assert [other.pk for other in similar_campaigns(current, director, theme_ids=theme_ids)] == [first.pk]
    # The case's own shares are part of the key.
    assert similar_campaigns(current, director, theme_ids=[themes[2].pk]) == []
