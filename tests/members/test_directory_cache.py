"""The directory and entity pages are rendered once per role and language, and never served stale."""
import pytest

from members.services import profile_update
from portal.fragments import content_version
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_repeated_directory_request_costs_one_query(login_as, director, django_assert_num_queries):
    PersonFactory(name_en="Cached Person")
    client = login_as(director)
    first = client.get("/en/members/").content
    with django_assert_num_queries(1):  # the signed-in user; the rest comes from the cache
        second = client.get("/en/members/").content
    assert b"Cached Person" in second
    assert first.count(b"person-card") == second.count(b"person-card") == 2


def test_a_profile_change_shows_on_the_next_request(login_as, director):
    person = PersonFactory(name_en="Changing Person", job_title_en="Old title")
    client = login_as(director)
    assert b"Old title" in client.get("/en/members/").content
    profile_update(person=person, data={"job_title_en": "New title"}, acting_user=director)
    body = client.get("/en/members/").content
    assert b"New title" in body and b"Old title" not in body


def test_a_deactivated_person_leaves_the_cached_directory(login_as, director, secretariat):
    person = PersonFactory(name_en="Leaving Person")
    assert b"Leaving Person" in login_as(director).get("/en/members/").content
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert b"Leaving Person" not in login_as(director).get("/en/members/").content


def test_each_role_gets_its_own_rendering(login_as, director, team_member):
    assert b'id="bulk-vcards"' in login_as(director).get("/en/members/").content
    assert b'id="bulk-vcards"' not in login_as(team_member).get("/en/members/").content


def test_entity_people_follow_seat_and_photo_changes(login_as, director, entity):
    from members.models import NetworkSeat
    from members.services import seat_assign

    client = login_as(director)
    assert "فريق الاتصال" in client.get(f"/ar/members/entities/{entity.pk}/").content.decode()
    seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
    assert "عضو الشبكة" in client.get(f"/ar/members/entities/{entity.pk}/").content.decode()


def test_signing_in_does_not_throw_the_cache_away(client, director):
    from tests.conftest import PASSWORD

    before = content_version()
    client.post("/ar/accounts/login/", {"login": director.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(director.pk)
    assert content_version() == before
