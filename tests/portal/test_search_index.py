"""The one search index (portal.search): Arabic analysis, what each role finds, re-indexing with
every change, the rebuild command, safe snippets and suggestions."""
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from meetings.models import Meeting
from members.models import Entity, Expertise, Role, User
from members.services import entity_update, user_set_role
from portal import search
from portal.models import SearchAudience, SearchEntry, SearchNameWord
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CAMPAIGN_FORMS = ["الحملات", "والحملات", "حملات", "الحمله"]


# Analysis ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "terms"), [
    ("الحملات", ["حمل"]), ("والحملات", ["حمل"]), ("حملات", ["حمل"]), ("الحمله", ["حمل"]), ("الحملة", ["حمل"]),
    ("للحملات", ["حمل"]), ("بالحملات", ["حمل"]), ("حملاتها", ["حمل"]),
    ("المنصوري", ["منصور"]), ("منصوري", ["منصور"]),
    ("الإمارة", ["امار"]), ("الامارات", ["امار"]),
    ("مُـحَمَّد", ["محمد"]), ("أحمد", ["احمد"]), ("إبراهيم", ["ابراهيم"]), ("مصطفى", ["مصطف"]),
    ("مسؤول", ["مسءول"]), ("مسئول", ["مسءول"]),  # hamza on its seat, written either way
    ("٢٠٢٤", ["2024"]), ("۱۴۰۵", ["1405"]),  # Arabic-Indic and Eastern Arabic-Indic digits
    ("دبي", ["دبي"]), ("علي", ["علي"]),  # three letters: no suffix taken off (not دب, not عل)
    ("في دبي", ["دبي"]), ("و", []), ("ال", []), ("!!! ؟؟ ...", []), ("", []),
    ("Campaigns of DUBAI", ["campaigns", "of", "dubai"]),  # Latin words whole: PostgreSQL stems them
])
def test_analysis(typed, terms):
    assert search.analyse(typed) == terms


def test_the_four_forms_of_campaigns_are_one_term_here_and_four_in_postgresql_arabic():
    # Ours: one term for all four.
    assert {tuple(search.analyse(word)) for word in CAMPAIGN_FORMS} == {("حمل",)}
    # PostgreSQL's built-in 'arabic' configuration: four different lexemes, so none finds the others.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, array_to_string(tsvector_to_array(to_tsvector('arabic', w)), ' ') FROM unnest(%s::text[]) AS w",
            [CAMPAIGN_FORMS],
        )
        lexemes = dict(cursor.fetchall())
    assert lexemes == {"الحملات": "حمل", "والحملات": "والحملا", "حملات": "حملا", "الحمله": "حمله"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q FROM unnest(%s::text[]) AS q WHERE to_tsvector('arabic', 'الحملات') @@ plainto_tsquery('arabic', q)",
            [CAMPAIGN_FORMS],
        )
        assert [row[0] for row in cursor.fetchall()] == ["الحملات"]


@pytest.fixture
def campaign_meeting(db):
    start = timezone.now() + timedelta(days=5)
    return Meeting.objects.create(
        title_ar="مراجعة الحملات الوطنية", title_en="Review of the national campaigns",
        summary_ar="نتائج حملة دبي للاستدامة", summary_en="Results of the Dubai sustainability campaign",
        starts_at=start, ends_at=start + timedelta(hours=2),
    )


@pytest.mark.parametrize("query", [*CAMPAIGN_FORMS, "الحملة", "حملة", "CAMPAIGN", "campaigns", "Campaigning"])
def test_every_form_of_a_word_finds_the_meeting(director, campaign_meeting, query):
    results = search.search(director, query)
    assert [hit.url for hit in results.hits] == [f"/ar/meetings/{campaign_meeting.pk}/"]


def test_spelling_variants_give_identical_results(director, team_member, other_director, campaign_meeting):
    found = {query: [hit.url for hit in search.search(director, query).hits] for query in CAMPAIGN_FORMS}
    assert len(set(map(tuple, found.values()))) == 1


