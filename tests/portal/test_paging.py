"""portal.paging: the portals' "previous / next" pages without a COUNT, and the lists that use it
(the campaigns showcase, strategic messages, meetings)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import StrategicMessage
from portal.models import AuditEntry
from portal.paging import page_of

pytestmark = pytest.mark.django_db


def rows(count):
    for number in range(count):
        AuditEntry.objects.create(action="created", actor_label=f"row {number}")
    return AuditEntry.objects.order_by("pk")


def labels(page):
    return [entry.actor_label for entry in page["items"]]


def test_a_page_holds_its_rows_and_knows_whether_others_follow(django_assert_num_queries):
    queryset = rows(5)
    with django_assert_num_queries(1):
        first = page_of(queryset, "1", 2)
    assert (labels(first), first["number"], first["has_previous"], first["has_next"]) == (["row 0", "row 1"], 1, False, True)
    last = page_of(queryset, 3, 2)
    assert (labels(last), last["number"], last["has_previous"], last["has_next"]) == (["row 4"], 3, True, False)
    exact = page_of(queryset, 1, 5)
    assert (len(exact["items"]), exact["has_next"]) == (5, False)
    assert page_of(queryset, 9, 2) == {"items": [], "number": 9, "has_next": False, "has_previous": True}


@pytest.mark.parametrize("number", [None, "", "abc", "-1", "0", "2.5", -7])
def test_anything_but_a_page_number_is_the_first_page(number):
    page = page_of(rows(3), number, 2)
    assert (labels(page), page["number"], page["has_previous"]) == (["row 0", "row 1"], 1, False)


def test_the_messages_list_pages_current_messages_before_past_ones(login_as, director, settings):
    from campaigns import views_messages

    today = timezone.localdate()
    for number in range(views_messages.PAGE_SIZE + 1):
        StrategicMessage.objects.create(
            title_ar=f"رسالة {number}", title_en=f"Message {number}", body_ar="نص", valid_from=today - timedelta(days=number or 60),
            valid_until=today - timedelta(days=1) if number == 0 else None,  # the newest row, but expired
        )
    client = login_as(director)
    first = client.get("/en/campaigns/messages/")
    assert [m.title_en for m in first.context["current"]] == [f"Message {n}" for n in range(1, views_messages.PAGE_SIZE + 1)]
    assert first.context["past"] == [] and first.context["pager"]["has_next"] and not first.context["pager"]["has_previous"]
    second = client.get("/en/campaigns/messages/", {"page": "2"})
    assert second.context["current"] == [] and [m.title_en for m in second.context["past"]] == ["Message 0"]
    assert (second.context["pager"]["number"], second.context["pager"]["has_previous"], second.context["pager"]["has_next"]) == (2, True, False)
    assert "page=1" in second.content.decode()
