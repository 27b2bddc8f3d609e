"""The people directory: filters, Arabic-aware search, sorting, layouts, paging and query counts."""
import json

import pytest
from django.urls import reverse

from members.models import Expertise, NetworkSeat
from members.services import seat_assign
from tests.members.factories import EntityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def names_on(response):
    return [person.name_en for person in response.context["page"].object_list]


def test_guest_and_anonymous_never_reach_the_directory(client, login_as, guest):
    assert client.get("/ar/members/").status_code == 302
    assert login_as(guest).get("/ar/members/").status_code == 404


def test_search_tolerates_arabic_spelling_variants(login_as, director):
    PersonFactory(name_ar="أحمد المنصوري", name_en="Ahmed Al Mansouri")
    PersonFactory(name_ar="مُحَمَّـد الإماراتي", name_en="Mohammed Al Emarati")
    PersonFactory(name_ar="فاطمة الهاشمي", name_en="Fatima Al Hashimi")
    client = login_as(director)
    assert names_on(client.get("/ar/members/", {"q": "احمد"})) == ["Ahmed Al Mansouri"]
    assert names_on(client.get("/ar/members/", {"q": "محمد الاماراتي"})) == ["Mohammed Al Emarati"]
    assert names_on(client.get("/ar/members/", {"q": "فاطمه"})) == ["Fatima Al Hashimi"]
    assert names_on(client.get("/en/members/", {"q": "ahm mans"})) == ["Ahmed Al Mansouri"]


@pytest.mark.parametrize(("typed", "stored"), [
    ("Ahmad", "Ahmed Al Mansouri"),
    ("Ahmed", "Ahmad Al Ketbi"),
    ("Mansoori", "Ahmed Al Mansouri"),
    ("Khaled", "Khalid Al Zaabi"),
])
def test_latin_spellings_of_one_name_find_each_other(login_as, director, typed, stored):
    PersonFactory(name_en=stored)
    PersonFactory(name_en="Sara Al Marri")  # shares no name with any query
    # The signed-in director is Khalid Al Mansouri: found too where the query is one of his names.
    found = set(names_on(login_as(director).get("/en/members/", {"q": typed}))) - {director.name_en}
    assert found == {stored}


def test_short_words_do_not_match_by_similarity(login_as, director):
    # "Ali" is as similar to every "Al" as to "Ali": short words match by their letters only.
    PersonFactory(name_en="Ahmed Al Mansouri", job_title_en="Analyst")
    ali = PersonFactory(name_en="Ali Lootah", job_title_en="Analyst")
    found = set(names_on(login_as(director).get("/en/members/", {"q": "Ali"})))
    assert found == {ali.name_en, director.name_en}  # "Khalid" contains the letters "ali"


def test_directory_box_matches_entity_names_and_job_titles(login_as, director):
    police = EntityFactory(name_ar="القيادة العامة لشرطة دبي", name_en="Dubai Police")
    officer = PersonFactory(entity=police, name_en="Police Officer", job_title_ar="مدير الإعلام الأمني", job_title_en="Head of security media")
    PersonFactory(name_en="Someone Else", job_title_en="Analyst")
    client = login_as(director)
    assert names_on(client.get("/ar/members/", {"q": "شرطه"})) == ["Police Officer"]  # entity name, taa marbuta folded
    assert names_on(client.get("/en/members/", {"q": "security media"})) == [officer.name_en]


def test_filters_by_entity_sector_role_and_expertise(login_as, director):
    health = EntityFactory(sector="health")
    nurse = PersonFactory(entity=health, name_en="Health Team")
    boss = PersonFactory(entity=health, name_en="Health Director", role="director")
    seat_assign(entity=health, person=boss, seat=NetworkSeat.Seat.MEMBER)
    social = Expertise.objects.get(name_en="Social media")
    nurse.expertise.add(social)
    PersonFactory(name_en="Elsewhere")
    client = login_as(director)
    assert sorted(names_on(client.get("/en/members/", {"entity": health.pk}))) == ["Health Director", "Health Team"]
    assert sorted(names_on(client.get("/en/members/", {"sector": "health"}))) == ["Health Director", "Health Team"]
    assert names_on(client.get("/en/members/", {"network_role": "member"})) == ["Health Director"]
    assert names_on(client.get("/en/members/", {"expertise": social.pk})) == ["Health Team"]
    assert "Health Director" not in names_on(client.get("/en/members/", {"network_role": "team"}))


