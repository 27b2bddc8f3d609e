"""WCAG 2.1 AA on the notification centre and the preferences page, in Arabic and English (axe-core
in real Chromium, as tests/browser/test_accessibility.py checks the other pages)."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from portal.notifications.services import notify
from tests.browser.test_accessibility import check
from tests.browser.test_login_and_language import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def context_options():
    # The portal's CSP rightly refuses injected scripts; axe is the one script the test adds.
    return {"bypass_csp": True}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_notification_pages(page, director, language):
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(title_ar="اجتماع الشبكة", title_en="Network meeting", starts_at=start, ends_at=start + timedelta(hours=2))
    notify([director], "meetings.new", meeting)
    notify([director], "meetings.cancelled", meeting)
    sign_in(page, director.email, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/home/$"))
    check(page, [f"/{language}/notifications/", f"/{language}/notifications/?filter=unread", f"/{language}/notifications/preferences/"])
