"""Each user gets a page rendered for them: two users of the same role with different rights never
see each other's rendering (a shared HTML cache once served one director's page to another)."""
import pytest

from members.models import Role
from members.services import user_set_role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

FRESHNESS_LINK = 'href="/ar/members/reports/freshness/"'


def test_a_demoted_superuser_leaves_nothing_behind_for_other_directors(client, login_as, entity, director):
    demoted = make_user("former-admin@test.gcn.ae", Role.SECRETARIAT, entity)
    demoted.is_superuser = True
    demoted.save(update_fields=["is_superuser"])
    user_set_role(user=demoted, role=Role.DIRECTOR)
    # The demoted account loads the directory first, then an ordinary director loads the same page.
    first = login_as(demoted).get("/ar/members/")
    second = login_as(director).get("/ar/members/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert FRESHNESS_LINK not in first.content.decode()
    assert FRESHNESS_LINK not in second.content.decode()


def test_the_secretariat_and_a_director_see_their_own_directory(login_as, secretariat, director):
    assert FRESHNESS_LINK in login_as(secretariat).get("/ar/members/").content.decode()
    assert FRESHNESS_LINK not in login_as(director).get("/ar/members/").content.decode()
    assert FRESHNESS_LINK in login_as(secretariat).get("/ar/members/").content.decode()


def test_two_directors_see_the_same_entity_page_with_their_own_rights(login_as, entity, director, other_director):
    edit_link = f'href="/ar/members/entities/{entity.pk}/edit/"'
    assert edit_link in login_as(director).get(f"/ar/members/entities/{entity.pk}/").content.decode()
    assert edit_link not in login_as(other_director).get(f"/ar/members/entities/{entity.pk}/").content.decode()
    assert edit_link in login_as(director).get(f"/ar/members/entities/{entity.pk}/").content.decode()


def test_a_hidden_mobile_stays_hidden_from_the_team_after_a_director_saw_it(login_as, entity, director, team_member):
    colleague = make_user("colleague@test.gcn.ae", Role.TEAM, entity, name_en="Colleague")
    type(colleague).objects.filter(pk=colleague.pk).update(mobile="+971 50 111 2222", hide_mobile_from_team=True)
    assert "+971 50 111 2222" in login_as(director).get("/ar/members/").content.decode()
    assert "+971 50 111 2222" not in login_as(team_member).get("/ar/members/").content.decode()