# Names spelt in Latin letters ---------------------------------------------------------------------------
@pytest.fixture
def ahmed(entity):
    return make_user("ahmed@test.gcn.ae", Role.TEAM, entity, name_ar="أحمد المنصوري", name_en="Ahmed Al Mansoori")


@pytest.mark.parametrize("query", ["Ahmad", "ahmed", "Mansouri", "Ahmad Mansouri", "Ahmed Al Mansuri", "احمد المنصوري", "منصوري"])
def test_transliterated_names_find_the_person(director, ahmed, query):
    urls = [hit.url for hit in search.search(director, query).hits]
    # The director is an Al Mansouri too (خالد المنصوري): both are found then.
    assert f"/ar/members/people/{ahmed.pk}/" in urls
    assert set(urls) <= {f"/ar/members/people/{ahmed.pk}/", f"/ar/members/people/{director.pk}/"}


def test_a_spelling_variant_is_found_through_the_name_words_and_ranks_after_the_word_as_typed(director, entity):
    """"Mansouri" and "Mansour" fold to different keys (mansara, mansar): only their trigram
    similarity (0.75) joins them, read from the lexicon of name words the trigger keeps."""
    hamad = make_user("hamad@test.gcn.ae", Role.TEAM, entity, name_ar="حمد منصور", name_en="Hamad Mansour")
    assert set(SearchNameWord.objects.values_list("word", flat=True)) >= {"hamad", "mansar", "khalad", "mansara"}
    urls = [hit.url for hit in search.search(director, "Mansouri").hits]
    assert urls == [f"/ar/members/people/{director.pk}/", f"/ar/members/people/{hamad.pk}/"]


def test_a_different_name_is_not_a_transliteration(director, ahmed):
    assert search.search(director, "Rashid").total == 0
    assert search.search(director, "محمد").total == 0


# Who finds what -------------------------------------------------------------------------------------------
@pytest.fixture
def meetings(guest):
    now = timezone.now()
    invited = Meeting.objects.create(
        title_ar="ورشة الحملات الرقمية", title_en="Digital campaigns workshop",
        starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=3),
    )
    invited.guests.set([guest])
    closed = Meeting.objects.create(
        title_ar="اجتماع الحملات المغلق", title_en="Closed campaigns meeting",
        starts_at=now + timedelta(days=4), ends_at=now + timedelta(days=4, hours=1),
    )
    return invited, closed


@pytest.fixture
def campaign_people(entity, other_entity):
    return [
        make_user("c1@test.gcn.ae", Role.TEAM, entity, name_ar="منسق الحملات", name_en="Campaigns coordinator"),
        make_user("c2@test.gcn.ae", Role.TEAM, other_entity, name_ar="مدير حملات", name_en="Campaign lead"),
    ]


def test_guest_finds_only_their_meeting_in_results_counts_snippets_and_suggestions(login_as, guest, meetings, campaign_people):
    invited, closed = meetings
    client = login_as(guest)
    response = client.get("/ar/search/", {"q": "حملات"})
    results = response.context["results"]
    assert [hit.url for hit in results.hits] == [f"/ar/meetings/{invited.pk}/"]
    assert results.counts == {"meetings": 1}
    body = response.content.decode()
    assert "منسق" not in body and "Campaign lead" not in body and "المغلق" not in body
    suggestions = client.get("/ar/search/suggest/", {"q": "حمل"}).json()["results"]
    assert [item["url"] for item in suggestions] == [f"/ar/meetings/{invited.pk}/"]


def test_guest_invited_later_finds_the_meeting_at_once_and_loses_it_when_removed(guest, meetings):
    _invited, closed = meetings
    assert [hit.url for hit in search.search(guest, "المغلق").hits] == []
    closed.guests.add(guest)  # audiences are resolved when searching: nothing to re-index
    assert [hit.url for hit in search.search(guest, "المغلق").hits] == [f"/ar/meetings/{closed.pk}/"]
    closed.guests.remove(guest)
    assert search.search(guest, "المغلق").total == 0


