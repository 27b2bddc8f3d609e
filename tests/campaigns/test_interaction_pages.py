"""The interaction on a case's page and the collection page, through the views: plain POST forms
that redirect back to the case, "useful" marks whose count never drifts (also under concurrent
clicks), the collection, the showcase sorted by usefulness, extra POST fields ignored, and exact
query counts at two sizes."""
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from campaigns import interaction
from campaigns.models import Campaign, Comment, SavedCase, UsefulMark
from members.models import Entity, Role
from portal.models import AuditEntry
from tests.campaigns.factories import make_campaign
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(entity):
    return make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")


def detail(client, campaign, language="en"):
    return client.get(f"/{language}/campaigns/{campaign.pk}/")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Comments through the page -----------------------------------------------------------------------
def test_a_member_comments_and_the_entity_answers_on_the_page(case, other_director, director, login_as):
    client = login_as(other_director)
    response = client.post(f"/en/campaigns/{case.pk}/comments/", {"body": "How were the stations chosen?\nhttps://dubai.ae/map"})
    comment = Comment.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/en/campaigns/{case.pk}/#comment-{comment.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is published. The campaign&#x27;s entity will be told." in page
    assert (f'<p class="comment-body mb-1" dir="auto">How were the stations chosen?<br>'
            f'<a href="https://dubai.ae/map" rel="nofollow noopener" dir="ltr">https://dubai.ae/map</a></p>') in page
    # The author may not answer (not the entity); the entity's director may.
    assert f'/campaigns/{case.pk}/comments/{comment.pk}/answer/' not in page
    assert client.post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/answer/", {"body": "Me too"}).status_code == 403
    client = login_as(director)
    page = detail(client, case).content.decode()
    assert f'action="/en/campaigns/{case.pk}/comments/{comment.pk}/answer/"' in page
    response = client.post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/answer/", {"body": "By footfall data."}, follow=True)
    answer = Comment.objects.get(parent=comment)
    assert response.redirect_chain == [(f"/en/campaigns/{case.pk}/#comment-{answer.pk}", 302)]
    assert messages_of(response) == ["Your answer is published. The author of the question will be told."]
    # An answer to the answer: a clear message, nothing stored, the text kept in its box.
    response = client.post(f"/en/campaigns/{case.pk}/comments/{answer.pk}/answer/", {"body": "Nested?"}, follow=True)
    assert messages_of(response) == ["An answer cannot be answered: answer the question it belongs to."]
    assert Comment.objects.count() == 2
    assert response.context["comment_count"] == 2


