"""Search: Arabic spelling variants fold together, and results show only what the user may open."""
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting
from members.models import Entity, Role, User
from portal.search import matches_all_words, normalize_arabic
from tests.conftest import make_user

pytestmark = pytest.mark.django_db



# normalize_arabic -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "folded"), [
    ("أحمد", "احمد"),  # hamza above
    ("إبراهيم", "ابراهيم"),  # hamza below
    ("آمنة", "امنه"),  # madda, and taa marbuta
    ("ٱلشيخ", "الشيخ"),  # wasla
    ("الإمارة", "الاماره"),
    ("مُـحَمَّد", "محمد"),  # harakat, shadda and tatweel removed
    ("مصطفى", "مصطفي"),  # alef maqsura
    ("عَلِيّ", "علي"),
    ("  خالد   المنصوري ", "خالد المنصوري"),  # spaces collapsed and trimmed
    ("Khalid AL Mansouri", "khalid al mansouri"),
    ("", ""),
    (None, ""),
])
def test_normalize_arabic(typed, folded):
    assert normalize_arabic(typed) == folded


def test_normalize_arabic_is_idempotent():
    once = normalize_arabic("الإمارة مُـحَمَّد مصطفى")
    assert normalize_arabic(once) == once == "الاماره محمد مصطفي"


# The same folding in SQL ------------------------------------------------------------------------------
@pytest.fixture
def emirate_office(db):
    return Entity.objects.create(
        name_ar="المكتب الإعلامي لحكومة الإمارة", name_en="Emirate Government Media Office", short_name="GMO",
        sector="government_services",
    )


@pytest.fixture
def ahmad(entity):
    return make_user("ahmad@test.gcn.ae", Role.TEAM, entity, name_ar="أحمد الشامسي", name_en="Ahmad Al Shamsi")


@pytest.mark.parametrize("query", ["محمد", "مُحمد", "مـحـمـد", "MUHAMMAD", "محمد  الفلاسي"])
def test_stored_diacritics_and_tatweel_do_not_hide_a_name(entity, query):
    person = make_user("m@test.gcn.ae", Role.TEAM, entity, name_ar="مُـحَمَّد الفلاسي", name_en="Muhammad Al Falasi")
    found = matches_all_words(User.objects.all(), ["name_ar", "name_en"], query)
    assert list(found) == [person]


@pytest.mark.parametrize("query", ["الامارة", "الاماره", "الإمارة", "الأمارة", "إمارة"])
def test_entity_found_whatever_the_hamza_and_taa_marbuta(emirate_office, query):
    found = matches_all_words(Entity.objects.all(), ["name_ar", "name_en", "short_name"], query)
    assert list(found) == [emirate_office]


def test_every_word_must_match(ahmad, director):
    found = matches_all_words(User.objects.all(), ["name_ar", "name_en"], "احمد المنصوري")
    assert list(found) == []
    found = matches_all_words(User.objects.all(), ["name_ar", "name_en"], "احمد الشامسي")
    assert list(found) == [ahmad]


def test_blank_query_matches_nothing(ahmad):
    assert list(matches_all_words(User.objects.all(), ["name_ar"], "  \u064e ")) == []


# The search page ----------------------------------------------------------------------------------------
@pytest.fixture
def meetings(guest):
    now = timezone.now()
    invited = Meeting.objects.create(
        title_ar="ورشة أحمد للتصوير الرسمي", title_en="Ahmad's official photography workshop",
        starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=3),
    )
    invited.guests.set([guest])
    closed = Meeting.objects.create(
        title_ar="اجتماع أحمد المغلق", title_en="Ahmad's closed meeting",
        starts_at=now + timedelta(days=4), ends_at=now + timedelta(days=4, hours=1),
    )
    return invited, closed


def found_urls(response):
    """Every result link of the search page, in the order shown."""
    results = response.context["results"]
    return [hit.url for hit in results.hits] if results else []


def person_url(person):
    return f"/ar/members/people/{person.pk}/"


def meeting_url(meeting):
    return f"/ar/meetings/{meeting.pk}/"


