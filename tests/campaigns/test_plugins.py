"""What Al Multaqa brings to the shell: search (published cases for members, drafts for their own
entity and the secretariat), the home page's panel, the entity page's section, and demo data."""
import pytest
from django.core.management import call_command
from django.utils import translation

from campaigns import services
from campaigns.models import Campaign, Kpi, Review
from portal import search
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


def found(user, text):
    with translation.override("en"):
        return sorted(hit.title for hit in search.search(user, text).hits if hit.kind == "campaigns")


@pytest.fixture
def cases(entity, other_entity, director, secretariat):
    published = make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can plastic bottles")
    draft = make_campaign(entity, state="draft", title_ar="مسودة القوارير", title_en="Draft plastic refill")
    theirs = make_campaign(other_entity, state="in_review", title_ar="أكياس البلاستيك", title_en="Plastic bags policy")
    return published, draft, theirs


def test_search_finds_published_cases_for_members_and_drafts_for_their_entity(users, cases):
    assert found(users["other_director"], "plastic") == ["Dubai Can plastic bottles", "Plastic bags policy"]
    assert found(users["director"], "plastic") == ["Draft plastic refill", "Dubai Can plastic bottles"]
    assert found(users["team"], "plastic") == ["Draft plastic refill", "Dubai Can plastic bottles"]
    assert found(users["secretariat"], "plastic") == ["Draft plastic refill", "Dubai Can plastic bottles", "Plastic bags policy"]
    assert found(users["guest"], "plastic") == []
    # Arabic, with and without the article.
    assert found(users["other_director"], "تستطيع") == ["Dubai Can plastic bottles"]


def test_publishing_makes_a_case_findable_by_every_member(users, cases, secretariat):
    _published, _draft, theirs = cases
    assert "Plastic bags policy" not in found(users["director"], "bags")
    services.campaign_publish(campaign=theirs, acting_user=secretariat)
    assert found(users["director"], "bags") == ["Plastic bags policy"]


def test_home_panel_shows_featured_and_latest_and_the_review_queue_to_the_secretariat(login_as, users, cases, secretariat):
    published, _draft, theirs = cases
    services.campaign_set_flags(campaign=published, featured=True, acting_user=secretariat)
    director_home = login_as(users["director"]).get("/en/home/").content.decode()
    assert 'id="panel-featured"' in director_home and "Dubai Can plastic bottles" in director_home
    assert "panel-awaiting-review" not in director_home and "Plastic bags policy" not in director_home
    secretariat_home = login_as(secretariat).get("/en/home/").content.decode()
    assert 'id="panel-awaiting-review"' in secretariat_home and "Plastic bags policy" in secretariat_home
    assert "Al Multaqa" not in login_as(users["guest"]).get("/en/home/").content.decode()


def test_entity_page_lists_its_published_campaigns_only(login_as, users, cases, entity):
    body = login_as(users["other_director"]).get(f"/en/members/entities/{entity.pk}/").content.decode()
    assert 'id="entity-campaign-list"' in body and "Dubai Can plastic bottles" in body
    assert "Draft plastic refill" not in body
    # Even its own people see only the published ones there (drafts are in "my entity's cases").
    assert "Draft plastic refill" not in login_as(users["director"]).get(f"/en/members/entities/{entity.pk}/").content.decode()


def test_navigation_entry_is_open(login_as, director):
    body = login_as(director).get("/en/home/").content.decode()
    assert 'href="/en/campaigns/"' in body


def test_demo_data_loads_forty_cases_once(settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Campaign.objects.count() == 40
    dubai_can = Campaign.objects.get(title_en="Dubai Can")
    bags = Campaign.objects.get(title_en="Single-use plastic bag policy")
    assert (dubai_can.owner.short_name, [p.short_name for p in dubai_can.partners.all()], dubai_can.state) == ("DET", ["DM"], "published")
    assert dubai_can.best_practice and dubai_can.featured and dubai_can.cover and dubai_can.cover_card
    assert bags.owner.short_name == "DM" and "1 July 2022" in bags.summary_en and "1 يوليو 2022" in bags.summary_ar
    states = dict(Campaign.objects.values_list("title_en", "state"))
    assert sorted(state for state in states.values() if state != "published") == ["draft", "in_review", "returned"]
    assert Kpi.objects.filter(campaign=dubai_can).count() == 4
    assert all(kpi.source_en for kpi in Kpi.objects.all())
    assert Review.objects.filter(action="returned").count() == 1
    assert Campaign.objects.filter(owner__short_name="DET").exists() and Campaign.objects.values("owner").distinct().count() > 25
    # --once leaves it as it is.
    call_command("seed_demo", "--once")
    assert Campaign.objects.count() == 40
