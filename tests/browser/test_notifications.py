"""A director opens the notification centre from the header, opens a notification, lands on the
meeting it is about, and the notification is read: the header's count goes down."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.browser.test_login_and_language import sign_in

pytestmark = pytest.mark.browser


def make_meeting(title_ar, title_en, days):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(title_ar=title_ar, title_en=title_en, starts_at=start, ends_at=start + timedelta(hours=2))


def test_director_opens_a_notification_from_the_header_and_it_is_marked_read(page, director):
    forum = make_meeting("ملتقى الاتصال الحكومي", "Government Communication Forum", 4)
    workshop = make_meeting("ورشة الإعلام الرقمي", "Digital media workshop", 9)
    notify([director], "meetings.new", forum)
    [opened] = notify([director], "meetings.new", workshop)

    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    bell = page.locator("#notifications-bell")
    expect(page.locator("#unread-count")).to_have_text("2")

    bell.click()
    expect(page).to_have_url(re.compile(r"/ar/notifications/$"))
    expect(page.locator("h1")).to_have_text("الإشعارات")
    items = page.locator("#notifications .notification-open")
    expect(items).to_have_count(2)
    # Newest first, in Arabic.
    expect(items.first).to_contain_text("ورشة الإعلام الرقمي")

    items.first.click()

    expect(page).to_have_url(re.compile(rf"/ar/meetings/{workshop.pk}/$"))
    expect(page.locator("h1")).to_contain_text("ورشة الإعلام الرقمي")
    expect(page.locator("#unread-count")).to_have_text("1")
    opened.refresh_from_db()
    assert opened.read_at is not None
    assert Notification.objects.filter(recipient=director, read_at__isnull=True).count() == 1

    page.locator("#notifications-bell").click()
    page.locator("#notification-filter a").nth(1).click()  # Unread
    expect(page.locator("#notifications .notification-open")).to_have_count(1)
    expect(page.locator("#notifications .notification-open")).to_contain_text("ملتقى الاتصال الحكومي")
