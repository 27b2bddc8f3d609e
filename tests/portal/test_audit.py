"""The audit log is append-only: nothing in the app edits or deletes an entry."""
import pytest

from members.models import Role
from members.services import user_set_role
from portal import audit
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(director):
    return audit.record(audit.Action.EXPORTED, actor=director, target=director, what="directory")


def test_entry_cannot_be_changed_through_the_model(entry):
    entry.action = audit.Action.LOGIN
    entry.actor_label = "someone-else@example.com"
    with pytest.raises(PermissionError):
        entry.save()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.actor_label) == ("exported", "director@test.gcn.ae")


def test_entry_cannot_be_deleted_through_the_model(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_record_keeps_actor_target_and_details(entry, director):
    assert entry.actor == director
    assert entry.actor_label == "director@test.gcn.ae"
    assert (entry.target_type, entry.target_id, entry.target_label) == ("members.user", str(director.pk), "خالد المنصوري")
    assert entry.details == {"what": "directory"}


def test_admin_has_no_delete_for_audit_entries(login_as, secretariat, entry):
    client = login_as(secretariat)
    url = f"/ar/admin/portal/auditentry/{entry.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_change_page_is_read_only(login_as, secretariat, entry):
    client = login_as(secretariat)
    url = f"/ar/admin/portal/auditentry/{entry.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    assert response.context["adminform"].form.fields == {}  # every field is shown read-only
    response = client.post(url, {"action": "login", "actor_label": "forged@example.com"})
    assert response.status_code == 403
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.actor_label) == ("exported", "director@test.gcn.ae")


def test_admin_has_no_add_page_and_no_bulk_delete(login_as, secretariat, entry):
    client = login_as(secretariat)
    assert client.get("/ar/admin/portal/auditentry/add/").status_code == 403
    response = client.get("/ar/admin/portal/auditentry/")
    assert response.status_code == 200
    assert response.context["has_add_permission"] is False
    # No delete permission, so not even the bulk "delete selected" action is offered.
    assert response.context["action_form"] is None
    client.post("/ar/admin/portal/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_unchanged_role_without_an_actor_records_nothing(team_member):
    before = AuditEntry.objects.filter(action="role_changed").count()
    user_set_role(user=team_member, role=Role.TEAM)
    assert AuditEntry.objects.filter(action="role_changed").count() == before


def test_role_change_in_admin_records_old_and_new_role(login_as, secretariat, team_member, entity):
    response = login_as(secretariat).post(
        f"/ar/admin/members/user/{team_member.pk}/change/",
        {"name_ar": team_member.name_ar, "name_en": team_member.name_en, "role": "director",
         "entity": entity.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    team_member.refresh_from_db()
    assert team_member.role == "director"
    entry = AuditEntry.objects.get(action="role_changed", target_id=str(team_member.pk), actor=secretariat)
    assert entry.details == {"old": "team", "new": "director"}


def test_non_secretariat_cannot_open_the_audit_log_in_admin(login_as, director, entry):
    response = login_as(director).get("/ar/admin/portal/auditentry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/admin/login/")


def test_role_change_records_old_and_new_role(secretariat, team_member):
    user_set_role(user=team_member, role=Role.DIRECTOR, acting_user=secretariat)
    entry = AuditEntry.objects.get(action="role_changed", target_id=str(team_member.pk), actor=secretariat)
    assert entry.target_type == "members.user"
    assert entry.details == {"old": "team", "new": "director"}
    team_member.refresh_from_db()
    assert (team_member.role, team_member.is_staff) == ("director", False)
    assert list(team_member.groups.values_list("name", flat=True)) == ["director"]


def test_role_change_to_secretariat_grants_admin_and_is_recorded(secretariat, director):
    user_set_role(user=director, role=Role.SECRETARIAT, acting_user=secretariat)
    director.refresh_from_db()
    assert director.is_staff is True
    entry = AuditEntry.objects.get(action="role_changed", target_id=str(director.pk), actor=secretariat)
    assert entry.details == {"old": "director", "new": "secretariat"}