def test_a_refused_comment_keeps_its_text_and_a_draft_takes_no_comments(entity, case, other_director, director, login_as):
    client = login_as(other_director)
    response = client.post(f"/en/campaigns/{case.pk}/comments/", {"body": "x" * 4001}, follow=True)
    assert messages_of(response) == ["A comment can be at most 4000 characters long (this one has 4001)."]
    assert response.context["comment_form"]["body"].value() == "x" * 4001
    # Once shown, the kept text is gone: a reload starts with an empty box.
    assert detail(client, case).context["comment_form"]["body"].value() is None
    draft = make_campaign(entity, state="draft")
    client = login_as(director)
    response = client.post(f"/en/campaigns/{draft.pk}/comments/", {"body": "Early"}, follow=True)
    assert messages_of(response) == ["Only published cases accept questions and comments."]
    assert 'id="comment-form"' not in response.content.decode()
    # Another entity's draft does not exist for this member.
    assert login_as(other_director).post(f"/en/campaigns/{draft.pk}/comments/", {"body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_posted_author_case_parent_and_hidden_are_ignored(case, entity, other_director, director, secretariat, login_as):
    other_case = make_campaign(entity, title_en="Another case")
    login_as(other_director).post(f"/en/campaigns/{case.pk}/comments/", {
        "body": "Mine", "author": director.pk, "author_entity": entity.pk, "campaign": other_case.pk,
        "hidden": "on", "parent": 1, "hidden_by": secretariat.pk,
    })
    comment = Comment.objects.get()
    assert (comment.author, comment.author_entity_id, comment.campaign, comment.parent, comment.hidden, comment.hidden_by) == (
        other_director, other_director.entity_id, case, None, False, None,
    )


def test_the_secretariat_hides_on_the_page_members_stop_seeing_it(case, other_director, director, secretariat, login_as):
    comment = interaction.comment_add(campaign=case, author=other_director, body="Not for everyone")
    assert login_as(director).post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/hide/", {"hidden": "1"}).status_code == 403
    client = login_as(secretariat)
    response = client.post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/hide/", {"hidden": "1"})
    assert response["Location"] == f"/en/campaigns/{case.pk}/#comment-{comment.pk}"
    page = detail(client, case).content.decode()
    assert 'class="comment comment-hidden"' in page and "Hidden from members" in page and "Show to members again" in page
    member_page = detail(login_as(director), case).content.decode()
    assert "Not for everyone" not in member_page and "No questions or comments yet." in member_page
    # A hidden comment is not found by members at all.
    assert login_as(director).post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/answer/", {"body": "x"}).status_code == 404
    login_as(secretariat).post(f"/en/campaigns/{case.pk}/comments/{comment.pk}/hide/", {"hidden": "0"})
    assert "Not for everyone" in detail(login_as(director), case).content.decode()
    assert [entry.details["hidden"]["new"] for entry in AuditEntry.objects.filter(target_type="campaigns.comment", action="updated").order_by("pk")] == [True, False]


def test_comments_are_bidi_safe_in_both_languages(case, other_director, login_as):
    interaction.comment_add(campaign=case, author=other_director, body="رقم الهاتف 04 123 4567 and an English line")
    for language in ("ar", "en"):
        page = detail(login_as(other_director), case, language).content.decode()
        assert '<p class="comment-body mb-1" dir="auto">رقم الهاتف 04 123 4567 and an English line</p>' in page


# Useful marks ------------------------------------------------------------------------------------
def test_marking_useful_is_a_toggle_that_works_without_script(case, other_director, login_as):
    client = login_as(other_director)
    page = detail(client, case).content.decode()
    assert 'id="useful-toggle" aria-pressed="false"' in page
    assert '<input type="hidden" name="useful" value="1">' in page
    for _twice in range(2):  # a resent form changes nothing more
        response = client.post(f"/en/campaigns/{case.pk}/useful/", {"useful": "1"})
        assert response["Location"] == f"/en/campaigns/{case.pk}/#interaction"
    case.refresh_from_db()
    assert (case.useful_count, UsefulMark.objects.count()) == (1, 1)
    page = detail(client, case).content.decode()
    assert 'id="useful-toggle" aria-pressed="true"' in page
    assert '<bdi dir="ltr">1</bdi> member found this case useful' in page
    for _twice in range(2):
        client.post(f"/en/campaigns/{case.pk}/useful/", {"useful": "0"})
    case.refresh_from_db()
    assert (case.useful_count, UsefulMark.objects.count()) == (0, 0)
    assert [entry.action for entry in AuditEntry.objects.filter(target_type="campaigns.campaign").order_by("pk")] == ["created", "deleted"]


def test_the_own_entity_sees_the_count_but_does_not_vote(case, director, other_director, login_as):
    interaction.useful_mark(campaign=case, user=other_director)
    client = login_as(director)
    page = detail(client, case).content.decode()
    assert 'id="useful-toggle"' not in page
    assert '<bdi dir="ltr">1</bdi> member found this case useful' in page
    assert client.post(f"/en/campaigns/{case.pk}/useful/", {"useful": "1"}).status_code == 403
    assert Campaign.objects.get(pk=case.pk).useful_count == 1


def test_drafts_are_not_marked_or_saved(entity, director, secretariat, login_as):
    draft = make_campaign(entity, state="draft")
    client = login_as(secretariat)
    response = client.post(f"/en/campaigns/{draft.pk}/useful/", {"useful": "1"}, follow=True)
    assert messages_of(response) == ["Only published cases can be marked useful or saved."]
    response = client.post(f"/en/campaigns/{draft.pk}/save/", {"saved": "1"}, follow=True)
    assert messages_of(response) == ["Only published cases can be marked useful or saved."]
    assert not UsefulMark.objects.exists() and not SavedCase.objects.exists()


def test_the_count_follows_the_rows_whatever_the_order(case, entity, db):
    people = [make_user(f"peer{i}@test.gcn.ae", Role.DIRECTOR, Entity.objects.create(name_ar=f"جهة {i}", name_en=f"Entity {i}")) for i in range(5)]
    for person in people:
        assert interaction.useful_mark(campaign=case, user=person) is True
        assert interaction.useful_mark(campaign=case, user=person) is False
    for person in people[:2]:
        assert interaction.useful_unmark(campaign=case, user=person) is True
        assert interaction.useful_unmark(campaign=case, user=person) is False
    case.refresh_from_db()
    assert case.useful_count == UsefulMark.objects.filter(campaign=case).count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clicks_never_make_the_count_drift(entity):
    """Threads with their own database connections click at once: twice each to mark, then to unmark."""
    case = make_campaign(entity, title_en="Race case")
    people = [
        make_user(f"racer{i}@test.gcn.ae", Role.DIRECTOR, Entity.objects.create(name_ar=f"جهة سباق {i}", name_en=f"Racer {i}"))
        for i in range(6)
    ]

    def click_all(write):
        barrier = threading.Barrier(len(people) * 2)
        errors = []

        def click(person):
            try:
                barrier.wait()
                write(campaign=case, user=person)
            except Exception as error:  # reported below: a failed click is a failed test
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=click, args=(person,)) for person in people for _twice in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []

    click_all(interaction.useful_mark)
    case.refresh_from_db()
    assert case.useful_count == UsefulMark.objects.filter(campaign=case).count() == 6
    click_all(interaction.useful_unmark)
    case.refresh_from_db()
    assert case.useful_count == UsefulMark.objects.filter(campaign=case).count() == 0


def test_grid_cards_show_the_count_and_the_showcase_sorts_by_usefulness(entity, other_entity, other_director, login_as):
    quiet = make_campaign(entity, title_en="Quiet case")
    liked = make_campaign(entity, title_en="Liked case")
    newest = make_campaign(other_entity, title_en="Newest case")
    Campaign.objects.filter(pk=liked.pk).update(useful_count=7)
    Campaign.objects.filter(pk=quiet.pk).update(useful_count=2)
    client = login_as(other_director)
    response = client.get("/en/campaigns/?sort=useful")
    assert [campaign.title_en for campaign in response.context["campaigns"]] == ["Liked case", "Quiet case", "Newest case"]
    page = response.content.decode()
    assert '<bdi dir="ltr">7</bdi> found it useful' in page and '<bdi dir="ltr">2</bdi> found it useful' in page
    assert '<option value="useful" selected>Most useful</option>' in page
    assert [c.title_en for c in client.get("/en/campaigns/").context["campaigns"]][0] == newest.title_en


# The collection ----------------------------------------------------------------------------------
def test_saving_to_the_collection_and_the_collection_page(case, entity, other_director, director, login_as):
    other = make_campaign(entity, title_en="Second case")
    client = login_as(other_director)
    page = detail(client, case).content.decode()
    assert 'id="save-toggle" aria-pressed="false"' in page
    assert client.post(f"/en/campaigns/{case.pk}/save/", {"saved": "1"})["Location"] == f"/en/campaigns/{case.pk}/#interaction"
    client.post(f"/en/campaigns/{case.pk}/save/", {"saved": "1"})
    client.post(f"/en/campaigns/{other.pk}/save/", {"saved": "1", "user": director.pk})
    assert 'id="save-toggle" aria-pressed="true"' in detail(client, case).content.decode()
    assert sorted(SavedCase.objects.values_list("user__email", "campaign__title_en")) == [
        ("director2@test.gcn.ae", "Dubai Can"), ("director2@test.gcn.ae", "Second case"),
    ]
    response = client.get("/en/campaigns/collection/")
    assert [item.campaign.title_en for item in response.context["saved"]] == ["Second case", "Dubai Can"]
    # Someone else's collection is their own.
    assert list(login_as(director).get("/en/campaigns/collection/").context["saved"]) == []
    # A case withdrawn from the showcase leaves the collection page; it can still be removed from there.
    Campaign.objects.filter(pk=other.pk).update(state="in_review")
    client = login_as(other_director)
    assert [item.campaign.title_en for item in client.get("/en/campaigns/collection/").context["saved"]] == ["Dubai Can"]
    response = client.post(f"/en/campaigns/{other.pk}/save/", {"saved": "0", "back": "collection"})
    assert response["Location"] == "/en/campaigns/collection/"
    response = client.post(f"/en/campaigns/{case.pk}/save/", {"saved": "0", "back": "collection"}, follow=True)
    assert messages_of(response) == ["The case is removed from your collection."] * 2
    assert "Your collection is empty." in response.content.decode()
    assert not SavedCase.objects.exists()


def test_the_showcase_links_to_the_collection(other_director, login_as):
    page = login_as(other_director).get("/ar/campaigns/").content.decode()
    # In Al Multaqa's own navigation, beside the calendar and the strategic messages.
    nav = page[page.index('class="multaqa-nav'):]
    nav = nav[:nav.index("</nav>")]
    assert 'href="/ar/campaigns/collection/"' in nav and 'href="/ar/campaigns/calendar/"' in nav


# Query counts ------------------------------------------------------------------------------------
def _grow_comments(case, people, secretariat, to, built):
    for i in range(built, to):
        author = people[i % len(people)]
        question = interaction.comment_add(campaign=case, author=author, body=f"سؤال صقر falcon question {i} https://dubai.ae/{i}")
        interaction.comment_answer(comment=question, author=secretariat, body=f"جواب صقر falcon answer {i}")
        if i % 3 == 0:
            interaction.comment_hide(comment=question, acting_user=secretariat)
        interaction.useful_mark(campaign=case, user=author)
        interaction.case_save(campaign=case, user=author)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewer", ["other_director", "secretariat", "director"])
def test_case_page_with_comments_costs_the_same_at_0_n_and_10n(case, users, login_as, language, viewer):
    """The comments, their answers and authors are one query whatever their number; the viewer's mark
    and saved state none (annotated on the case). The page's total is pinned in test_query_counts.py,
    where the other parts of the page are counted too."""
    people = [make_user(f"asker{i}@test.gcn.ae", Role.TEAM, Entity.objects.create(name_ar=f"جهة سائلة {i}", name_en=f"Asker {i}"))
              for i in range(4)]
    client = login_as(users[viewer])
    url = f"/{language}/campaigns/{case.pk}/"
    client.get(url)
    totals, comment_queries, shown = [], [], []
    built = 0
    for size in (0, 2, 20):
        _grow_comments(case, people, users["secretariat"], size, built)
        built = size
        # New notifications (to the entity, of the questions) drop the header's cached unread count:
        # one request counts it again, as the first page after any notification does.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        totals.append(len(queries))
        comment_queries.append(sum('FROM "campaigns_comment"' in query["sql"] for query in queries.captured_queries))
        shown.append(response.content.decode().count("falcon question"))
    assert totals[0] == totals[1] == totals[2]
    assert comment_queries == [1, 1, 1]
    assert tuple(shown) == ((0, 2, 20) if viewer == "secretariat" else (0, 1, 13))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_collection_page_costs_the_same_at_n_and_10n(entity, other_director, login_as, django_assert_num_queries, language):
    client = login_as(other_director)
    url = f"/{language}/campaigns/collection/"
    client.get(url)
    built = 0
    for size in (2, 20):
        for i in range(built, size):
            interaction.case_save(campaign=make_campaign(entity, title_en=f"Saved falcon {i}", title_ar=f"صقر محفوظ {i}"), user=other_director)
        built = size
        # session user, the saved cases with their case and entity
        with django_assert_num_queries(2):
            response = client.get(url)
        assert len(response.context["saved"]) == size
        assert response.content.decode().count('name="back" value="collection"') == size


def test_the_collection_escapes_titles(entity, other_director, login_as):
    title = '<script>alert(1)</script>'
    interaction.case_save(campaign=make_campaign(entity, title_en=title, title_ar=title), user=other_director)
    page = login_as(other_director).get("/en/campaigns/collection/").content.decode()
    assert escape(title) in page and title not in page