@pytest.mark.parametrize("role", ["secretariat", "director", "team", "other_director"])
def test_members_find_people_entities_and_every_meeting(users, meetings, campaign_people, role):
    results = search.search(users[role], "حملات")
    assert results.counts == {"people": 2, "meetings": 2}
    assert {hit.url for hit in results.hits} == {
        *(f"/ar/members/people/{person.pk}/" for person in campaign_people), *(f"/ar/meetings/{m.pk}/" for m in meetings),
    }


def test_anonymous_and_deactivated_users_find_nothing(director, meetings, campaign_people):
    from django.contrib.auth.models import AnonymousUser

    assert search.search(AnonymousUser(), "حملات").counts == {}
    assert search.suggest(AnonymousUser(), "حملات") == []
    director.is_active = False
    assert search.search(director, "حملات").counts == {}


def test_entity_scoped_entries_reach_only_that_entity_and_the_secretariat_its_own(users, entity, other_entity):
    """Keys a future portal will use (drafts of one entity, secretariat-only items): the filter
    holds whatever the provider writes."""
    def entry(key, title):
        item = SearchEntry.objects.create(
            kind="entities", portal="members", object_id=f"x-{key}", title_ar=title, title_en=title,
            url_name="home", url_args=[], terms_title=f" {' '.join(search.analyse(title))} ",
        )
        SearchAudience.objects.create(entry=item, key=key)

    entry(f"draft:entity:{entity.pk}", "مسودة حملة الاقتصاد")
    entry(f"draft:entity:{other_entity.pk}", "مسودة حملة البلدية")
    entry("secretariat", "مسودة حملة الامانه")
    titles = {role: sorted(hit.title for hit in search.search(users[role], "مسودة").hits) for role in users if role != "anonymous"}
    assert titles == {
        "director": ["مسودة حملة الاقتصاد"], "team": ["مسودة حملة الاقتصاد"], "other_director": ["مسودة حملة البلدية"],
        "secretariat": ["مسودة حملة الامانه"], "guest": [],
    }


# Counts, groups, pages ----------------------------------------------------------------------------------
def test_counts_per_group_filter_and_pages(login_as, director, entity, meetings):
    for index in range(23):
        make_user(f"p{index}@test.gcn.ae", Role.TEAM, entity, name_ar=f"خبير الحملات {index}", name_en=f"Campaign expert {index}")
    client = login_as(director)
    response = client.get("/en/search/", {"q": "campaigns"})
    results = response.context["results"]
    assert results.counts == {"people": 23, "meetings": 2}
    assert (results.total, len(results.hits), results.page.number, results.page.paginator.num_pages) == (25, 20, 1, 2)
    body = response.content.decode()
    assert 'href="?q=campaigns&amp;in=people"' in body and ">People <span class=\"badge rounded-pill\">23</span>" in body
    people = client.get("/en/search/", {"q": "campaigns", "in": "people", "page": "2"}).context["results"]
    assert (people.kind, people.total, len(people.hits), people.page.number) == ("people", 23, 3, 2)
    assert {hit.kind for hit in people.hits} == {"people"}
    # Bad input is harmless: an unknown group means all, a page out of range the nearest one.
    for params in ({"in": "users"}, {"page": "-1"}, {"page": "abc"}, {"page": "999"}, {"page": "9" * 40}):
        response = client.get("/en/search/", {"q": "campaigns", **params})
        assert response.status_code == 200
        assert response.context["results"].total == 25


# Never a 500 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "و", "ال", "!!!", "؟", "%", "_", "'", '"', "\\", "a:*|!(b)", "& | ! <->", "x" * 5000, "احمد " * 300, "\u202e", "٠", "؟؟حملات!!",
])
def test_any_query_answers_without_error(login_as, director, meetings, query):
    client = login_as(director)
    page = client.get("/ar/search/", {"q": query})
    assert page.status_code == 200
    assert client.get("/ar/search/suggest/", {"q": query}).status_code == 200


