"""WCAG 2.1 AA on the main pages, in Arabic and English, checked by axe-core in real Chromium."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from members.models import NetworkSeat
from members.services import seat_assign
from tests.browser.test_login_and_language import SUBMIT, sign_in
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def context_options():
    # The portal's CSP rightly refuses injected scripts; axe is the one script the test adds.
    return {"bypass_csp": True}


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{item['id']} ({item['impact']}): {item['help']} — {[node['target'] for node in item['nodes']][:5]}"
        for item in result["violations"]
    ]


def check(page, paths):
    """Every page of `paths` passes; the report lists all pages' problems at once."""
    report = {}
    for path in paths:
        page.goto(path)
        found = violations(page)
        if found:
            report[path] = found
    assert report == {}, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in report.items())


@pytest.mark.parametrize("language", ["ar", "en"])
def test_public_pages(page, language):
    check(page, [f"/{language}/", f"/{language}/accounts/login/", f"/{language}/accounts/password/reset/", f"/{language}/no-such-page/"])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_member_pages(page, director, entity, language):
    from datetime import timedelta

    from django.utils import timezone

    person = PersonFactory(entity=entity, name_ar="فاطمة الهاشمي", name_en="Fatima Al Hashimi")
    seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(title_ar="اجتماع الشبكة", title_en="Network meeting", starts_at=start,
                                     ends_at=start + timedelta(hours=2), host=entity)
    sign_in(page, director.email, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [
        f"/{language}/home/", f"/{language}/members/", f"/{language}/members/?view=table",
        f"/{language}/members/entities/", f"/{language}/members/entities/{entity.pk}/",
        f"/{language}/members/people/{person.pk}/", f"/{language}/members/people/{director.pk}/edit/",
        f"/{language}/members/entities/{entity.pk}/edit/", f"/{language}/members/invite/",
        f"/{language}/meetings/", f"/{language}/meetings/{meeting.pk}/", f"/{language}/search/?q=فاطمة",
        f"/{language}/campaigns/", f"/{language}/resources/", f"/{language}/studio/",
    ])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_meetings_pages(page, secretariat, director, team_member, other_director, entity, other_entity, language):
    """The meetings list, the month, a workshop's page with everything filled (agenda, documents,
    replies, attendance, decisions, minutes with comments, feedback) and the secretariat's check-in."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from meetings import services
    from portal.documents.services import document_upload
    from tests.conftest import totp_now
    from tests.meetings.page_data import action, add_agenda, check_in, invite, make_meeting, publish_minutes, reply
    from tests.portal.test_documents_support import pdf_bytes

    workshop = make_meeting("Using social media", 0, kind=Meeting.Kind.WORKSHOP, host=entity, invite_all_members=False,
                            capacity=2, title_ar="ورشة استخدام وسائل التواصل الاجتماعي", location_ar="دبي", location_en="Dubai",
                            online_url="https://meet.example/gcn", trainers_ar="مدرب", trainers_en="Trainer",
                            topics_ar="اختيار المنصات", topics_en="Choosing platforms", participants_count=22)
    Meeting.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - timedelta(minutes=30))
    workshop.refresh_from_db()
    invite(workshop, entities=[entity, other_entity])
    items = add_agenda(workshop, entity=entity, person=director)
    reply(workshop, director)
    reply(workshop, other_director)
    reply(workshop, team_member, "attending", wait_listed_at=timezone.now())
    check_in(workshop, director, secretariat)
    action(workshop, "قرار", kind="decision", owner_entity=entity)
    action(workshop, "إجراء", owner_entity=entity, owner_person=director, due_on=timezone.localdate())
    minutes = publish_minutes(workshop, secretariat)
    services.minutes_comment(minutes=minutes, author=team_member, text="ملاحظة")
    for owner, title in ((workshop, "Programme"), (items[1], "Slides")):
        document_upload(owner=owner, upload=SimpleUploadedFile(f"{title}.pdf", pdf_bytes(), "application/pdf"), title=title,
                        kind="presentation", language="ar", acting_user=secretariat)
    today = timezone.localdate()

    sign_in(page, director.email, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [
        f"/{language}/meetings/", f"/{language}/meetings/{today.year}/{today.month}/", f"/{language}/meetings/{workshop.pk}/",
    ])
    # The agenda reads 1, 2, 3: its items count up Bootstrap's "section" counter, which only the list
    # may reset (a counter-reset of its own on the list once made every item "1.").
    agenda = page.locator(".agenda-list")
    expect(agenda.locator("> li")).to_have_count(len(items))
    assert agenda.evaluate("list => getComputedStyle(list).counterReset") == "section 0"
    assert agenda.locator("> li").first.evaluate("item => getComputedStyle(item, '::before').counterIncrement") == "section 1"
    page.context.clear_cookies()
    sign_in(page, secretariat.email, language=language)
    page.fill("#id_code", totp_now())
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [
        f"/{language}/meetings/{workshop.pk}/", f"/{language}/meetings/{workshop.pk}/check-in/",
        f"/{language}/meetings/{workshop.pk}/check-in/?walk_in=a#walk-in", f"/{language}/meetings/{workshop.pk}/report/",
    ])
