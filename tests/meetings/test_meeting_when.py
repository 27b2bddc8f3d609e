"""`{% meeting_when %}` writes a meeting's start and end once per process; it must write what the
meeting page's template wrote with Django's date filters, in each language and time zone."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from meetings.models import Meeting

TEMPLATE_BEFORE = Template(
    """<time datetime="{{ meeting.starts_at|date:'c' }}">{{ meeting.starts_at|date:"DATETIME_FORMAT" }}</time> – """
    """<time datetime="{{ meeting.ends_at|date:'c' }}">{% if meeting.ends_at|date:"Ymd" == meeting.starts_at|date:"Ymd" %}"""
    """{{ meeting.ends_at|time:"TIME_FORMAT" }}{% else %}{{ meeting.ends_at|date:"DATETIME_FORMAT" }}{% endif %}</time>"""
)
TAG = Template("{% load meeting_tags %}{% meeting_when meeting %}")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("time_zone", ["Asia/Dubai", "UTC"])
@pytest.mark.parametrize("starts_at, length", [
    (datetime(2022, 3, 14, 6, 0, tzinfo=UTC), timedelta(hours=2)),  # 10:00-12:00 in Dubai
    (datetime(2022, 3, 14, 18, 30, tzinfo=UTC), timedelta(hours=2)),  # ends after midnight in Dubai only
    (datetime(2026, 12, 1, 5, 0, tzinfo=UTC), timedelta(days=2)),  # a workshop over three days
])
def test_meeting_when_writes_what_the_date_filters_wrote(language, time_zone, starts_at, length):
    meeting = Meeting(starts_at=starts_at, ends_at=starts_at + length)
    with translation.override(language), timezone.override(time_zone):
        context = Context({"meeting": meeting})
        expected = TEMPLATE_BEFORE.render(context)
        assert TAG.render(context) == expected
        assert TAG.render(context) == expected  # and again, from what it remembered