def test_a_query_of_stop_prefixes_says_it_is_too_short(login_as, director):
    response = login_as(director).get("/ar/search/", {"q": "و"})
    assert "قصيرة جدًا" in response.content.decode() or "too short" in response.content.decode()
    assert response.context["results"].hits == []


def test_nul_byte_is_refused_cleanly(login_as, director):
    assert login_as(director).get("/ar/search/suggest/", {"q": "حم\x00"}).status_code == 400


# Snippets and injection -----------------------------------------------------------------------------------
def test_snippet_marks_the_words_found_in_the_page_language(director, entity):
    person = make_user("bio@test.gcn.ae", Role.TEAM, entity, name_ar="سارة", name_en="Sara")
    person.bio_ar = "تقود فريق الاتصال منذ عشر سنوات وأدارت والحملات الوطنية للتوعية المرورية في دبي"
    person.bio_en = "She has led national campaigns on road safety in Dubai for ten years"
    person.save(update_fields=["bio_ar", "bio_en"])
    hit = search.search(director, "الحملة").hits[0]
    assert hit.snippet_html == "تقود فريق الاتصال منذ عشر سنوات وأدارت <mark>والحملات</mark> الوطنية للتوعية المرورية في دبي"
    from django.utils import translation

    with translation.override("en"):
        hit = search.search(director, "campaign").hits[0]
    assert hit.snippet_html == "She has led national <mark>campaigns</mark> on road safety in Dubai for ten years"


def test_html_in_names_and_text_is_escaped_and_marks_wrap_escaped_text_only(login_as, director, entity):
    person = make_user(
        "xss@test.gcn.ae", Role.TEAM, entity, name_ar='<img src=x onerror=alert(1)>حملات', name_en='"><script>alert(1)</script>',
    )
    person.bio_ar = "<b>حملات</b> <script>alert('x')</script>"
    person.save(update_fields=["bio_ar"])
    client = login_as(director)
    body = client.get("/ar/search/", {"q": "حملات"}).content.decode()
    assert "<img src=x" not in body and "<script>alert" not in body and "<b>" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>حملات</mark>" in body
    assert "&lt;b&gt;<mark>حملات</mark>&lt;/b&gt; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    suggestion = client.get("/ar/search/suggest/", {"q": "حملات"}).json()["results"][0]
    assert suggestion["title"] == '<img src=x onerror=alert(1)>حملات'  # JSON data: the script writes it as text


# Re-indexing with every change ----------------------------------------------------------------------------
def urls_for(user, query):
    return [hit.url for hit in search.search(user, query).hits]


def test_admin_rename_of_an_expertise_reindexes_its_people(login_as, secretariat, director, entity):
    person = make_user("exp@test.gcn.ae", Role.TEAM, entity, name_ar="هند", name_en="Hind")
    expertise = Expertise.objects.create(name_ar="التصوير", name_en="Photography")
    person.expertise.add(expertise)  # m2m_changed
    assert urls_for(director, "التصوير") == [f"/ar/members/people/{person.pk}/"]
    response = login_as(secretariat).post(
        f"/ar/admin/members/expertise/{expertise.pk}/change/", {"name_ar": "إدارة الأزمات", "name_en": "Crisis management"},
    )
    assert response.status_code == 302
    assert urls_for(director, "التصوير") == []
    assert urls_for(director, "الازمات") == [f"/ar/members/people/{person.pk}/"]


def test_entity_rename_reindexes_its_people_and_meetings(director, team_member, entity, secretariat):
    start = timezone.now() + timedelta(days=1)
    hosted = Meeting.objects.create(title_ar="لقاء", title_en="Meet-up", host=entity, starts_at=start, ends_at=start)
    entity_update(entity=entity, data={"name_ar": "دائرة الاقتصاد الرقمي", "name_en": "Digital Economy Department"}, acting_user=secretariat)
    found = urls_for(director, "الرقمي")
    assert set(found) == {
        f"/ar/members/entities/{entity.pk}/", f"/ar/members/people/{director.pk}/", f"/ar/members/people/{team_member.pk}/",
        f"/ar/meetings/{hosted.pk}/",
    }
    assert urls_for(director, "السياحة") == []
    assert SearchEntry.objects.get(kind="people", object_id=str(team_member.pk)).subtitle_en.endswith("Digital Economy Department")


