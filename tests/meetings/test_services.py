"""The meetings services: replies and the wait list (exact, and safe when two people reply at the
same moment), delegation, invitations, attendance, agenda, action items, minutes, feedback and
calendar feeds. A refused action is a translated error and stores nothing."""
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from meetings import services
from meetings.models import ActionItem, Attendance, CalendarFeed, Feedback, Meeting, Minutes, Rsvp
from members.models import Role
from portal.models import AuditEntry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def make_meeting(days=3, **extra):
    start = timezone.now() + timedelta(days=days)
    values = {"title_ar": "اجتماع الشبكة", "title_en": "Network meeting", "starts_at": start, "ends_at": start + timedelta(hours=2)}
    values.update(extra)
    return Meeting.objects.create(**values)


def reply(meeting, person, response="attending", delegate=None, acting_user=None):
    return services.rsvp_respond(meeting=meeting, person=person, response=response, delegate=delegate,
                                 acting_user=acting_user or person)


def state(meeting):
    """{email: (response, waiting?, on behalf of)} for every reply of the meeting."""
    return {
        rsvp.person.email: (rsvp.response, rsvp.wait_listed_at is not None, rsvp.on_behalf_of.email if rsvp.on_behalf_of else None)
        for rsvp in meeting.rsvps.select_related("person", "on_behalf_of")
    }


