"""The case page reads its case, comments, documents and team from SQL compiled once per process and
kind of viewer (portal.compiled). Each must give what the plain queryset gives, for every viewer,
with the viewers taking turns so that each shape's SQL is reused by the next viewer of its kind."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import timezone, translation

from campaigns import interaction
from campaigns import views as campaign_views
from campaigns.models import Campaign, Comment, SavedCase, UsefulMark
from members.models import Role
from portal.access import get_visible_or_404
from portal.documents.models import Document
from tests.campaigns.factories import add_kpi, make_campaign, make_theme
from tests.conftest import make_user
from tests.portal.test_compiled import loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(entity, other_entity, director, team_member, other_director, secretariat):
    published = make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")
    published.themes.add(make_theme())
    add_kpi(published)
    draft = make_campaign(entity, state=Campaign.State.DRAFT, title_ar="مسودة", title_en="Draft")
    others_draft = make_campaign(other_entity, state=Campaign.State.DRAFT, title_ar="مسودة أخرى", title_en="Other draft")
    # The director's marks only: each viewer must read their own.
    UsefulMark.objects.create(campaign=published, user=director)
    SavedCase.objects.create(campaign=published, user=director)
    question = Comment.objects.create(campaign=published, author=other_director, author_entity=other_director.entity, body="سؤال")
    Comment.objects.create(campaign=published, parent=question, author=director, author_entity=director.entity, body="جواب")
    Comment.objects.create(campaign=published, author=team_member, author_entity=team_member.entity, body="مخفي",
                           hidden=True, hidden_at=timezone.now())
    owner_type = ContentType.objects.get_for_model(Campaign)
    for case in (published, draft, others_draft):
        Document.objects.create(owner_type=owner_type, owner_id=case.pk, title=f"Study of {case.title_en}",
                                kind="case_study", uploaded_by=director if case.owner_id == director.entity_id else other_director)
    # Withdrawn: its uploader and the secretariat still see it, nobody else.
    Document.objects.create(owner_type=owner_type, owner_id=published.pk, title="Withdrawn study", kind="report",
                            uploaded_by=team_member, status=Document.Status.WITHDRAWN, withdrawn_at=timezone.now())
    make_user("second-team@test.gcn.ae", Role.TEAM, entity, name_ar="عضو ثان", name_en="Second member")
    return [published, draft, others_draft, Campaign(pk=others_draft.pk + 1000)]


def _plain_case(user, pk):
    queryset = Campaign.objects.select_related("owner").annotate(**interaction.viewer_annotations(user), **campaign_views._case_lists())
    return get_visible_or_404(queryset, user, pk=pk)


def _viewers(users):
    second_team = users["team"].__class__.objects.get(email="second-team@test.gcn.ae")
    return {**{name: user for name, user in users.items() if user is not None}, "second team": second_team}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_case_page_reads_what_the_plain_querysets_read_for_every_viewer(users, cases, language):
    viewers = _viewers(users)
    with translation.override(language):
        for _turn in range(2):
            for name, user in viewers.items():
                for case in cases:
                    try:
                        expected = _plain_case(user, case.pk)
                    except Http404:
                        with pytest.raises(Http404):
                            campaign_views._detail_case(user, case.pk)
                        continue
                    found = campaign_views._detail_case(user, case.pk)
                    assert loaded(found) == loaded(expected), (name, case.title_en)
                    assert [loaded(person) for person in campaign_views._team(found, user)] == [
                        loaded(person) for person in campaign_views._team_queryset(user, found.owner_id)
                    ], (name, case.title_en)
                    expected_documents = Document.objects.for_owners([case], visible_to=user).order_by("pk")
                    assert sorted(document.pk for document in campaign_views._documents(user, found)) == [
                        document.pk for document in expected_documents
                    ], (name, case.title_en)
                    expected_comments = Comment.objects.visible_to(user).filter(campaign=case).order_by("created_at", "pk")
                    assert [
                        comment.pk for question, answers in interaction.threads(found, user) for comment in [question, *answers]
                    ] == [comment.pk for comment in expected_comments], (name, case.title_en)


def test_each_viewer_reads_their_own_marks_and_withdrawn_uploads(users, cases):
    published = cases[0]
    viewers = _viewers(users)
    director = campaign_views._detail_case(viewers["director"], published.pk)
    team = campaign_views._detail_case(viewers["team"], published.pk)
    assert (director.viewer_marked_useful, director.viewer_saved) == (True, True)
    assert (team.viewer_marked_useful, team.viewer_saved) == (False, False)

    def titles(name):
        return sorted(document.title for document in campaign_views._documents(viewers[name], published))

    assert titles("team") == ["Study of Dubai Can", "Withdrawn study"]  # the uploader
    assert titles("secretariat") == ["Study of Dubai Can", "Withdrawn study"]
    assert titles("second team") == titles("director") == titles("other_director") == ["Study of Dubai Can"]
    # The hidden comment: for the secretariat only.
    assert len([c for q, answers in interaction.threads(published, viewers["secretariat"]) for c in [q, *answers]]) == 3
    assert len([c for q, answers in interaction.threads(published, viewers["team"]) for c in [q, *answers]]) == 2
    # Other entities' drafts: 404 for a director, not for the secretariat.
    with pytest.raises(Http404):
        campaign_views._detail_case(viewers["director"], cases[2].pk)
    assert campaign_views._detail_case(viewers["secretariat"], cases[2].pk).pk == cases[2].pk
    with pytest.raises(Http404):
        campaign_views._detail_case(viewers["guest"], published.pk)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_team_is_listed_in_the_page_language_with_links_and_job_titles(login_as, director, entity, language):
    case = make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")
    make_user("team-amp@test.gcn.ae", Role.TEAM, entity, name_ar="سلمى & فريق", name_en="Salma & Team")
    director.job_title_ar, director.job_title_en = "مدير الاتصال", "Director of Communication"
    director.save(update_fields=["job_title_ar", "job_title_en"])
    page = login_as(director).get(f"/{language}/campaigns/{case.pk}/").content.decode()
    team = page.split('id="campaign-team">', 1)[1].split("</ul>", 1)[0]
    name, job_title = (director.name_ar, "مدير الاتصال") if language == "ar" else (director.name_en, "Director of Communication")
    assert f'<a href="/{language}/members/people/{director.pk}/">{name}</a>' in team
    assert f'<span class="d-block small text-body-secondary">{job_title}</span>' in team
    assert ("سلمى &amp; فريق" if language == "ar" else "Salma &amp; Team") in team
    assert "& " not in team.replace("&amp;", "")
