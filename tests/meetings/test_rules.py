"""The meetings permissions for every role, and that they agree with the querysets."""
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from meetings.rules import invited, with_viewer_invited

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "director", "team", "other_director", "guest"]


def make_meeting(days=3, **extra):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(title_ar="اجتماع", title_en="Meeting", starts_at=start, ends_at=start + timedelta(hours=2), **extra)


def allowed(users, perm, obj):
    return sorted(role for role in ROLES if users[role].has_perm(perm, obj))


def test_view_and_respond_follow_the_invitation(users, entity):
    everyone = make_meeting()
    chosen = make_meeting(invite_all_members=False)
    chosen.guests.add(users["guest"])
    services.invitees_set(meeting=chosen, people=[], entities=[entity], acting_user=users["secretariat"])

    assert allowed(users, "meetings.view_meeting", everyone) == ["director", "other_director", "secretariat", "team"]
    assert allowed(users, "meetings.view_meeting", chosen) == sorted(ROLES)
    assert allowed(users, "meetings.respond", everyone) == ["director", "other_director", "secretariat", "team"]
    assert allowed(users, "meetings.respond", chosen) == ["director", "guest", "team"]
    # The rules and the querysets agree, for every role and meeting.
    for role in ROLES:
        user = users[role]
        for meeting in (everyone, chosen):
            assert user.has_perm("meetings.view_meeting", meeting) == Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()
            assert meeting.is_invited(user) == Meeting.objects.invited(user).filter(pk=meeting.pk).exists()


def test_respond_reads_the_invitation_annotated_for_the_viewer(users, entity, django_assert_num_queries):
    everyone = make_meeting()
    chosen = make_meeting(invite_all_members=False)
    chosen.guests.add(users["guest"])
    services.invitees_set(meeting=chosen, people=[], entities=[entity], acting_user=users["secretariat"])
    for role in ROLES:
        user = users[role]
        loaded = list(with_viewer_invited(Meeting.objects.filter(pk__in=[everyone.pk, chosen.pk]), user))
        with django_assert_num_queries(0):
            answers = [(user.has_perm("meetings.respond", meeting), invited(user, meeting)) for meeting in loaded]
        assert answers == [(meeting.is_invited(user),) * 2 for meeting in loaded], role
        # Loaded for someone else, the annotation is not taken for this user's.
        other = users["other_director"] if role != "other_director" else users["director"]
        assert [invited(other, meeting) for meeting in loaded] == [meeting.is_invited(other) for meeting in loaded]


def test_respond_closes_when_ended_or_cancelled(users):
    ended = make_meeting(days=-2)
    cancelled = make_meeting(status=Meeting.Status.CANCELLED)
    assert allowed(users, "meetings.respond", ended) == []
    assert allowed(users, "meetings.respond", cancelled) == []


def test_secretariat_only_permissions(users):
    meeting = make_meeting()
    for perm in ("manage_meeting", "check_in", "view_meeting_reports", "view_feedback_summary"):
        assert allowed(users, f"meetings.{perm}", meeting) == ["secretariat"], perm
    assert allowed(users, "meetings.comment_minutes", meeting) == ["director", "other_director", "secretariat", "team"]


def test_feedback_and_certificate_for_attendees_of_a_workshop(users):
    workshop = make_meeting(days=0, kind=Meeting.Kind.WORKSHOP)
    services.attendance_check_in(meeting=workshop, person=users["director"], acting_user=users["secretariat"])
    # Not started yet: no feedback, but the certificate follows attendance.
    Meeting.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() + timedelta(minutes=30))
    workshop.refresh_from_db()
    assert allowed(users, "meetings.give_feedback", workshop) == []
    assert allowed(users, "meetings.download_certificate", workshop) == ["director"]
    Meeting.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - timedelta(minutes=30))
    workshop.refresh_from_db()
    assert allowed(users, "meetings.give_feedback", workshop) == ["director"]
    session = make_meeting(days=0)
    services.attendance_check_in(meeting=session, person=users["director"], acting_user=users["secretariat"])
    assert allowed(users, "meetings.download_certificate", session) == []


def test_document_owner_rules_for_meetings_and_agenda_items(users, entity):
    from meetings.documents import AGENDA_ITEM_OWNER, MEETING_OWNER

    everyone = make_meeting()
    chosen = make_meeting(invite_all_members=False)
    chosen.guests.add(users["guest"])
    item = services.agenda_item_save(meeting=chosen, data={"title_ar": "عرض", "presenter_person": users["guest"]},
                                     acting_user=users["secretariat"])
    other_item = services.agenda_item_save(meeting=chosen, data={"title_ar": "عرض آخر", "presenter_entity": entity},
                                           acting_user=users["secretariat"])

    def uploaders(owner, obj):
        return sorted(role for role in ROLES if owner.can_upload(users[role], obj))

    assert uploaders(MEETING_OWNER, everyone) == ["director", "other_director", "secretariat", "team"]
    assert uploaders(MEETING_OWNER, chosen) == ["secretariat"]  # nobody else invited by name or entity
    assert uploaders(AGENDA_ITEM_OWNER, item) == ["guest", "secretariat"]  # the guest presents it
    assert uploaders(AGENDA_ITEM_OWNER, other_item) == ["director", "secretariat", "team"]  # the presenting entity
    assert list(MEETING_OWNER.visible_owners(users["guest"])) == [chosen]
    assert MEETING_OWNER.guests_only_shared(users["guest"]) and not MEETING_OWNER.guests_only_shared(users["director"])
    assert [MEETING_OWNER.can_manage(users[role], None) for role in ROLES] == [True, False, False, False, False]
