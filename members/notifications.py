"""The members portal's notifications (portal.notifications): an invitation accepted (to whoever
sent it), a role or a network seat changed (to the person), and the reminder to confirm one's
details (from the freshness report). Registered from MembersConfig.ready(); the services call the
functions below, which decide whether the change is worth a notification."""
import rules
from django.utils.translation import gettext as _, gettext_lazy

from members.models import PROFILE_CONFIRMATION_DAYS, NetworkSeat, Role
from portal.notifications import kinds
from portal.notifications.kinds import Delivery

INVITATION_ACCEPTED = "members.invitation_accepted"
ROLE_CHANGED = "members.role_changed"
SEAT_CHANGED = "members.seat_changed"
PROFILE_REMINDER = "members.profile_reminder"


def _names(person):
    """A person's name in both languages, each falling back to the other, then to the address."""
    return {
        "ar": person.name_ar or person.name_en or person.email,
        "en": person.name_en or person.name_ar or person.email,
    }


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def _only_the_person(person):
    return lambda user: user.pk == person.pk


# Invitation accepted -----------------------------------------------------------------------------
def _invitation_audience(invitation):
    # Whoever may see the invitation on the sent-invitations page (the rule reads loaded fields only).
    return lambda user: rules.has_perm("members.see_invitation", user, invitation)


def _invitation_title(notification):
    return _("%(name)s accepted your invitation") % {"name": notification.value("name")}


def _invitation_body(notification):
    return _("They can now sign in to the GCN Portal as: %(role)s.") % {"role": _label(Role, notification.value("role"))}


# Role and seat -------------------------------------------------------------------------------------
def _role_title(notification):
    return _("Your role in the GCN Portal is now: %(role)s") % {"role": _label(Role, notification.value("role"))}


def _role_body(notification):
    return _("Your previous role was: %(role)s. What you can see and do in the portal follows your new role.") % {
        "role": _label(Role, notification.value("old_role")),
    }


def _seat_title(notification):
    return _("Your network seat: %(seat)s for %(entity)s") % {
        "seat": _label(NetworkSeat.Seat, notification.value("seat")), "entity": notification.value("entity"),
    }


# Profile reminder ------------------------------------------------------------------------------
def _reminder_audience(_target):
    # Only people of the directory have details to confirm.
    return lambda user: rules.has_perm("members.view_directory", user)


def _reminder_title(notification):
    return _("Please confirm your details in the members' directory")


def _reminder_body(notification):
    return _(
        "Your details were last confirmed more than %(days)d days ago, or never. Open your profile, review "
        "your job title and phone numbers, then confirm or correct them."
    ) % {"days": notification.value("days", PROFILE_CONFIRMATION_DAYS)}


def register():
    kinds.register(kinds.Kind(
        name=INVITATION_ACCEPTED, label=gettext_lazy("Invitation accepted"),
        description=gettext_lazy("When someone you invited creates their account."),
        audience=_invitation_audience, link=lambda invitation: ("members:invitations", []),
        title=_invitation_title, body=_invitation_body, icon="person-check", order=10,
    ))
    kinds.register(kinds.Kind(
        name=ROLE_CHANGED, label=gettext_lazy("Your role changed"),
        description=gettext_lazy("When the secretariat changes your role in the portal."),
        audience=_only_the_person, link=lambda person: ("members:profile", []),
        title=_role_title, body=_role_body, icon="shield-check", order=20,
    ))
    kinds.register(kinds.Kind(
        name=SEAT_CHANGED, label=gettext_lazy("Your network seat changed"),
        description=gettext_lazy("When you become your entity's network member or alternate member."),
        audience=lambda seat: (lambda user: user.pk == seat.person_id),
        link=lambda seat: ("members:entity", [seat.entity_id]),
        title=_seat_title, icon="award", order=30,
    ))
    kinds.register(kinds.Kind(
        name=PROFILE_REMINDER, label=gettext_lazy("Reminder to confirm your details"),
        description=gettext_lazy("When the secretariat asks you to review your details in the directory."),
        audience=_reminder_audience, link=lambda _target: ("members:profile", []),
        title=_reminder_title, body=_reminder_body, icon="person-vcard", default=Delivery.IMMEDIATELY, order=40,
        # The secretariat may remind itself too (its people are in the directory like everyone's).
        tell_actor=True,
    ))


# Called by the services --------------------------------------------------------------------------
def invitation_accepted(*, invitation, user):
    from portal.notifications.services import notify

    notify([invitation.invited_by_id], INVITATION_ACCEPTED, invitation, actor=user,
           context={"name": _names(user), "role": invitation.role})


def role_changed(*, user, old_role, acting_user):
    """Told when someone changed it, to a person who has used their account: not when an account is
    set up (an invitation accepted, a new person imported or added in admin)."""
    from portal.notifications.services import notify

    if acting_user is None or old_role == user.role or user.last_login is None:
        return
    notify([user], ROLE_CHANGED, user, actor=acting_user, context={"role": user.role, "old_role": old_role})


def seat_assigned(*, holding, acting_user):
    from portal.notifications.services import notify

    if acting_user is None:
        return
    entity = holding.entity
    notify([holding.person_id], SEAT_CHANGED, holding, actor=acting_user,
           context={"seat": holding.seat, "entity": {"ar": entity.name_ar, "en": entity.name_en}})


def profile_reminders(*, people, acting_user):
    """Notify `people` (all of them at once) that their details need confirming."""
    from portal.notifications.services import notify

    return notify(people, PROFILE_REMINDER, None, actor=acting_user, context={"days": PROFILE_CONFIRMATION_DAYS})
