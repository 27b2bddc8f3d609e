"""Who may see which meeting: members see all; a guest only the meetings they are invited to."""
import rules

from members.rules import is_guest, is_member


@rules.predicate
def is_invited_guest(user, meeting):
    return meeting is not None and meeting.guests.filter(pk=user.pk).exists()


rules.add_perm("meetings.view_meetings", is_member | is_guest)
rules.add_perm("meetings.view_meeting", is_member | (is_guest & is_invited_guest))
