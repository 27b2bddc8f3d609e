"""The secretariat's daily work in admin: entities with their people, people with photos, seats."""
import pytest

from members.models import NetworkSeat
from portal.models import AuditEntry
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_entity_change_page_shows_people_and_seats_inline(login_as, secretariat, director, entity):
    response = login_as(secretariat).get(f"/en/admin/members/entity/{entity.pk}/change/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Khalid Al Mansouri" in body
    assert 'name="social_accounts-TOTAL_FORMS"' in body
    assert 'dir="rtl"' in body and 'lang="ar"' in body  # the Arabic name input


def test_people_list_shows_photos_through_the_protected_path(login_as, secretariat, director):
    director.photo_small = "people/photos/x.jpg"
    director.save(update_fields=["photo_small"])
    body = login_as(secretariat).get("/en/admin/members/user/").content.decode()
    assert f'src="/en/files/person-photo-small/{director.pk}/"' in body
    assert "/protected-media-not-served/" not in body


def test_search_people_by_arabic_name(login_as, secretariat, director, team_member):
    response = login_as(secretariat).get("/ar/admin/members/user/", {"q": "نورة"})
    assert [person.email for person in response.context["cl"].result_list] == ["team@test.gcn.ae"]


def test_seat_action_keeps_history_and_audits(login_as, secretariat, director, entity):
    successor = PersonFactory(entity=entity, role="director", email="successor@test.gcn.ae")
    client = login_as(secretariat)
    for person in (director, successor):
        response = client.post("/en/admin/members/user/", {"action": "make_network_member", "_selected_action": [person.pk]})
        assert response.status_code == 302
    seats = NetworkSeat.objects.filter(entity=entity, seat="member").order_by("pk")
    assert [(seat.person.email, seat.ended_on is None) for seat in seats] == [("director@test.gcn.ae", False), ("successor@test.gcn.ae", True)]
    assert AuditEntry.objects.filter(action="created", target_type="members.networkseat").count() == 2


def test_role_change_in_admin_moves_the_group_and_is_audited(login_as, secretariat, team_member, entity):
    response = login_as(secretariat).post(f"/en/admin/members/user/{team_member.pk}/change/", {
        "name_ar": team_member.name_ar, "name_en": team_member.name_en, "role": "director", "entity": entity.pk,
        "is_active": "on", "job_title_ar": "", "job_title_en": "", "office_phone": "", "mobile": "",
        "bio_ar": "", "bio_en": "",
    })
    assert response.status_code == 302
    team_member.refresh_from_db()
    assert team_member.role == "director"
    assert list(team_member.groups.values_list("name", flat=True)) == ["director"]
    entry = AuditEntry.objects.filter(action="role_changed", target_id=str(team_member.pk)).latest("id")
    assert entry.details == {"old": "team", "new": "director"}


def test_logo_uploaded_in_admin_is_validated_and_re_encoded(login_as, secretariat, entity):
    import io

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def post(upload):
        return login_as(secretariat).post(f"/en/admin/members/entity/{entity.pk}/change/", {
            "name_ar": entity.name_ar, "name_en": entity.name_en, "short_name": "DET", "sector": "economy",
            "is_active": "on", "logo_upload": upload,
            "social_accounts-TOTAL_FORMS": "0", "social_accounts-INITIAL_FORMS": "0",
            "seats-TOTAL_FORMS": "0", "seats-INITIAL_FORMS": "0", "people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0",
        })

    rejected = post(SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png"))
    assert rejected.status_code == 200 and "does not match its type" in rejected.content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), "#0f2a3f").save(buffer, "PNG")
    assert post(SimpleUploadedFile("شعار.png", buffer.getvalue(), content_type="image/png")).status_code == 302
    entity.refresh_from_db()
    assert entity.logo.name.startswith("entities/logos/") and "شعار" not in entity.logo.name
    with default_storage.open(entity.logo.name) as handle:
        assert Image.open(handle).size == (400, 200)
