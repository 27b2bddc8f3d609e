"""WCAG 2.1 AA on the main pages, in Arabic and English, checked by axe-core in real Chromium."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from members.models import NetworkSeat
from members.services import seat_assign
from tests.browser.test_login_and_language import sign_in
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
