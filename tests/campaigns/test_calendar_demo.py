"""The calendar's demo data: national occasions of 2026 and 2027 with their dates, strategic messages
linked from demo campaigns, and "Dubai Can" presented at the first network meeting of 2022."""
from datetime import date

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Occasion, StrategicMessage

pytestmark = pytest.mark.django_db


def test_demo_occasions_messages_and_the_presented_campaign(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    national_days = Occasion.objects.filter(name_en="UAE National Day (Eid Al Etihad)")
    assert sorted(national_days.values_list("starts_on", "ends_on")) == [
        (date(2026, 12, 2), date(2026, 12, 3)), (date(2027, 12, 2), date(2027, 12, 3)),
    ]
    assert set(Occasion.objects.filter(name_en="Commemoration Day").values_list("starts_on", flat=True)) == {date(2026, 11, 30), date(2027, 11, 30)}
    assert Occasion.objects.filter(name_en__startswith="Ramadan").count() == 2
    assert all(occasion.name_ar and occasion.theme_id for occasion in Occasion.objects.all())
    assert StrategicMessage.objects.count() == 5 and all(message.body_ar and message.body_en for message in StrategicMessage.objects.all())
    dubai_can = Campaign.objects.get(title_en="Dubai Can")
    assert [message.title_en for message in dubai_can.messages.all()] == ["Sustainability is everyone's responsibility"]
    item = dubai_can.agenda_items.select_related("meeting").get()
    assert "Dubai Can" in item.title_en and item.meeting.starts_at.year == 2022
    counts = (Occasion.objects.count(), StrategicMessage.objects.count())
    call_command("seed_demo")
    assert (Occasion.objects.count(), StrategicMessage.objects.count()) == counts
