"""Queries per Al Multaqa page at two data sizes: the count must not grow with the data (list pages
at most 6, detail pages at most 8: ../shared/brief/performance.md). Each page is requested once to
warm up the session, then counted after the data has grown; the comment beside each count says
which queries they are."""
from dataclasses import dataclass
from typing import Callable

import pytest

from campaigns.models import Campaign, Comment, GalleryImage, SavedCase, UsefulMark
from members.models import Entity, Role
from portal import fragments
from portal.documents.models import Document
from tests.campaigns.factories import add_kpi, make_campaign, make_theme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8
MARKS = {"ar": "صقر", "en": "falcon"}


class World:
    def __init__(self, entity, uploader, viewer):
        self.entity, self.uploader, self.viewer, self.built = entity, uploader, viewer, 0
        self.case = make_campaign(entity, title_ar="حالة صقر", title_en="Falcon case")

    def grow(self, to):
        from django.contrib.contenttypes.models import ContentType

        for i in range(self.built, to):
            theme = make_theme(f"Falcon theme {i}", f"محور صقر {i}")
            partner = Entity.objects.create(name_ar=f"هيئة صقر {i}", name_en=f"Falcon authority {i}", short_name=f"F{i}")
            make_user(f"team{i}@size.test", Role.TEAM, self.entity, name_ar=f"صقر {i}", name_en=f"Falcon person {i}")
            other = make_campaign(partner, title_ar=f"حملة صقر {i}", title_en=f"Falcon campaign {i}", channels=["instagram"])
            other.themes.add(theme)
            self.case.themes.add(theme)
            self.case.partners.add(partner)
            add_kpi(self.case, metric_en=f"Falcon metric {i}", position=i)
            # A question with an answer by the entity, and the asker's mark and saved case.
            asker = make_user(f"asker{i}@size.test", Role.DIRECTOR, partner, name_ar=f"سائل صقر {i}", name_en=f"Falcon asker {i}")
            question = Comment.objects.create(campaign=self.case, author=asker, author_entity=partner, body=f"سؤال صقر falcon {i}")
            Comment.objects.create(campaign=self.case, parent=question, author=self.uploader, author_entity=self.entity, body=f"جواب {i}")
            UsefulMark.objects.create(campaign=self.case, user=asker)
            SavedCase.objects.create(campaign=other, user=self.viewer)
            GalleryImage.objects.create(
                campaign=self.case, position=i, caption_ar=f"صورة صقر {i}", caption_en=f"Falcon picture {i}",
                image=f"campaigns/gallery/{i}.jpg", thumbnail=f"campaigns/gallery/{i}-small.jpg",
            )
            Document.objects.create(
                owner_type=ContentType.objects.get_for_model(Campaign), owner_id=self.case.pk,
                title=f"دراسة صقر falcon {i}", kind="case_study", uploaded_by=self.uploader,
            )
        self.built = to


@pytest.fixture
def world(entity, director, other_director):
    return World(entity, director, other_director)


@dataclass(frozen=True)
class Page:
    name: str
    viewer: str
    path: Callable
    queries: int

    def __str__(self):
        return self.name


PAGES = [
    # session user, year choices, entity choices, theme choices, the page of cases (with owner, and
    # their themes as JSON lists in its rows: portal/embedded.py)
    Page("showcase", "other_director", lambda w: "/campaigns/", 5),
    Page("showcase-filtered", "other_director", lambda w: "/campaigns/?channel=instagram&sort=views&best_practice=", 5),
    # The showcase's search box is a subquery of the page of cases: no query of its own.
    Page("showcase-search", "other_director", lambda w: "/campaigns/?q=falcon+صقر&channel=instagram", 5),
    # session user, the case (owner; its themes, partners, KPIs and gallery as JSON lists in its row:
    # portal/embedded.py), the view counted, the team, documents, comments, the similar cases of
    # other entities, the strategic messages and agenda items (one UNION)
    Page("case", "other_director", lambda w: f"/campaigns/{w.case.pk}/", 8),
    # the same for its own entity's director (who may also upload and edit: no further query)
    Page("case-owner", "director", lambda w: f"/campaigns/{w.case.pk}/", 8),
    # session user, the entity's cases
    Page("mine", "director", lambda w: "/campaigns/mine/", 2),
    # session user, the saved cases still visible (with their case and entity)
    Page("collection", "other_director", lambda w: "/campaigns/collection/", 2),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_campaign_page_query_count_does_not_grow(login_as, users, world, django_assert_num_queries, page, language):
    client = login_as(users[page.viewer])
    world.grow(SMALL)
    url = f"/{language}{page.path(world)}"
    client.get(url)
    shown = []
    for size in (SMALL, LARGE):
        world.grow(size)
        # Measured as after a write, whether or not growing wrote anything: what is kept under the
        # data version (the case's similar campaigns, the showcase's filter lists) is worked out
        # again and counted.
        fragments.bump()
        with django_assert_num_queries(page.queries):
            response = client.get(url)
        assert response.status_code == 200
        shown.append(response.content.decode().lower().count(MARKS[language]))
    if page.name != "mine":
        assert shown[0] < shown[1], "the page should show more at the larger size"