def refused(message, call, **kwargs):
    """`call` refuses with `message` (in English here; tests/portal/test_translations.py checks that
    every such string has its Arabic)."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert error.value.messages == [message]


@pytest.fixture
def people(entity, other_entity):
    return [make_user(f"p{n}@test.gcn.ae", Role.TEAM, entity) for n in range(5)]


# Invitations -------------------------------------------------------------------------------------
def test_invited_covers_all_members_people_entities_guests_and_delegates(users, entity, other_entity, people, django_assert_num_queries):
    director, guest, other = users["director"], users["guest"], users["other_director"]
    everyone = make_meeting(title_en="All")
    chosen = make_meeting(title_en="Chosen", invite_all_members=False)
    for_guest = make_meeting(title_en="Guest", invite_all_members=False)
    for_guest.guests.add(guest)
    services.invitees_set(meeting=chosen, people=[other], entities=[entity], acting_user=users["secretariat"])

    def titles(user):
        return sorted(Meeting.objects.invited(user).values_list("title_en", flat=True))

    assert titles(director) == ["All", "Chosen"]
    assert titles(people[0]) == ["All", "Chosen"]  # through the entity
    assert titles(other) == ["All", "Chosen"]  # by name
    assert titles(guest) == ["Guest"]
    assert chosen.is_invited(people[0]) and not for_guest.is_invited(director) and for_guest.is_invited(guest)
    # Prefetched data answers without a query.
    loaded = Meeting.objects.prefetch_related("guests", "invitees", "rsvps").get(pk=chosen.pk)
    with django_assert_num_queries(0):
        assert loaded.is_invited(other) and not loaded.is_invited(guest)
    assert set(chosen.invited_people().values_list("email", flat=True)) == {
        other.email, director.email, users["team"].email, *(p.email for p in people),
    }


def test_invitees_set_tells_only_the_newly_invited_and_withdraws_replies_of_the_uninvited(users, entity, other_entity, people):
    from django_tasks_db.models import DBTaskResult

    meeting = make_meeting(invite_all_members=False)
    services.invitees_set(meeting=meeting, people=[users["other_director"]], entities=[entity], acting_user=users["secretariat"])
    job = DBTaskResult.objects.latest("enqueued_at")
    assert sorted(job.args_kwargs["kwargs"]["only"]) == sorted(
        [users["other_director"].pk, users["director"].pk, users["team"].pk, *(p.pk for p in people)]
    )
    reply(meeting, users["director"])
    reply(meeting, users["other_director"])
    services.invitees_set(meeting=meeting, people=[users["other_director"]], entities=[], acting_user=users["secretariat"])
    assert state(meeting) == {"director2@test.gcn.ae": ("attending", False, None)}
    assert AuditEntry.objects.filter(target_type="meetings.meeting", details__fields=["invitees"]).count() == 2


# Replies and the wait list ---------------------------------------------------------------------
def test_capacity_wait_list_and_promotion_in_order(users, people):
    meeting = make_meeting(capacity=2)
    a, b, c, d, e = people
    reply(meeting, a)
    reply(meeting, b)
    reply(meeting, c)
    reply(meeting, d)
    assert [r.person for r in meeting.rsvps.wait_list()] == [c, d]
    assert meeting.places_left() == 0
    counted = Meeting.objects.with_counts().get(pk=meeting.pk)
    assert (counted.attending_count, counted.wait_list_count, counted.attended_count) == (2, 2, 0)

    # Saying "attending" again keeps one's turn; "maybe" frees the place for the earliest waiting.
    reply(meeting, c)
    reply(meeting, a, "maybe")
    assert state(meeting)[c.email] == ("attending", False, None)
    assert state(meeting)[d.email] == ("attending", True, None)
    reply(meeting, b, "not_attending")
    assert state(meeting)[d.email] == ("attending", False, None)
    # A reply back to attending goes to the end of the line.
    reply(meeting, a)
    assert state(meeting)[a.email] == ("attending", True, None)
    reply(meeting, e)
    assert [r.person for r in meeting.rsvps.wait_list()] == [a, e]


def test_raising_capacity_promotes_and_tells_the_promoted(users, people, run_tasks):
    from meetings import notifications
    from portal.notifications.models import Notification

    meeting = make_meeting(capacity=1)
    for person in people[:3]:
        reply(meeting, person)
    services.meeting_update(meeting=meeting, data={"capacity": 2}, acting_user=users["secretariat"])
    run_tasks()
    assert list(Notification.objects.filter(kind=notifications.PROMOTED).values_list("recipient__email", flat=True)) == ["p1@test.gcn.ae"]
    assert [email for email, (_r, waiting, _b) in sorted(state(meeting).items()) if not waiting] == ["p0@test.gcn.ae", "p1@test.gcn.ae"]
    services.meeting_update(meeting=meeting, data={"capacity": None}, acting_user=users["secretariat"])
    assert not meeting.rsvps.wait_list().exists()
    assert AuditEntry.objects.filter(target_type="meetings.rsvp", details__promoted=True).count() == 2


def test_delegation_takes_over_the_place_and_changing_it_removes_the_old_delegate(users, people):
    director, team = users["director"], users["team"]
    meeting = make_meeting(capacity=2)
    reply(meeting, director)
    reply(meeting, people[0])
    reply(meeting, people[1])  # waits
    reply(meeting, director, "delegate", delegate=team)
    # The delegate holds the director's place; the director's own reply takes none.
    assert state(meeting) == {
        director.email: ("delegate", False, None), team.email: ("attending", False, director.email),
        people[0].email: ("attending", False, None), people[1].email: ("attending", True, None),
    }
    assert meeting.is_invited(team)
    reply(meeting, director, "delegate", delegate=people[2])
    assert team.email not in state(meeting)
    assert state(meeting)[people[2].email] == ("attending", False, director.email)
    refused("You attend on behalf of Khalid Al Mansouri; only they can change or withdraw the delegation.",
            services.rsvp_respond, meeting=meeting, person=people[2], response="not_attending", acting_user=people[2])
    reply(meeting, director, "not_attending")
    assert people[2].email not in state(meeting)
    assert state(meeting)[people[1].email] == ("attending", False, None)  # promoted


def test_delegation_refusals(users, people):
    director, other = users["director"], users["other_director"]
    meeting = make_meeting()
    call = services.rsvp_respond
    refused("Choose the colleague who will attend in your place.", call, meeting=meeting, person=director, response="delegate", acting_user=director)
    refused("Choose a colleague other than yourself as your delegate.", call, meeting=meeting, person=director, response="delegate", delegate=director, acting_user=director)
    refused("Your delegate must be an active member of your own entity.", call, meeting=meeting, person=director, response="delegate", delegate=other, acting_user=director)
    reply(meeting, people[0])
    refused("p0@test.gcn.ae has already replied to this meeting for themselves.",
            call, meeting=meeting, person=director, response="delegate", delegate=people[0], acting_user=director)
    reply(meeting, users["team"], "delegate", delegate=people[1])
    refused("p1@test.gcn.ae already attends this meeting on behalf of someone else.", call, meeting=meeting, person=director,
            response="delegate", delegate=people[1], acting_user=director)
    assert not meeting.rsvps.filter(person=director).exists()


def test_replies_refused_when_not_invited_ended_cancelled_or_for_someone_else(users, people):
    guest, director = users["guest"], users["director"]
    call = services.rsvp_respond
    meeting = make_meeting()
    refused("Only people invited to this meeting can reply to it.", call, meeting=meeting, person=guest, response="attending", acting_user=guest)
    refused("You can only reply for yourself.", call, meeting=meeting, person=people[0], response="attending", acting_user=director)
    refused("Choose one of the replies offered.", call, meeting=meeting, person=director, response="yes", acting_user=director)
    ended = make_meeting(days=-3)
    refused("This meeting has ended; replies are closed.", call, meeting=ended, person=director, response="attending", acting_user=director)
    services.meeting_cancel(meeting=meeting, acting_user=users["secretariat"])
    refused("This meeting has been cancelled; replies are closed.", call, meeting=meeting, person=director, response="attending", acting_user=director)
    assert not Rsvp.objects.exists()
    # The secretariat may record a reply for someone.
    other = make_meeting()
    assert reply(other, director, acting_user=users["secretariat"]).response == "attending"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_replying_at_once_for_the_last_place_one_gets_it(entity):
    """Two connections reply at the same moment for the one place left: the meeting's row lock
    serialises them, so exactly one gets the place and the other waits."""
    first, second = (make_user(f"racer{n}@test.gcn.ae", Role.TEAM, entity) for n in range(2))
    meeting = make_meeting(capacity=1)
    barrier = threading.Barrier(2)
    errors = []

    def respond(person):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.rsvp_respond(meeting=meeting, person=person, response="attending", acting_user=person)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=respond, args=(person,)) for person in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert meeting.rsvps.taking_places().count() == 1
    assert meeting.rsvps.wait_list().count() == 1


# Attendance ---------------------------------------------------------------------------------------
def test_check_in_once_undo_and_refusals(users, people):
    secretariat, director, guest = users["secretariat"], users["director"], users["guest"]
    meeting = make_meeting(days=0)
    attendance = services.attendance_check_in(meeting=meeting, person=director, acting_user=secretariat)
    assert services.attendance_check_in(meeting=meeting, person=director, acting_user=secretariat) == attendance
    assert attendance.entity == director.entity and attendance.checked_in_by == secretariat
    # A guest who came uninvited (a walk-in) is checked in and becomes a guest of the meeting.
    services.attendance_check_in(meeting=meeting, person=guest, acting_user=secretariat)
    assert list(meeting.guests.all()) == [guest] and meeting.is_invited(guest)
    assert services.attendance_undo(meeting=meeting, person=guest, acting_user=secretariat) is True
    guest.is_active = False
    guest.save(update_fields=["is_active"])
    refused("Layla Haddad's account is deactivated: attendance cannot be recorded.",
            services.attendance_check_in, meeting=meeting, person=guest, acting_user=secretariat)
    refused("Only the secretariat records attendance.", services.attendance_check_in, meeting=meeting, person=director, acting_user=director)
    refused("Attendance can be recorded from the day of the meeting.", services.attendance_check_in,
            meeting=make_meeting(days=3), person=director, acting_user=secretariat)
    assert services.attendance_undo(meeting=meeting, person=director, acting_user=secretariat) is True
    assert services.attendance_undo(meeting=meeting, person=director, acting_user=secretariat) is False
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(target_type="meetings.attendance").count() == 4
    assert list(AuditEntry.objects.filter(target_type="meetings.meeting").values_list("details", flat=True)) == [
        {"fields": ["invitees"], "walk_in": guest.pk},
    ]


# Agenda and action items ---------------------------------------------------------------------------
def test_agenda_items_are_placed_in_order_and_audited(users, entity):
    meeting = make_meeting()
    secretariat = users["secretariat"]
    first = services.agenda_item_save(meeting=meeting, data={"title_ar": "البند الأول", "presenter_entity": entity}, acting_user=secretariat)
    second = services.agenda_item_save(meeting=meeting, data={"title_ar": "البند الثاني", "is_staff": True}, acting_user=secretariat)
    assert (first.position, second.position) == (1, 2)
    services.agenda_item_save(meeting=meeting, item=second, data={"position": 0}, acting_user=secretariat)
    assert list(meeting.agenda_items.values_list("title_ar", flat=True)) == ["البند الثاني", "البند الأول"]
    with pytest.raises(ValidationError):
        services.agenda_item_save(meeting=meeting, data={"title_ar": "x" * 301}, acting_user=secretariat)
    refused("This agenda item belongs to another meeting.", services.agenda_item_save, meeting=make_meeting(),
            item=first, data={"title_ar": "x"}, acting_user=secretariat)
    assert meeting.agenda_items.count() == 2


def test_action_items_close_reopen_and_roll_forward(users, entity):
    secretariat = users["secretariat"]
    first = make_meeting(days=-30)
    second = make_meeting(days=-1)
    third = make_meeting(days=20)
    item = services.action_item_create(meeting=first, kind="action", text_ar="إعداد خطة الحملة", owner_entity=entity,
                                       due_on=timezone.localdate(), acting_user=secretariat)
    services.action_item_create(meeting=first, kind="decision", text_ar="اعتماد التقويم", acting_user=secretariat)
    assert list(ActionItem.objects.arising_for(third)) == [item]
    assert list(ActionItem.objects.still_open().owned_by(users["director"])) == [item]
    services.action_item_set_status(item=item, status="done", acting_user=secretariat)
    item.refresh_from_db()
    assert item.closed_at is not None
    assert list(ActionItem.objects.arising_for(third)) == []
    assert list(ActionItem.objects.arising_for(second)) == [item]  # it was open when that meeting started
    services.action_item_set_status(item=item, status="in_progress", acting_user=secretariat)
    item.refresh_from_db()
    assert item.closed_at is None and list(ActionItem.objects.arising_for(third)) == [item]
    refused("Choose one of the statuses offered.", services.action_item_set_status, item=item, status="finished", acting_user=secretariat)
    other_agenda = services.agenda_item_save(meeting=second, data={"title_ar": "بند"}, acting_user=secretariat)
    refused("The agenda item must belong to the same meeting.", services.action_item_create, meeting=first, kind="action",
            text_ar="نص", agenda_item=other_agenda, acting_user=secretariat)
    refused("Choose whether this is a decision or an action item.", services.action_item_create, meeting=first, kind="task",
            text_ar="نص", acting_user=secretariat)
    assert ActionItem.objects.count() == 2


# Minutes --------------------------------------------------------------------------------------------
def test_minutes_for_comment_approved_then_a_new_version_supersedes_only_when_approved(users):
    secretariat, director = users["secretariat"], users["director"]
    meeting = make_meeting(days=-2)
    first = services.minutes_publish(meeting=meeting, text_ar="محضر الاجتماع", acting_user=secretariat)
    assert (first.version, first.status) == (1, "for_comment")
    assert services.minutes_publish(meeting=meeting, text_ar="محضر الاجتماع المصحح", acting_user=secretariat).pk == first.pk
    comment = services.minutes_comment(minutes=first, author=director, text="  ملاحظة على البند الثاني ")
    assert comment.text == "ملاحظة على البند الثاني"
    services.minutes_comment_hide(comment=comment, acting_user=secretariat)
    comment.refresh_from_db()
    assert comment.hidden
    services.minutes_approve(minutes=first, acting_user=secretariat)
    refused("These minutes are no longer open for comments.", services.minutes_comment, minutes=first, author=director, text="متأخر")
    refused("Only minutes open for comments can be approved.", services.minutes_approve, minutes=first, acting_user=secretariat)

    second = services.minutes_publish(meeting=meeting, text_ar="محضر معدّل", change_note="تصحيح اسم", acting_user=secretariat)
    assert second.version == 2
    assert dict(meeting.minutes.values_list("version", "status")) == {1: "approved", 2: "for_comment"}
    services.minutes_approve(minutes=second, acting_user=secretariat)
    assert dict(meeting.minutes.values_list("version", "status")) == {1: "superseded", 2: "approved"}
    assert AuditEntry.objects.filter(target_type="meetings.minutes").count() == 5


def test_minutes_refusals(users):
    secretariat, guest = users["secretariat"], users["guest"]
    refused("Minutes can be published once the meeting has started.", services.minutes_publish, meeting=make_meeting(),
            text_ar="محضر", acting_user=secretariat)
    past = make_meeting(days=-2)
    refused("Write the minutes before publishing them.", services.minutes_publish, meeting=past, text_ar="  ", acting_user=secretariat)
    minutes = services.minutes_publish(meeting=past, text_ar="محضر", comments_until=timezone.localdate(), acting_user=secretariat)
    refused("Only network members can comment on the minutes.", services.minutes_comment, minutes=minutes, author=guest, text="رأي")
    refused("Write your comment first.", services.minutes_comment, minutes=minutes, author=users["director"], text=" ")
    Minutes.objects.filter(pk=minutes.pk).update(comments_until=timezone.localdate() - timedelta(days=1))
    refused("The period for comments on these minutes has ended.", services.minutes_comment, minutes=minutes,
            author=users["director"], text="رأي")
    assert not minutes.comments.exists()


# Feedback and feeds -----------------------------------------------------------------------------------
def test_feedback_from_attendees_of_a_started_workshop_only(users):
    secretariat, director, team = users["secretariat"], users["director"], users["team"]
    workshop = make_meeting(days=0, kind="workshop")
    workshop.starts_at = timezone.now() - timedelta(minutes=30)
    workshop.save(update_fields=["starts_at"])
    services.attendance_check_in(meeting=workshop, person=director, acting_user=secretariat)
    feedback = services.feedback_give(meeting=workshop, person=director, rating="5", comment="ورشة مفيدة")
    services.feedback_give(meeting=workshop, person=director, rating=4)
    feedback.refresh_from_db()
    assert (feedback.rating, Feedback.objects.count()) == (4, 1)
    refused("Only participants who attended the workshop can give feedback.", services.feedback_give, meeting=workshop, person=team, rating=5)
    refused("Choose a rating from 1 to 5.", services.feedback_give, meeting=workshop, person=director, rating=6)
    refused("Choose a rating from 1 to 5.", services.feedback_give, meeting=workshop, person=director, rating="abc")
    refused("Feedback is collected for training workshops only.", services.feedback_give, meeting=make_meeting(days=-1), person=director, rating=5)
    refused("Feedback opens when the workshop starts.", services.feedback_give, meeting=make_meeting(days=2, kind="workshop"), person=director, rating=5)
    assert director.has_perm("meetings.give_feedback", workshop) and not team.has_perm("meetings.give_feedback", workshop)


def test_calendar_feed_is_made_once_and_reset_changes_the_token(users):
    director = users["director"]
    feed = services.calendar_feed_for(director)
    assert services.calendar_feed_for(director).pk == feed.pk and len(feed.token) >= 40
    old = feed.token
    services.calendar_feed_reset(person=director)
    assert CalendarFeed.objects.get(person=director).token != old
    assert AuditEntry.objects.filter(target_type="meetings.calendarfeed", details__fields=["token"]).count() == 1


def test_changes_told_to_invitees_raise_the_sequence(users):
    meeting = make_meeting()
    services.meeting_update(meeting=meeting, data={"summary_en": "Agenda"}, acting_user=users["secretariat"])
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    services.meeting_update(meeting=meeting, data={"location_en": "Expo City"}, acting_user=users["secretariat"])
    services.meeting_cancel(meeting=meeting, acting_user=users["secretariat"])
    meeting.refresh_from_db()
    assert meeting.sequence == 2