def test_director_finds_a_person_typed_without_hamza(login_as, director, ahmad, meetings):
    response = login_as(director).get("/ar/search/", {"q": "احمد"})
    assert response.status_code == 200
    urls = found_urls(response)
    assert urls[0] == person_url(ahmad)
    assert set(urls[1:]) == {meeting_url(meeting) for meeting in meetings}
    assert response.context["results"].total == 3
    body = response.content.decode()
    # Each result is a link to the person, the word found marked, with their entity as its subtitle.
    assert f'<a class="search-result-title" href="{person_url(ahmad)}"><mark>أحمد</mark> الشامسي</a>' in body
    assert "دائرة الاقتصاد والسياحة" in body
    assert '<p id="search-summary">' in body


def test_guest_search_shows_only_their_meeting(login_as, guest, ahmad, meetings):
    invited, _closed = meetings
    response = login_as(guest).get("/ar/search/", {"q": "احمد"})
    assert response.status_code == 200
    assert (found_urls(response), response.context["results"].total) == ([meeting_url(invited)], 1)
    body = response.content.decode()
    assert "ورشة <mark>أحمد</mark> للتصوير الرسمي" in body
    assert "أحمد الشامسي" not in body and "ahmad@test.gcn.ae" not in body
    assert "اجتماع أحمد المغلق" not in body


def test_guest_cannot_find_entities(login_as, guest, emirate_office):
    response = login_as(guest).get("/ar/search/", {"q": "الاماره"})
    assert found_urls(response) == []
    assert "المكتب الإعلامي لحكومة الإمارة" not in response.content.decode()


def test_search_for_the_emirate_finds_the_entity(login_as, director, emirate_office):
    response = login_as(director).get("/ar/search/", {"q": "الاماره"})
    assert found_urls(response) == [f"/ar/members/entities/{emirate_office.pk}/"]
    assert "المكتب الإعلامي لحكومة <mark>الإمارة</mark>" in response.content.decode()


def test_search_shows_names_in_the_page_language(login_as, director, emirate_office):
    response = login_as(director).get("/en/search/", {"q": "الاماره"})
    assert found_urls(response) == [f"/en/members/entities/{emirate_office.pk}/"]
    assert f'<a class="search-result-title" href="/en/members/entities/{emirate_office.pk}/">Emirate Government Media Office</a>' in response.content.decode()


def test_people_are_found_by_their_entity_and_job_title(login_as, director, ahmad):
    ahmad.job_title_ar, ahmad.job_title_en = "أخصائي التصوير", "Photography specialist"
    ahmad.save(update_fields=["job_title_ar", "job_title_en"])  # re-indexed by the save
    client = login_as(director)
    assert found_urls(client.get("/ar/search/", {"q": "التصوير"})) == [person_url(ahmad)]
    # The entity's name finds the entity and everyone who works there.
    assert set(found_urls(client.get("/ar/search/", {"q": "الاقتصاد"}))) == {
        person_url(ahmad), person_url(director), f"/ar/members/entities/{director.entity_id}/",
    }


def test_deactivated_people_are_not_found(login_as, director, ahmad):
    ahmad.is_active = False
    ahmad.save(update_fields=["is_active"])
    response = login_as(director).get("/ar/search/", {"q": "احمد"})
    assert found_urls(response) == []


def test_empty_query_shows_no_results_section(login_as, director):
    response = login_as(director).get("/ar/search/", {"q": "   "})
    assert response.context["results"] is None
    assert 'id="search-summary"' not in response.content.decode()


def test_nothing_found_says_so_with_the_query_escaped(login_as, director):
    response = login_as(director).get("/ar/search/", {"q": '<script>alert(1)</script>'})
    body = response.content.decode()
    assert response.context["results"].total == 0
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_over_long_query_is_cut_not_refused(login_as, director, ahmad):
    response = login_as(director).get("/ar/search/", {"q": "احمد" + " " * 200 + "x" * 500})
    assert response.status_code == 200
    assert len(response.context["query"]) == 100
