"""Meetings list and page: members see all, a guest only the meetings they are invited to."""
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def make_meeting(title, days, host=None, guests=()):
    start = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(title_ar=f"اجتماع {title}", title_en=title, starts_at=start, ends_at=start + timedelta(hours=2), host=host)
    meeting.guests.set(guests)
    return meeting


def test_members_see_upcoming_and_past_meetings(login_as, director, entity):
    make_meeting("Next week", 7, entity)
    make_meeting("Last year", -300, entity)
    response = login_as(director).get("/en/meetings/")
    assert [m.title_en for m in response.context["upcoming"]] == ["Next week"]
    assert [m.title_en for m in response.context["past"]] == ["Last year"]


def test_guest_sees_only_the_meeting_they_are_invited_to(login_as, guest):
    invited = make_meeting("Invited", 3, guests=[guest])
    other = make_meeting("Not invited", 4)
    client = login_as(guest)
    assert [m.title_en for m in client.get("/en/meetings/").context["upcoming"]] == ["Invited"]
    assert client.get(f"/en/meetings/{invited.pk}/").status_code == 200
    assert client.get(f"/en/meetings/{other.pk}/").status_code == 404


def test_meeting_page_shows_time_in_dubai_in_the_page_language(login_as, director, entity):
    start = datetime(2026, 12, 6, 6, 0, tzinfo=dt_timezone.utc)  # 10:00 in Dubai
    meeting = Meeting.objects.create(title_ar="جلسة معرفية", title_en="Knowledge session", starts_at=start, ends_at=start + timedelta(hours=2), host=entity)
    arabic = login_as(director).get(f"/ar/meetings/{meeting.pk}/").content.decode()
    english = login_as(director).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "6 ديسمبر 2026، 10:00" in arabic and "جلسة معرفية" in arabic
    assert "6 December 2026, 10:00" in english and "Knowledge session" in english
