"""Who may do what in the members portal: every role and ownership check lives here.

Views call `user.has_perm("members.<rule>", obj)`, templates `{% has_perm %}`; admin model
permissions come from the role groups made by migration 0002.
"""
import rules

from members.models import Role


def _has_role(*roles):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user):
        return user.is_authenticated and user.is_active and user.role in roles

    return predicate


is_secretariat = _has_role(Role.SECRETARIAT)
is_director = _has_role(Role.DIRECTOR)
is_team = _has_role(Role.TEAM)
is_guest = _has_role(Role.GUEST)
# Members of the network see member content: everyone but guests.
is_member = _has_role(Role.SECRETARIAT, Role.DIRECTOR, Role.TEAM)


@rules.predicate
def is_own_entity(user, entity):
    return entity is not None and user.entity_id is not None and user.entity_id == entity.pk


@rules.predicate
def is_active_entity(user, entity):
    return entity is not None and entity.is_active


@rules.predicate
def is_directory_person(user, person):
    return (
        person is not None and person.is_active and person.role != Role.GUEST
        and (person.entity_id is None or person.entity.is_active)
    )


rules.add_perm("members.view_directory", is_member)
# One object each; Entity/User.objects.visible_to(user) answer the same for lists (tested together).
rules.add_perm("members.view_entity", is_member & is_active_entity)
rules.add_perm("members.view_person", is_member & is_directory_person)
rules.add_perm("members.view_contact_details", is_member)
rules.add_perm("members.invite_members", is_secretariat | is_director)
rules.add_perm("members.invite_to_entity", is_secretariat | (is_director & is_own_entity))
rules.add_perm("members.choose_invitation_role", is_secretariat)
rules.add_perm("members.edit_entity_page", is_secretariat | (is_director & is_own_entity))
rules.add_perm("members.export_directory", is_secretariat)
rules.add_perm("members.import_directory", is_secretariat)


@rules.predicate
def is_self(user, person):
    return person is not None and user.pk == person.pk


@rules.predicate
def is_own_team_member(user, person):
    return person is not None and person.role == Role.TEAM and is_own_entity(user, person.entity)


@rules.predicate
def mobile_hidden_from_team(user, person):
    return person is not None and person.hide_mobile_from_team


# A person may hide their mobile from the communication team role; directors and the secretariat
# always see it, and everyone sees their own.
rules.add_perm("members.view_mobile", is_member & (is_self | ~is_team | ~mobile_hidden_from_team))
rules.add_perm("members.edit_profile", is_self | is_secretariat | (is_director & is_own_team_member))
rules.add_perm("members.download_vcards", is_secretariat | is_director)
rules.add_perm("members.view_reports", is_secretariat)
rules.add_perm("members.send_profile_reminders", is_secretariat)


# Invitations already sent (members/invitation_views.py) --------------------------------------
@rules.predicate
def is_invitation_of_own_entity(user, invitation):
    # Compared by id: the rule runs for every row of the invitations page.
    return invitation is not None and invitation.entity_id is not None and invitation.entity_id == user.entity_id


@rules.predicate
def is_team_invitation(user, invitation):
    return invitation is not None and invitation.role == Role.TEAM


# The secretariat sees and manages every invitation. A director sees their own entity's, and resends
# or revokes those they could have sent themselves: their communication team's.
# Invitation.objects.visible_to(user) answers `see_invitation` for lists. (Not
# `view_invitation`: that is the admin's model permission, which the secretariat's group holds.)
rules.add_perm("members.view_invitations", is_secretariat | is_director)
rules.add_perm("members.view_all_invitations", is_secretariat)
rules.add_perm("members.see_invitation", is_secretariat | (is_director & is_invitation_of_own_entity))
rules.add_perm("members.manage_invitation", is_secretariat | (is_director & is_invitation_of_own_entity & is_team_invitation))
