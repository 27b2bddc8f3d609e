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


rules.add_perm("members.view_directory", is_member)
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
