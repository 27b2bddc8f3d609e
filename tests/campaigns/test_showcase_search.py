"""The showcase's search box (campaigns/showcase.py): published cases found in both languages through
the portal's search index, Arabic spelling variants alike, combined with the other filters, never a
case the user may not open, and no query added to the page."""
import pytest

from campaigns.models import Campaign
from members.models import Entity
from portal import fragments
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(campaign.title_en for campaign in response.context["campaigns"])


@pytest.fixture
def cases(entity, other_entity):
    return {
        "summer": make_campaign(entity, title_ar="الحملات الصيفية الآمنة", title_en="Safe summer", channels=["instagram"],
                                summary_en="Water safety on the beaches"),
        "plastic": make_campaign(other_entity, title_ar="دبي تستطيع", title_en="Dubai Can", channels=["tv"],
                                 summary_ar="تقليل استخدام الزجاجات البلاستيكية", summary_en="Fewer single-use plastic bottles"),
        "draft": make_campaign(other_entity, state=Campaign.State.DRAFT, title_ar="حملات المسودة", title_en="Draft of bottles"),
    }


@pytest.mark.parametrize("typed", ["حملات", "الحملات", "والحملات", "الحملة", "حمله", "الْحَمَلات"])
def test_arabic_spelling_variants_find_the_case(login_as, other_director, cases, typed):
    response = login_as(other_director).get("/ar/campaigns/", {"q": typed})
    assert titles(response) == ["Safe summer"]


def test_both_languages_are_searched_whatever_the_page_language(login_as, other_director, cases):
    client = login_as(other_director)
    assert titles(client.get("/ar/campaigns/", {"q": "bottles"})) == ["Dubai Can"]
    assert titles(client.get("/en/campaigns/", {"q": "البلاستيكية"})) == ["Dubai Can"]
    assert titles(client.get("/en/campaigns/", {"q": "beaches water"})) == ["Safe summer"]  # every word must match
    assert titles(client.get("/en/campaigns/", {"q": "beaches plastic"})) == []


def test_search_combines_with_the_filters(login_as, director, cases, other_entity):
    client = login_as(director)
    assert titles(client.get("/en/campaigns/", {"q": "dubai"})) == ["Dubai Can"]
    assert titles(client.get("/en/campaigns/", {"q": "dubai", "channel": "instagram"})) == []
    assert titles(client.get("/en/campaigns/", {"q": "dubai", "entity": other_entity.pk, "channel": "tv"})) == ["Dubai Can"]


def test_search_never_finds_a_case_the_user_may_not_open(login_as, users, cases):
    # The other entity's draft matches "bottles" and "حملات", but the showcase holds published cases
    # only, and the index holds the draft for its own entity and the secretariat.
    for role in ("director", "other_director", "secretariat"):
        client = login_as(users[role])
        assert titles(client.get("/en/campaigns/", {"q": "bottles"})) == ["Dubai Can"], role
        assert titles(client.get("/en/campaigns/", {"q": "حملات"})) == ["Safe summer"], role
    assert login_as(users["guest"]).get("/en/campaigns/", {"q": "bottles"}).status_code == 404


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "a" * 500, "x\x00y", "' OR 1=1 --", "dubai:* | !can"])
def test_odd_searches_are_harmless(login_as, director, cases, typed):
    response = login_as(director).get("/en/campaigns/", {"q": typed})
    # A NUL byte in a query string is refused by the portal before any view: a 400, never a 500.
    assert response.status_code == (400 if "\x00" in typed else 200)
    if not typed.strip() or typed == "!!!":
        assert titles(response) == ["Dubai Can", "Safe summer"]  # nothing searchable: nothing filtered


def test_the_search_box_is_in_the_filters_with_its_label(login_as, director, cases):
    body = login_as(director).get("/ar/campaigns/", {"q": "حملات"}).content.decode()
    assert '<label class="form-label" for="id_q">' in body
    assert 'type="search"' in body and 'value="حملات"' in body


@pytest.mark.parametrize("language", ["ar", "en"])
def test_search_adds_no_query_and_the_count_does_not_grow(login_as, other_director, entity, django_assert_num_queries, language):
    client = login_as(other_director)
    url = f"/{language}/campaigns/"
    params = {"q": "صقر falcon", "channel": "instagram", "sort": "views"}

    def grow(to, built=[0]):
        for i in range(built[0], to):
            owner = Entity.objects.create(name_ar=f"هيئة {i}", name_en=f"Authority {i}", short_name=f"A{i}")
            make_campaign(owner, title_ar=f"حملة صقر {i}", title_en=f"Falcon campaign {i}", channels=["instagram"])
            make_campaign(owner, title_ar=f"حملة أخرى {i}", title_en=f"Other campaign {i}", channels=["instagram"])
        built[0] = to

    grow(2)
    client.get(url, params)
    found = []
    for size in (2, 20):
        grow(size)
        # Measured as after a write, whether or not growing wrote anything: the filter bar's lists,
        # kept under the data version (campaigns.views._filter_lists), are read again and counted.
        fragments.bump()
        # session user, year choices, entity choices, theme choices, the page of cases (the search a
        # subquery of it, their themes JSON lists in its rows)
        with django_assert_num_queries(5):
            response = client.get(url, params)
        found.append(len(response.context["campaigns"]))
    assert found == [2, 20]
