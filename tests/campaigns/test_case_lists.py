"""The case page reads its themes, partners, KPIs and gallery within the case's own row
(portal/embedded.py): they must come out in the page's order, with exact figures, as the
prefetches they replaced gave them."""
from decimal import Decimal

import pytest

from campaigns.models import Campaign, GalleryImage, Kpi
from members.models import Entity
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db

# 16 significant digits: a float would read it as 99999999999999.98.
LARGEST = Decimal("99999999999999.99")


@pytest.fixture
def case(entity):
    case = make_campaign(entity, title_en="Listed case")
    case.themes.add(make_theme("Banana", "أ محور"), make_theme("Apple", "ب محور"))
    case.partners.add(
        Entity.objects.create(name_ar="ب هيئة", name_en="Alpha authority"),
        Entity.objects.create(name_ar="أ هيئة", name_en="Beta authority"),
    )
    Kpi.objects.create(campaign=case, position=2, metric_ar="ثان", metric_en="Second", target=LARGEST, achieved=Decimal("12.50"))
    Kpi.objects.create(campaign=case, position=1, metric_ar="أول", metric_en="First", target=None, achieved=Decimal("7"))
    GalleryImage.objects.create(campaign=case, position=1, caption_en="Ready", image="campaigns/gallery/ready.jpg")
    GalleryImage.objects.create(campaign=case, position=0, caption_en="Waiting", source="campaigns/originals/waiting.jpg")
    return case


@pytest.mark.parametrize(("language", "themes", "partners"), [
    ("en", ["Apple", "Banana"], ["Alpha authority", "Beta authority"]),
    ("ar", ["أ محور", "ب محور"], ["أ هيئة", "ب هيئة"]),
])
def test_the_case_page_lists_come_in_their_order(login_as, other_director, case, language, themes, partners):
    response = login_as(other_director).get(f"/{language}/campaigns/{case.pk}/")
    assert [theme.name for theme in response.context["themes"]] == themes
    assert [partner.name for partner in response.context["partners"]] == partners
    assert [kpi.metric_en for kpi in response.context["kpis"]] == ["First", "Second"]
    assert [(picture.caption_en, picture.is_ready) for picture in response.context["gallery"]] == [("Waiting", False), ("Ready", True)]


def test_the_case_page_figures_are_exact(login_as, other_director, case):
    response = login_as(other_director).get(f"/en/campaigns/{case.pk}/")
    assert [(kpi.target, kpi.achieved, kpi.attainment) for kpi in response.context["kpis"]] == [
        (None, Decimal("7"), None), (LARGEST, Decimal("12.50"), 0),
    ]
    assert '<bdi dir="ltr">99,999,999,999,999.99</bdi>' in response.content.decode()


def test_a_case_without_lists_shows_none(login_as, other_director, entity):
    bare = make_campaign(entity, state=Campaign.State.PUBLISHED, title_en="Bare case")
    response = login_as(other_director).get(f"/en/campaigns/{bare.pk}/")
    assert [response.context[name] for name in ("themes", "partners", "kpis", "gallery")] == [[], [], [], []]
    body = response.content.decode()
    assert "Strategic themes" not in body and "Partners" not in body and 'id="campaign-gallery"' not in body