def test_name_order_follows_the_language(login_as, director):
    entity = director.entity
    PersonFactory(entity=entity, name_ar="ياسر", name_en="Adam")
    PersonFactory(entity=entity, name_ar="باسل", name_en="Zaid")
    client = login_as(director)
    arabic = [p.name_ar for p in client.get("/ar/members/", {"entity": entity.pk}).context["page"].object_list]
    english = names_on(client.get("/en/members/", {"entity": entity.pk}))
    assert arabic == ["باسل", "خالد المنصوري", "ياسر"]
    assert english == ["Adam", "Khalid Al Mansouri", "Zaid"]


def test_sort_by_entity_puts_the_member_first(login_as, director):
    first = EntityFactory(name_en="AAA Entity", name_ar="أ جهة")
    team = PersonFactory(entity=first, name_en="Aaron Team")
    member = PersonFactory(entity=first, name_en="Zed Member", role="director")
    seat_assign(entity=first, person=member, seat=NetworkSeat.Seat.MEMBER)
    names = names_on(login_as(director).get("/en/members/", {"sort": "entity"}))
    assert names[:2] == ["Zed Member", "Aaron Team"]
    assert team.pk


@pytest.mark.parametrize("page", ["-1", "abc", "9999", ""])
def test_odd_page_numbers_are_harmless(login_as, director, page):
    response = login_as(director).get("/ar/members/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_ordering_by_password_is_ignored(login_as, director):
    response = login_as(director).get("/en/members/", {"sort": "password", "ordering": "password"})
    assert response.status_code == 200
    assert names_on(response) == ["Khalid Al Mansouri"]


def test_table_layout_lists_contacts_and_no_store(login_as, director):
    PersonFactory(name_en="Table Person", email="table@test.gcn.ae")
    response = login_as(director).get("/en/members/", {"view": "table"})
    body = response.content.decode()
    assert 'href="mailto:table@test.gcn.ae"' in body
    assert "directory-table" in body
    assert "no-store" in response["Cache-Control"]


def test_bulk_vcards_only_for_directors_and_secretariat_and_audited(login_as, team_member, director, secretariat):
    from portal.models import AuditEntry

    assert login_as(team_member).get("/ar/members/vcards.vcf").status_code == 404
    assert login_as(director).get("/ar/members/vcards.vcf", {"sector": "economy"}).status_code == 200
    assert login_as(secretariat).get("/ar/members/vcards.vcf").status_code == 200
    entries = AuditEntry.objects.filter(action="exported").order_by("id")
    assert [(entry.actor_label, entry.details["count"], entry.details["filters"]) for entry in entries] == [
        ("director@test.gcn.ae", 2, "sector=economy"), ("secretariat@test.gcn.ae", 3, ""),
    ]


def test_entity_list_links_each_entity(login_as, director, other_entity):
    response = login_as(director).get("/en/members/entities/")
    body = response.content.decode()
    assert reverse("members:entity", kwargs={"pk": other_entity.pk}) in body
    assert "Dubai Municipality" in body


@pytest.mark.parametrize("language", ["ar", "en"])
def test_compiled_directory_sql_finds_what_the_querysets_find(director, language):
    """The directory runs SQL compiled once per shape of filters with stand-ins for the values
    (portal.compiled.compiled_sql): for every shape it must find the rows its queryset finds."""
    from django.utils import translation

    from members.filters import ListedPerson, PersonFilter, listed_expertise
    from members.models import Sector, User

    def plain(row):
        # The expertise pks as a sorted list: JSON text from compiled SQL, a list from the queryset.
        held = json.loads(row[-1]) if isinstance(row[-1], str) else row[-1]
        return (*row[:-1], sorted(item["expertise_id"] for item in held))

    other = EntityFactory(sector=Sector.choices[1][0])
    tag = Expertise.objects.create(name_ar="الأزمات", name_en="Crises")
    people = [PersonFactory(entity=entity) for entity in (director.entity, other, other)]
    people[1].expertise.add(tag)
    seat_assign(entity=other, person=people[2], seat=NetworkSeat.Seat.MEMBER, acting_user=director)
    shapes = [
        {}, {"entity": other.pk}, {"sector": other.sector}, {"network_role": "team"},
        {"network_role": NetworkSeat.Seat.MEMBER}, {"expertise": tag.pk}, {"sort": "entity"},
        {"entity": other.pk, "network_role": NetworkSeat.Seat.MEMBER, "sort": "entity"},
        {"entity": other.pk, "expertise": tag.pk, "sector": other.sector}, {"entity": "not a pk"},
    ]
    with translation.override(language):
        for data in shapes:
            queryset = User.objects.visible_to(director).with_seat().annotate(expertise_ids=listed_expertise())
            person_filter = PersonFilter(data, queryset=queryset)
            expected = [plain(row) for row in person_filter.qs.values_list(*ListedPerson.FIELDS)]
            rows = person_filter.directory_rows(director)
            assert rows.count() == len(expected), data
            assert [plain(row) for row in rows[0:len(expected) + 1]] == expected, data
            assert [plain(row) for row in rows[1:2]] == expected[1:2], data
        assert [tag.pk] in [row[-1] for row in expected]


def test_kept_count_and_filter_choices_follow_every_write(login_as, director, django_assert_num_queries):
    """The count and the filter bar's entities and expertise are kept under the data version
    (portal.fragments.kept): asked again with no write between, only the session's user and the
    page's rows (with their expertise) are read; after a write, the page shows the new person, entity
    and expertise at once."""
    client = login_as(director)
    first = client.get("/en/members/")
    with django_assert_num_queries(2):
        again = client.get("/en/members/", {"n": "1"})  # another query string: no page is kept
    assert again.context["page"].paginator.count == first.context["page"].paginator.count
    entity = EntityFactory(name_en="Newly Joined Authority")
    Expertise.objects.create(name_ar="التصميم", name_en="Newly listed design")
    PersonFactory(entity=entity)
    after = client.get("/en/members/", {"n": "2"})
    assert after.context["page"].paginator.count == first.context["page"].paginator.count + 1
    html = after.content.decode()
    assert "Newly Joined Authority" in html and "Newly listed design" in html
    # A filtered count is kept apart from the unfiltered one.
    filtered = client.get("/en/members/", {"entity": entity.pk})
    assert filtered.context["page"].paginator.count == 1


@pytest.mark.parametrize(("language", "expected"), [
    ("ar", ["الإعلام الرقمي", "التصوير", "حملات التوعية"]),
    ("en", ["Awareness campaigns", "Digital media", "Photography"]),
])
def test_cards_list_each_persons_expertise_in_the_pages_alphabetical_order(login_as, director, language, expected):
    import re

    person = PersonFactory(name_en="Expert Person", name_ar="خبير")
    for name_ar, name_en in [("التصوير", "Photography"), ("حملات التوعية", "Awareness campaigns"), ("الإعلام الرقمي", "Digital media")]:
        person.expertise.add(Expertise.objects.create(name_ar=name_ar, name_en=name_en))
    Expertise.objects.create(name_ar="الأزمات", name_en="Crises")  # held by nobody: on no card
    html = login_as(director).get(f"/{language}/members/", {"q": "Expert" if language == "en" else "خبير"}).content.decode()
    card = html[html.index(f"/members/people/{person.pk}/"):]
    card = card[:card.index("</article>")]
    assert re.findall(r'<span class="badge text-bg-light">([^<]+)</span>', card) == expected
    # The same from the compiled SQL of an unfiltered page.
    html = login_as(director).get(f"/{language}/members/").content.decode()
    card = html[html.index(f"/members/people/{person.pk}/"):]
    assert re.findall(r'<span class="badge text-bg-light">([^<]+)</span>', card[:card.index("</article>")]) == expected
