"""Al Multaqa end to end, in Arabic, in real Chromium: a team member writes a draft case with a
cover picture and one KPI and submits it; the secretariat publishes it from the case's admin page;
a director of another entity finds it in the showcase, marks it useful and asks a question, which
the entity is told of."""
import re

import pytest
from playwright.sync_api import expect

from campaigns import notifications
from campaigns.models import Campaign, Comment, Kpi, UsefulMark
from portal.notifications.models import Notification
from tests.browser.test_login_and_language import SUBMIT, sign_in
from tests.campaigns.factories import jpeg_with_gps
from tests.conftest import run_queued_tasks, totp_now

pytestmark = pytest.mark.browser

TITLE = "حملة الماء للجميع"
QUESTION = "كيف اخترتم مواقع المحطات؟ التفاصيل في https://example.ae/stations"


def test_draft_in_arabic_published_by_the_secretariat_then_marked_useful_and_questioned(
    page, team_member, director, secretariat, other_director,
):
    # 1. The team member writes the draft, with a cover picture and one KPI, and submits it.
    sign_in(page, team_member.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto("/ar/campaigns/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_title_ar", TITLE)
    page.fill("#id_summary_ar", "حملة لتشجيع السكان على الشرب من محطات المياه المجانية.")
    page.fill("#id_objectives_ar", "خفض استهلاك القوارير البلاستيكية.")
    page.fill("#id_starts_on", "2026-03-01")
    cover = jpeg_with_gps()
    page.set_input_files("#id_cover", {"name": "غلاف الحملة.jpg", "mimeType": "image/jpeg", "buffer": cover.read()})
    page.fill("#id_kpis-0-metric_ar", "الوصول")
    page.fill("#id_kpis-0-target", "1000")
    page.fill("#id_kpis-0-achieved", "1500")
    page.click("#campaign-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/ar/campaigns/\d+/$"))
    campaign = Campaign.objects.get(title_ar=TITLE)
    assert (campaign.owner_id, campaign.state) == (team_member.entity_id, "draft")
    assert list(Kpi.objects.filter(campaign=campaign).values_list("metric_ar", "target", "achieved")) == [("الوصول", 1000, 1500)]
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("#kpi-table")).to_contain_text("الوصول")
    page.click("#submit-campaign")
    expect(page.locator("#in-review")).to_be_visible()
    assert Campaign.objects.get(pk=campaign.pk).state == "in_review"

    # 2. The secretariat publishes it from the case's page in admin.
    page.context.clear_cookies()
    sign_in(page, secretariat.email)
    expect(page).to_have_url(re.compile(r"/ar/accounts/2fa/authenticate/$"))
    page.fill("#id_code", totp_now())
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto(f"/ar/admin/campaigns/campaign/{campaign.pk}/change/")
    page.click("#campaign-review input[name=_publish]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert Campaign.objects.get(pk=campaign.pk).state == "published"
    # The cover's renditions: made by the background worker (here, the queue run now).
    run_queued_tasks()

    # 3. A director of another entity finds it in the showcase, marks it useful and asks a question.
    page.context.clear_cookies()
    sign_in(page, other_director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto("/ar/campaigns/")
    card = page.locator("#campaign-grid article", has_text=TITLE)
    expect(card).to_be_visible()
    card.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/ar/campaigns/{campaign.pk}/$"))
    expect(page.locator("h1")).to_contain_text(TITLE)
    if Campaign.objects.get(pk=campaign.pk).cover:
        hero = page.locator("img.campaign-hero")
        expect(hero).to_be_visible()
        assert hero.evaluate("image => image.complete && image.naturalWidth > 0")

    toggle = page.locator("#useful-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page).to_have_url(re.compile(rf"/ar/campaigns/{campaign.pk}/#interaction$"))
    expect(page.locator("#useful-toggle")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#useful-count bdi")).to_have_text("1")
    assert UsefulMark.objects.filter(campaign=campaign, user=other_director).count() == 1
    assert Campaign.objects.get(pk=campaign.pk).useful_count == 1

    page.fill("#comment-form textarea[name=body]", QUESTION)
    page.click("#comment-submit")
    comment = Comment.objects.get(campaign=campaign)
    expect(page).to_have_url(re.compile(rf"/ar/campaigns/{campaign.pk}/#comment-{comment.pk}$"))
    body = page.locator(f"#comment-{comment.pk} .comment-body")
    expect(body).to_contain_text("كيف اخترتم مواقع المحطات؟")
    expect(body).to_have_attribute("dir", "auto")
    link = body.get_by_role("link", name="https://example.ae/stations")
    expect(link).to_have_attribute("rel", "nofollow noopener")
    assert (comment.author, comment.parent, comment.hidden) == (other_director, None, False)
    # The entity's director and team member are told; the author is not.
    told = set(Notification.objects.filter(kind=notifications.QUESTION).values_list("recipient__email", flat=True))
    assert told == {team_member.email, director.email}


@pytest.fixture
def context_options():
    # The portal's CSP rightly refuses injected scripts; axe is the one script the accessibility test adds.
    return {"bypass_csp": True}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_case_interaction_and_collection_meet_wcag_aa(page, entity, director, other_director, secretariat, language):
    """axe-core on a case with a question, an answer and a hidden comment (the member's view and the
    secretariat's greyed one), its toggles pressed, and the collection page."""
    from campaigns import interaction
    from tests.browser.test_accessibility import check
    from tests.campaigns.factories import make_campaign

    case = make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")
    question = interaction.comment_add(campaign=case, author=other_director, body="كيف اخترتم المواقع؟ https://example.ae/map")
    interaction.comment_answer(comment=question, author=director, body="By footfall data.")
    hidden = interaction.comment_add(campaign=case, author=other_director, body="Off topic")
    interaction.comment_hide(comment=hidden, acting_user=secretariat)
    interaction.useful_mark(campaign=case, user=other_director)
    interaction.case_save(campaign=case, user=other_director)

    sign_in(page, other_director.email, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [f"/{language}/campaigns/{case.pk}/", f"/{language}/campaigns/collection/"])
    expect(page.locator("#collection-grid article")).to_have_count(1)

    page.context.clear_cookies()
    sign_in(page, secretariat.email, language=language)
    page.fill("#id_code", totp_now())
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [f"/{language}/campaigns/{case.pk}/"])
    expect(page.locator(f"#comment-{hidden.pk}.comment-hidden")).to_be_visible()
