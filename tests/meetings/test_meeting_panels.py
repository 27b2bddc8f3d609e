"""The home page's meetings panels (my next meetings with the replies owed, my open action items) and
the entity page's "presentations given": what each shows, and one query each at two data sizes."""
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from meetings import plugins
from meetings.models import ActionItem, AgendaItem, Invitee, Meeting, Rsvp

pytestmark = pytest.mark.django_db


def make_meeting(title_en, days=3, **extra):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(title_ar=f"اجتماع {title_en}", title_en=title_en, starts_at=start,
                                  ends_at=start + timedelta(hours=2), **extra)


def request_for(user):
    request = RequestFactory().get("/en/home/")
    request.user = user
    return request


def test_my_next_meetings_mark_the_replies_owed(login_as, director, other_director, guest):
    replied = make_meeting("Replied", days=2)
    owed = make_meeting("Owed", days=4)
    not_mine = make_meeting("Someone else's session", days=5, invite_all_members=False)
    Invitee.objects.create(meeting=not_mine, person=other_director)
    make_meeting("Long past", days=-30)
    Rsvp.objects.create(meeting=replied, person=director, response=Rsvp.Response.ATTENDING)

    html = login_as(director).get("/en/home/").content.decode()
    assert "My next meetings" in html and "1 invitation awaits your reply" in html
    assert "Replied" in html and "Owed" in html and "Someone else" not in html and "Long past" not in html
    assert html.count("Reply needed") == 1 and "Your reply: attending" in html

    guest_html = login_as(guest).get("/en/home/").content.decode()
    assert "You have no upcoming meetings." in guest_html and "My open action items" not in guest_html


def test_my_open_action_items_are_mine_and_my_entitys(login_as, director, team_member, other_director, entity, other_entity):
    meeting = make_meeting("Held", days=-10)
    ActionItem.objects.create(meeting=meeting, text_ar="بند الفريق", text_en="Team's item", owner_person=team_member,
                              due_on=timezone.localdate() - timedelta(days=1))
    ActionItem.objects.create(meeting=meeting, text_ar="بند الدائرة", text_en="Entity's item", owner_entity=entity,
                              due_on=timezone.localdate() + timedelta(days=9))
    ActionItem.objects.create(meeting=meeting, text_ar="بند آخر", text_en="Other entity's item", owner_entity=other_entity)
    ActionItem.objects.create(meeting=meeting, text_ar="منجز", text_en="Done item", owner_entity=entity, status=ActionItem.Status.DONE)
    ActionItem.objects.create(meeting=meeting, kind=ActionItem.Kind.DECISION, text_ar="قرار", text_en="A decision", owner_entity=entity)

    html = login_as(team_member).get("/en/home/").content.decode()
    assert "Team&#x27;s item" in html and "Entity&#x27;s item" in html and "Overdue since" in html
    assert "Other entity" not in html and "Done item" not in html and "A decision" not in html
    html = login_as(other_director).get("/en/home/").content.decode()
    assert "Other entity&#x27;s item" in html and "Team&#x27;s item" not in html


def test_presentations_given_by_the_entity_or_its_people(login_as, director, team_member, entity, other_entity):
    meeting = make_meeting("Forum", days=-5)
    AgendaItem.objects.create(meeting=meeting, title_ar="عرض الدائرة", title_en="The department's results", presenter_entity=entity)
    AgendaItem.objects.create(meeting=meeting, title_ar="عرض الفريق", title_en="A team member's talk", presenter_person=team_member)
    AgendaItem.objects.create(meeting=meeting, title_ar="عرض البلدية", title_en="The municipality's campaign", presenter_entity=other_entity)

    html = login_as(director).get(f"/en/members/entities/{entity.pk}/").content.decode()
    assert "Presentations given" in html
    assert "The department&#x27;s results" in html and "A team member&#x27;s talk" in html
    assert "municipality&#x27;s campaign" not in html


def _grow(director, entity, count):
    for index in range(count):
        meeting = make_meeting(f"Meeting {index}", days=index + 1)
        Rsvp.objects.create(meeting=meeting, person=director, response=Rsvp.Response.MAYBE)
        ActionItem.objects.create(meeting=meeting, text_ar=f"بند {index}", owner_entity=entity)
        AgendaItem.objects.create(meeting=meeting, title_ar=f"عرض {index}", presenter_entity=entity)


@pytest.mark.parametrize("size", [1, 12])
def test_each_panel_and_section_is_one_query_whatever_the_data(director, entity, size, django_assert_num_queries):
    _grow(director, entity, size)
    request = request_for(director)
    for render in (plugins.upcoming_panel, plugins.action_items_panel):
        with django_assert_num_queries(1):
            assert render(request)
    for render in (plugins.presentations_section, plugins.hosted_section):
        with django_assert_num_queries(1):
            assert render(request, entity)