def test_people_leaving_the_directory_disappear(director, team_member, other_director, other_entity):
    assert urls_for(director, "نورة") == [f"/ar/members/people/{team_member.pk}/"]
    user_set_role(user=team_member, role=Role.GUEST)
    assert urls_for(director, "نورة") == []
    assert urls_for(director, "سعيد") == [f"/ar/members/people/{other_director.pk}/"]
    other_entity.is_active = False  # the entity leaves the network: its people with it
    other_entity.save(update_fields=["is_active"])
    assert urls_for(director, "سعيد") == [] and urls_for(director, "بلدية") == []


def test_a_login_does_not_reindex(director, django_assert_num_queries):
    director.last_login = timezone.now()
    with django_assert_num_queries(1):
        director.save(update_fields=["last_login"])


def test_deleting_removes_the_entry(director, campaign_meeting):
    campaign_meeting.delete()
    assert SearchEntry.objects.filter(kind="meetings").count() == 0


def test_rebuild_command_indexes_bulk_rows_and_drops_stale_entries(director, entity):
    User.objects.bulk_create([User(email="bulk@test.gcn.ae", name_ar="بدر المزروعي", name_en="Badr", role=Role.TEAM, entity=entity)])
    SearchEntry.objects.create(kind="people", portal="members", object_id="999999", title_ar="قديم", url_name="home")
    assert urls_for(director, "المزروعي") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert urls_for(director, "المزروعي") == [f"/ar/members/people/{User.objects.get(email='bulk@test.gcn.ae').pk}/"]
    assert not SearchEntry.objects.filter(object_id="999999").exists()
    assert SearchEntry.objects.filter(kind="entities").count() == Entity.objects.active().count()


# Suggestions -----------------------------------------------------------------------------------------------
def test_suggestions_after_two_letters_by_prefix(login_as, director, ahmed):
    client = login_as(director)
    assert client.get("/ar/search/suggest/", {"q": "ا"}).json() == {"results": []}
    response = client.get("/ar/search/suggest/", {"q": "احم"})
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content) == {"results": [{
        "title": "أحمد المنصوري", "subtitle": "دائرة الاقتصاد والسياحة", "url": f"/ar/members/people/{ahmed.pk}/", "group": "الأشخاص",
    }]}
    english = client.get("/en/search/suggest/", {"q": "ahme"}).json()["results"]
    assert english == [{
        "title": "Ahmed Al Mansoori", "subtitle": "Department of Economy and Tourism",
        "url": f"/en/members/people/{ahmed.pk}/", "group": "People",
    }]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_remembered_name_words_give_what_the_lookup_gives_and_a_new_variant_is_found_at_once(director, entity, django_assert_num_queries):
    """Outside a transaction (as a web request runs), the name words similar to a typed Latin word are
    remembered per process (portal.search._similar_names); a name word added later changes their count,
    and the next search finds the person through it."""
    search._similar_names.clear()
    parsed = search.parse_query("Mansouri")
    looked_up = [row.pk for row in search.ranked_entries(director, parsed)]  # remembers (one more query)
    assert search._similar_names
    with django_assert_num_queries(1):
        assert [row.pk for row in search.ranked_entries(director, parsed)] == looked_up
    hamad = make_user("hamad@test.gcn.ae", Role.TEAM, entity, name_ar="حمد منصور", name_en="Hamad Mansour")
    urls = [hit.url for hit in search.search(director, "Mansouri").hits]
    assert urls == [f"/ar/members/people/{director.pk}/", f"/ar/members/people/{hamad.pk}/"]
    # Nothing found with remembered words: their count is checked before saying so.
    assert search.ranked_entries(director, search.parse_query("Zzyzxqwerty")) == []
    search._similar_names.clear()
