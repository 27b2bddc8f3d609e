"""The secretariat's check-in list: grouped by entity, counts, a toggle per person that works as a
plain form and as JSON for the page's script, and walk-ins found by name."""
import pytest

from meetings.models import Attendance, Invitee, Meeting, Rsvp
from members.models import Role
from portal.models import AuditEntry
from tests.conftest import make_user
from tests.meetings.page_data import check_in, invite, make_meeting, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(director, team_member, other_director, entity, other_entity, guest):
    meeting = make_meeting("Today", 0, invite_all_members=False, kind=Meeting.Kind.WORKSHOP, guests=[guest])
    invite(meeting, people=[other_director], entities=[entity])
    reply(meeting, director)
    reply(meeting, team_member, Rsvp.Response.NOT_ATTENDING)
    return meeting


def groups_of(response):
    return [
        (group.entity.name_en if group.entity else None, [(line.person.email, line.invited, bool(line.attendance)) for line in group.lines])
        for group in response.context["groups"]
    ]


def test_list_groups_invitees_by_entity_with_counts(login_as, secretariat, workshop, director, other_director):
    check_in(workshop, other_director, secretariat)
    response = login_as(secretariat).get(f"/en/meetings/{workshop.pk}/check-in/")
    assert groups_of(response) == [
        ("Department of Economy and Tourism", [("director@test.gcn.ae", True, False), ("team@test.gcn.ae", True, False)]),
        ("Dubai Municipality", [("director2@test.gcn.ae", True, True)]),
        (None, [("guest@test.gcn.ae", True, False)]),
    ]
    assert response.context["counts"] == {"listed": 4, "attending": 1, "checked_in": 1}
    body = response.content.decode()
    assert 'data-check-in-filter' in body and "js/check-in.js" in body
    assert body.count('aria-pressed="true"') == 1 and body.count('aria-pressed="false"') == 3


def test_toggle_without_javascript_redirects_back_to_the_person(login_as, secretariat, workshop, director):
    client = login_as(secretariat)
    url = f"/en/meetings/{workshop.pk}/check-in/"
    response = client.post(url, {"person": director.pk, "action": "check_in", "entity": 999})
    assert (response.status_code, response["Location"]) == (302, f"{url}#person-{director.pk}")
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.entity, attendance.checked_in_by) == (director, director.entity, secretariat)
    client.post(url, {"person": director.pk, "action": "undo"})
    assert not Attendance.objects.exists()


def test_toggle_with_javascript_answers_json(login_as, secretariat, workshop, director):
    client = login_as(secretariat)
    url = f"/en/meetings/{workshop.pk}/check-in/"
    answer = client.post(url, {"person": director.pk, "action": "check_in"}, headers={"accept": "application/json"})
    assert answer.json() == {"ok": True, "checked_in": True, "message": "", "attended": 1}
    answer = client.post(url, {"person": director.pk, "action": "undo"}, headers={"accept": "application/json"})
    assert answer.json() == {"ok": True, "checked_in": False, "message": "", "attended": 0}


def test_refused_check_in_is_a_message_not_a_500(login_as, secretariat, director):
    later = make_meeting("Next week", 7)
    client = login_as(secretariat)
    answer = client.post(f"/en/meetings/{later.pk}/check-in/", {"person": director.pk}, headers={"accept": "application/json"})
    assert answer.status_code == 400 and answer.json()["message"] == "Attendance can be recorded from the day of the meeting."
    response = client.post(f"/en/meetings/{later.pk}/check-in/", {"person": "abc"}, follow=True)
    assert "Choose a person to check in." in response.content.decode()
    assert not Attendance.objects.exists()


def test_walk_in_found_by_name_and_checked_in(login_as, secretariat, director, team_member):
    meeting = make_meeting("Network meeting today", 0)  # every member is invited
    client = login_as(secretariat)
    response = client.get(f"/en/meetings/{meeting.pk}/check-in/", {"walk_in": "نورة"})
    assert [person.email for person in response.context["walk_ins"]] == ["team@test.gcn.ae"]
    client.post(f"/en/meetings/{meeting.pk}/check-in/", {"person": team_member.pk, "action": "check_in"})
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [team_member.pk]
    listed = client.get(f"/en/meetings/{meeting.pk}/check-in/").context["groups"]
    assert [line.person for group in listed for line in group.lines] == [team_member]


def test_walk_in_to_a_meeting_for_chosen_people_is_checked_in_and_counted_as_invited(login_as, secretariat, workshop, other_entity):
    walk_in = make_user("walkin@test.gcn.ae", Role.TEAM, other_entity, name_ar="سالم الكتبي", name_en="Salem Al Ketbi")
    client = login_as(secretariat)
    url = f"/en/meetings/{workshop.pk}/check-in/"
    assert [person for person in client.get(url, {"walk_in": "سالم"}).context["walk_ins"]] == [walk_in]
    answer = client.post(url, {"person": walk_in.pk, "action": "check_in"}, headers={"accept": "application/json"})
    assert answer.json() == {"ok": True, "checked_in": True, "message": "", "attended": 1}
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.entity, attendance.checked_in_by) == (walk_in, other_entity, secretariat)
    assert list(Invitee.objects.filter(person=walk_in).values_list("meeting", flat=True)) == [workshop.pk]
    entry = AuditEntry.objects.get(target_type="meetings.meeting", target_id=str(workshop.pk))
    assert (entry.actor, entry.details) == (secretariat, {"fields": ["invitees"], "walk_in": walk_in.pk})
    # The report counts the walk-in as invited and as attended.
    lines = {line.person: line for group in client.get(f"/en/meetings/{workshop.pk}/report/").context["groups"] for line in group.lines}
    assert (lines[walk_in].invited, lines[walk_in].attendance is not None) == (True, True)


def test_members_may_not_check_in(login_as, director, workshop):
    client = login_as(director)
    assert client.get(f"/en/meetings/{workshop.pk}/check-in/").status_code == 403
    assert client.post(f"/en/meetings/{workshop.pk}/check-in/", {"person": director.pk}).status_code == 403
    assert not Attendance.objects.exists()
