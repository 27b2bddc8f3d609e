"""Questions, comments and answers on published cases, hiding them, the entity and the question's
author told (campaigns/interaction.py): who may do what, the rules agreeing with
Comment.objects.visible_to, the audit trail, and comment text kept inert in pages, e-mails and admin."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import translation
from django.utils.html import escape

from campaigns import interaction, notifications
from campaigns.models import Campaign, Comment
from portal.models import AuditEntry
from portal.notifications.models import Notification, Recipient
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The services' refusals are read in English here (the Arabic ones are checked on the pages).
    with translation.override("en"):
        yield

ROLES = ["secretariat", "director", "team", "other_director", "guest"]
INJECTION = '<script>alert("x")</script> "><img src=x onerror=alert(1)>'


@pytest.fixture
def case(entity):
    return make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# Who may comment, answer and hide ----------------------------------------------------------------
def test_any_member_comments_on_a_published_case_and_the_entity_is_told(case, other_director, director, team_member, deliver):
    with deliver():
        comment = interaction.comment_add(campaign=case, author=other_director, body="  كيف قستم تغير السلوك؟  ")
    comment.refresh_from_db()
    assert (comment.body, comment.author, comment.author_entity_id, comment.parent, comment.hidden) == (
        "كيف قستم تغير السلوك؟", other_director, other_director.entity_id, None, False,
    )
    assert told(notifications.QUESTION) == ["director@test.gcn.ae", "team@test.gcn.ae"]
    assert sorted(message.to[0] for message in mail.outbox) == ["director@test.gcn.ae", "team@test.gcn.ae"]
    entry = AuditEntry.objects.get(action="created", target_type="campaigns.comment")
    assert (entry.actor, entry.target_id, entry.details["campaign"]) == (other_director, str(comment.pk), case.pk)


def test_a_question_from_the_entity_itself_tells_its_colleagues_not_the_author(case, director, team_member, deliver):
    with deliver():
        interaction.comment_add(campaign=case, author=director, body="A note for the team")
    assert told(notifications.QUESTION) == ["team@test.gcn.ae"]


def test_drafts_accept_no_comments_and_guests_none_at_all(entity, director, secretariat, guest, case):
    draft = make_campaign(entity, state="draft")
    for author in (director, secretariat):
        with pytest.raises(ValidationError) as refusal:
            interaction.comment_add(campaign=draft, author=author, body="Too early")
        assert refusal.value.messages == ["Only published cases accept questions and comments."]
    with pytest.raises(PermissionDenied):
        interaction.comment_add(campaign=case, author=guest, body="Hello")
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("body", "message"), [
    ("   \n ", "Write your question or comment first."),
    ("x" * 4001, "A comment can be at most 4000 characters long (this one has 4001)."),
])
def test_empty_and_over_long_comments_are_refused_with_nothing_stored(case, other_director, body, message):
    with pytest.raises(ValidationError) as refusal:
        interaction.comment_add(campaign=case, author=other_director, body=body)
    assert refusal.value.messages == [message]
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_a_comment_of_exactly_4000_characters_is_kept_whole(case, other_director):
    comment = interaction.comment_add(campaign=case, author=other_director, body="ب" * 4000)
    assert len(Comment.objects.get(pk=comment.pk).body) == 4000


def test_the_entity_and_the_secretariat_answer_and_the_question_author_is_told(case, other_director, director, team_member, secretariat, deliver):
    question = interaction.comment_add(campaign=case, author=other_director, body="What did the stations cost?")
    Recipient.objects.create(user=other_director, language="en")
    with deliver():
        answer = interaction.comment_answer(comment=question, author=team_member, body="About 2 million dirhams.")
        interaction.comment_answer(comment=question, author=secretariat, body="See the case study.")
    assert (answer.parent, answer.campaign, answer.author_entity_id) == (question, case, case.owner_id)
    assert told(notifications.ANSWER) == ["director2@test.gcn.ae", "director2@test.gcn.ae"]
    # In the reader's language (English here), with the answer's words.
    first = [message for message in mail.outbox if message.to == ["director2@test.gcn.ae"]][0]
    assert first.subject.endswith("Your question on a campaign case was answered: Dubai Can")
    assert "About 2 million dirhams." in first.body
    with translation.override("en"):
        notification = Notification.objects.filter(kind=notifications.ANSWER).order_by("pk").first()
        assert notification.title == "Your question on a campaign case was answered: Dubai Can"
        assert notification.body == "Maryam Al Hashimi wrote: See the case study." or notification.body.endswith("About 2 million dirhams.")


def test_others_may_not_answer_and_an_answer_is_not_answered(case, other_director, director, secretariat, guest):
    question = interaction.comment_add(campaign=case, author=director, body="Ask us anything")
    with pytest.raises(PermissionDenied):
        interaction.comment_answer(comment=question, author=other_director, body="I am not the entity")
    answer = interaction.comment_answer(comment=question, author=secretariat, body="Thanks")
    with pytest.raises(ValidationError) as refusal:
        interaction.comment_answer(comment=answer, author=director, body="A reply to the reply")
    assert refusal.value.messages == ["An answer cannot be answered: answer the question it belongs to."]
    with pytest.raises(PermissionDenied):
        interaction.comment_answer(comment=question, author=guest, body="x")
    assert list(Comment.objects.values_list("body", flat=True)) == ["Ask us anything", "Thanks"]


def test_the_secretariat_hides_and_shows_a_comment_audited(case, other_director, director, secretariat):
    question = interaction.comment_add(campaign=case, author=other_director, body="Off topic")
    answer = interaction.comment_answer(comment=question, author=director, body="An answer")
    with pytest.raises(PermissionDenied):
        interaction.comment_hide(comment=question, acting_user=director)
    interaction.comment_hide(comment=question, acting_user=secretariat)
    interaction.comment_hide(comment=question, acting_user=secretariat)  # again: nothing more
    question.refresh_from_db()
    assert (question.hidden, question.hidden_by) == (True, secretariat) and question.hidden_at is not None
    # Hidden for members, with its answers; the secretariat still reads the thread.
    assert interaction.threads(case, other_director) == []
    assert interaction.threads(case, director) == []
    assert interaction.threads(case, secretariat) == [(question, [answer])]
    # The entity no longer sees it; the secretariat sees it but shows it again before answering.
    with pytest.raises(PermissionDenied):
        interaction.comment_answer(comment=question, author=director, body="Still there?")
    with pytest.raises(ValidationError) as refusal:
        interaction.comment_answer(comment=question, author=secretariat, body="Still there?")
    assert refusal.value.messages == ["This comment is hidden: show it again before answering it."]
    interaction.comment_unhide(comment=question, acting_user=secretariat)
    assert [(q.pk, [a.pk for a in answers]) for q, answers in interaction.threads(case, other_director)] == [(question.pk, [answer.pk])]
    changes = AuditEntry.objects.filter(action="updated", target_type="campaigns.comment").order_by("pk")
    assert [entry.details["hidden"] for entry in changes] == [{"old": False, "new": True}, {"old": True, "new": False}]
    assert {entry.actor for entry in changes} == {secretariat}


# The rules agree with Comment.objects.visible_to ------------------------------------------------
def test_view_comment_rule_agrees_with_the_queryset_for_every_role(users, entity, other_entity, director, other_director, secretariat):
    published = make_campaign(entity, title_en="Published")
    other_published = make_campaign(other_entity, title_en="Other published")
    shown = interaction.comment_add(campaign=published, author=other_director, body="shown")
    hidden = interaction.comment_add(campaign=published, author=director, body="hidden")
    interaction.comment_hide(comment=hidden, acting_user=secretariat)
    elsewhere = interaction.comment_add(campaign=other_published, author=director, body="elsewhere")
    # Comments left from when the cases were published: one case back in review, one of the other entity.
    Campaign.objects.filter(pk=other_published.pk).update(state="in_review")
    own_unpublished = make_campaign(entity, state="published", title_en="Own, later in review")
    on_own_unpublished = interaction.comment_add(campaign=own_unpublished, author=other_director, body="before review")
    Campaign.objects.filter(pk=own_unpublished.pk).update(state="in_review")
    everything = [shown, hidden, elsewhere, on_own_unpublished]
    expected = {
        "secretariat": {"shown", "hidden", "elsewhere", "before review"},
        "director": {"shown", "before review"},
        "team": {"shown", "before review"},
        "other_director": {"shown", "elsewhere"},
        "guest": set(),
    }
    for role in ROLES:
        user = users[role]
        visible = set(Comment.objects.visible_to(user).values_list("body", flat=True))
        assert visible == expected[role], role
        for comment in Comment.objects.select_related("campaign").filter(pk__in=[c.pk for c in everything]):
            assert user.has_perm("campaigns.view_comment", comment) == (comment.body in visible), (role, comment.body)
    assert not Comment.objects.visible_to(AnonymousUser()).exists()
    assert not AnonymousUser().has_perm("campaigns.view_comment", shown)
    # A deactivated account's open session sees nothing.
    director.is_active = False
    assert not Comment.objects.visible_to(director).exists()
    assert not director.has_perm("campaigns.view_comment", shown)


def test_who_may_comment_answer_hide_mark_and_save(users, entity, case):
    draft = make_campaign(entity, state="draft")

    def allowed(perm, obj=None):
        return sorted(role for role in ROLES if users[role].has_perm(perm, obj))

    assert allowed("campaigns.comment_campaign", case) == ["director", "other_director", "secretariat", "team"]
    assert allowed("campaigns.comment_campaign", draft) == []
    assert allowed("campaigns.answer_comments", case) == ["director", "secretariat", "team"]
    assert allowed("campaigns.answer_comments", draft) == []
    assert allowed("campaigns.hide_comments") == ["secretariat"]
    # A case's own entity does not vote for it.
    assert allowed("campaigns.mark_useful", case) == ["other_director", "secretariat"]
    assert allowed("campaigns.save_campaign", case) == ["director", "other_director", "secretariat", "team"]
    assert allowed("campaigns.save_campaign", draft) == []


# Showing comment text ----------------------------------------------------------------------------
def test_comment_text_is_escaped_with_http_links_and_line_breaks():
    html = interaction.comment_html(
        'See https://example.ae/report?a=1&b=2. And (https://dubai.ae/x_(y)).\n'
        'javascript:alert(1) ftp://files.example <b>bold</b> "https://q.ae/\u202e"\nhttp://x'
    )
    assert html == (
        'See <a href="https://example.ae/report?a=1&amp;b=2" rel="nofollow noopener" dir="ltr">https://example.ae/report?a=1&amp;b=2</a>. '
        'And (<a href="https://dubai.ae/x_(y)" rel="nofollow noopener" dir="ltr">https://dubai.ae/x_(y)</a>).<br>'
        'javascript:alert(1) ftp://files.example &lt;b&gt;bold&lt;/b&gt; &quot;'
        '<a href="https://q.ae/\u202e" rel="nofollow noopener" dir="ltr">https://q.ae/\u202e</a>&quot;<br>'
        '<a href="http://x" rel="nofollow noopener" dir="ltr">http://x</a>'
    )


def test_an_attribute_breaking_link_stays_inside_its_quotes():
    html = interaction.comment_html('https://a.ae/"onmouseover="alert(1) https://b.ae/<script>')
    assert "onmouseover=\"" not in html and "<script>" not in html
    assert html.startswith('<a href="https://a.ae/" rel="nofollow noopener" dir="ltr">https://a.ae/</a>&quot;onmouseover=')


def test_injection_is_inert_on_the_page_in_notifications_e_mail_and_admin(case, other_director, director, secretariat, login_as, deliver):
    with deliver():
        comment = interaction.comment_add(campaign=case, author=other_director, body=INJECTION)
    page = login_as(director).get(f"/ar/campaigns/{case.pk}/").content.decode()
    assert escape(INJECTION) in page
    assert "<script>alert" not in page and "<img src=x" not in page
    html_parts = [html for message in mail.outbox for html, _mimetype in message.alternatives]
    assert len(html_parts) == 1  # the director's (the entity has no team in this test)
    for html in html_parts:
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<script>alert" not in html and "<img src=x" not in html
    centre = login_as(director).get("/en/notifications/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in centre
    assert "<script>alert" not in centre and "<img src=x" not in centre
    client = login_as(secretariat)
    for path in ("/ar/admin/campaigns/comment/", f"/ar/admin/campaigns/comment/{comment.pk}/change/"):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        assert "&lt;script&gt;alert" in body, path
        assert "<script>alert" not in body and "<img src=x" not in body, path


def test_secretariat_hides_from_admin_audited(case, other_director, secretariat, login_as):
    comment = interaction.comment_add(campaign=case, author=other_director, body="Hide me")
    client = login_as(secretariat)
    response = client.post("/ar/admin/campaigns/comment/", {"action": "hide", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_by) == (True, secretariat)
    client.post("/ar/admin/campaigns/comment/", {"action": "show", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.hidden is False
    assert AuditEntry.objects.filter(target_type="campaigns.comment", action="updated").count() == 2
    # Members' words are not edited or deleted in admin.
    assert client.post(f"/ar/admin/campaigns/comment/{comment.pk}/change/", {"body": "rewritten"}).status_code == 403
    assert client.post(f"/ar/admin/campaigns/comment/{comment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Comment.objects.get().body == "Hide me"


# Demo data ---------------------------------------------------------------------------------------
def test_demo_has_questions_answers_marks_and_collections_once(settings):
    import io

    from django.core.management import call_command

    from campaigns.models import SavedCase, UsefulMark
    from members.models import User

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    dubai_can = Campaign.objects.get(title_en="Dubai Can")
    questions = Comment.objects.filter(campaign=dubai_can, parent=None)
    assert questions.count() == 3 and questions.filter(hidden=True).count() == 1
    assert Comment.objects.filter(campaign__title_en="Single-use plastic bag policy", parent__isnull=False).count() == 1
    # Answers come from the case's entity or the secretariat; nobody marks their own entity's case.
    for answer in Comment.objects.filter(parent__isnull=False).select_related("author", "campaign"):
        assert answer.author_entity_id == answer.campaign.owner_id or answer.author.role == "secretariat"
    assert not UsefulMark.objects.filter(user__entity=F("campaign__owner")).exists()
    for campaign in Campaign.objects.all():
        assert campaign.useful_count == UsefulMark.objects.filter(campaign=campaign).count()
    assert Campaign.objects.filter(useful_count__gt=0).count() >= 10
    director = User.objects.get(email="director@demo.gcn.ae")
    assert sorted(SavedCase.objects.filter(user=director).values_list("campaign__title_en", flat=True)) == [
        "Dubai Fitness Challenge", "Single-use plastic bag policy", "Tarsheed: Every Drop Counts",
    ]
    counts = (Comment.objects.count(), UsefulMark.objects.count(), SavedCase.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Comment.objects.count(), UsefulMark.objects.count(), SavedCase.objects.count()) == counts
