"""Who may do what with meetings. Members see all meetings; a guest only the meetings they are
invited to. The object of each permission is a meeting unless said otherwise; the querysets
(Meeting.objects.visible_to, .invited) answer the same questions for lists."""
import rules
from django.db.models import BooleanField, ExpressionWrapper, Value

from members.rules import is_guest, is_member, is_secretariat


def with_viewer_invited(meetings, user):
    """Annotates whether `user` is invited (`viewer_invited`, for `viewer_invited_pk`) inside the
    meetings' own query, from the condition Meeting.objects.invited filters on, so the two cannot
    disagree: a page's reply rule and every documents panel then read it without a query each."""
    from meetings.models import invited_condition

    if not user.is_authenticated or not user.is_active:
        invited = Value(False)
    else:
        invited = ExpressionWrapper(invited_condition(user), output_field=BooleanField())
    return meetings.annotate(viewer_invited=invited, viewer_invited_pk=Value(user.pk))


def invited(user, meeting):
    """Meeting.is_invited, answered by the `with_viewer_invited` annotation when the meeting was
    loaded with it for this user."""
    if user.is_authenticated and getattr(meeting, "viewer_invited_pk", None) == user.pk:
        return meeting.viewer_invited
    return meeting.is_invited(user)


@rules.predicate
def is_invited_guest(user, meeting):
    if meeting is None:
        return False
    guests = getattr(meeting, "_prefetched_objects_cache", {}).get("guests")
    if guests is not None:
        return any(guest.pk == user.pk for guest in guests)
    return meeting.guests.filter(pk=user.pk).exists()


@rules.predicate
def is_invited(user, meeting):
    return meeting is not None and invited(user, meeting)


@rules.predicate
def is_open_for_replies(user, meeting):
    return meeting is not None and not meeting.is_cancelled and not meeting.has_ended


@rules.predicate
def is_started_workshop(user, meeting):
    return meeting is not None and meeting.is_workshop and meeting.has_started and not meeting.is_cancelled


@rules.predicate
def attended(user, meeting):
    if meeting is None:
        return False
    if user.is_authenticated and getattr(meeting, "viewer_invited_pk", None) == user.pk and hasattr(meeting, "i_attended"):
        return meeting.i_attended  # the meeting page's own query answered it for this viewer
    attendance = getattr(meeting, "_prefetched_objects_cache", {}).get("attendance")
    if attendance is not None:
        return any(row.person_id == user.pk for row in attendance)
    return meeting.attendance.filter(person_id=user.pk).exists()


@rules.predicate
def is_workshop(user, meeting):
    return meeting is not None and meeting.is_workshop


rules.add_perm("meetings.view_meetings", is_member | is_guest)
rules.add_perm("meetings.view_meeting", is_member | (is_guest & is_invited_guest))
# Open for replies first: it reads the meeting's own fields, and a past meeting needs no invitation check.
rules.add_perm("meetings.respond", is_open_for_replies & is_invited)
rules.add_perm("meetings.manage_meeting", is_secretariat)
rules.add_perm("meetings.check_in", is_secretariat)
rules.add_perm("meetings.comment_minutes", is_member)
rules.add_perm("meetings.give_feedback", is_started_workshop & attended)
rules.add_perm("meetings.download_certificate", is_workshop & attended)
rules.add_perm("meetings.view_meeting_reports", is_secretariat)
rules.add_perm("meetings.view_feedback_summary", is_secretariat)
