"""Keeping the directory fresh: who may edit what, photos, confirmation, seats and their history."""
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from members.models import NetworkSeat, User
from members.services import seat_assign
from portal.models import AuditEntry
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def photo_with_exif_and_gps():
    image = Image.new("RGB", (600, 400), "#2e6b4f")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90°
    exif[0x0110] = "Secret Camera Model"
    exif.get_ifd(0x8825)[2] = (25.0, 12.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("صورة.jpg", buffer.getvalue(), content_type="image/jpeg")


def profile_post(**overrides):
    data = {
        "name_ar": "خالد المنصوري", "name_en": "Khalid Al Mansouri", "job_title_ar": "مدير", "job_title_en": "Director",
        "office_phone": "", "mobile": "", "languages": ["ar", "fr"], "gender": "m", "bio_ar": "", "bio_en": "",
    }
    data.update(overrides)
    return data


def test_person_edits_own_profile_but_not_role_or_entity(login_as, director, other_entity):
    response = login_as(director).post(
        f"/ar/members/people/{director.pk}/edit/",
        profile_post(mobile="٠٥٠ ١٢٣ ٤٥٦٧", role="secretariat", entity=other_entity.pk, is_staff="on"),
    )
    assert (response.status_code, response["Location"]) == (302, "/ar/members/me/")
    director.refresh_from_db()
    assert director.mobile == "050 123 4567"
    assert (director.languages, director.gender) == (["ar", "fr"], "m")
    assert (director.role, director.entity.name_en, director.is_staff) == ("director", "Department of Economy and Tourism", False)
    assert director.profile_confirmed_at is not None
    assert AuditEntry.objects.filter(action="updated", target_id=str(director.pk)).count() == 1


def test_photo_is_oriented_stripped_and_resized(login_as, director):
    response = login_as(director).post(
        f"/ar/members/people/{director.pk}/edit/", {**profile_post(), "photo_upload": photo_with_exif_and_gps()}
    )
    assert response.status_code == 302
    director.refresh_from_db()
    with default_storage.open(director.photo.name) as handle:
        stored = Image.open(handle)
        stored.load()
    assert stored.size == (400, 600)  # rotated upright
    assert not stored.getexif()
    assert "صورة" not in director.photo.name and director.photo.name.endswith(".jpg")
    with default_storage.open(director.photo_small.name) as handle:
        assert max(Image.open(handle).size) == 160


def test_bad_photo_gets_a_clear_error_and_nothing_is_stored(login_as, director):
    fake = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = login_as(director).post(f"/en/members/people/{director.pk}/edit/", {**profile_post(), "photo_upload": fake})
    assert response.status_code == 200
    assert "does not match its type" in response.content.decode()
    director.refresh_from_db()
    assert not director.photo
    assert not default_storage.exists("people")


def test_director_edits_own_team_but_not_other_entities(login_as, director, team_member, other_director):
    client = login_as(director)
    response = client.post(f"/ar/members/people/{team_member.pk}/edit/", profile_post(name_en="Noura F.", name_ar="نورة"))
    assert response.status_code == 302
    team_member.refresh_from_db()
    assert team_member.name_en == "Noura F."
    # visible but not editable: 403
    assert client.get(f"/ar/members/people/{other_director.pk}/edit/").status_code == 403
    assert client.post(f"/ar/members/people/{other_director.pk}/edit/", profile_post()).status_code == 403


def test_team_member_cannot_edit_the_director(login_as, team_member, director):
    assert login_as(team_member).get(f"/ar/members/people/{director.pk}/edit/").status_code == 403


def test_director_edits_own_entity_page_only(login_as, director, entity, other_entity):
    client = login_as(director)
    response = client.post(f"/ar/members/entities/{entity.pk}/edit/", {
        "short_name": "DET", "website": "https://det.example", "general_email": "media@det.example", "general_phone": "+971 4 111 2222",
        "social-TOTAL_FORMS": "1", "social-INITIAL_FORMS": "0", "social-MIN_NUM_FORMS": "0", "social-MAX_NUM_FORMS": "10",
        "social-0-platform": "instagram", "social-0-url": "https://instagram.example/det", "social-0-handle": "@det",
    })
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.general_email == "media@det.example"
    assert [account.handle for account in entity.social_accounts.all()] == ["@det"]
    assert client.get(f"/ar/members/entities/{other_entity.pk}/edit/").status_code == 403


def test_stale_profile_is_prompted_and_confirmed(login_as, director):
    User.objects.filter(pk=director.pk).update(profile_confirmed_at=timezone.now() - timezone.timedelta(days=91))
    client = login_as(director)
    assert "confirm-banner" in client.get("/ar/home/").content.decode()
    assert client.get("/ar/members/me/confirm/").status_code == 405
    assert client.post("/ar/members/me/confirm/").status_code == 302
    assert "confirm-banner" not in client.get("/ar/home/").content.decode()


def test_freshness_report_for_secretariat_only(login_as, secretariat, director, entity, other_entity):
    seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
    response = login_as(secretariat).get("/en/members/reports/freshness/")
    assert [e.name_en for e in response.context["entities_without_member"]] == ["Dubai Municipality"]
    assert director in response.context["stale_people"]
    assert login_as(director).get("/en/members/reports/freshness/").status_code == 404


def test_one_current_member_and_alternate_per_entity_with_history(entity, director, team_member):
    first = seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
    successor = PersonFactory(entity=entity, role="director")
    seat_assign(entity=entity, person=successor, seat=NetworkSeat.Seat.MEMBER)
    first.refresh_from_db()
    assert first.ended_on == timezone.localdate()
    assert list(NetworkSeat.objects.filter(entity=entity, seat="member", ended_on__isnull=True).values_list("person", flat=True)) == [successor.pk]
    assert NetworkSeat.objects.filter(entity=entity, seat="member").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkSeat.objects.create(entity=entity, person=team_member, seat="member")


def test_social_account_changes_are_audited(login_as, director, entity):
    login_as(director).post(f"/ar/members/entities/{entity.pk}/edit/", {
        "short_name": "DET", "website": "", "general_email": "", "general_phone": "",
        "social-TOTAL_FORMS": "1", "social-INITIAL_FORMS": "0", "social-MIN_NUM_FORMS": "0", "social-MAX_NUM_FORMS": "10",
        "social-0-platform": "x", "social-0-url": "https://x.example/det", "social-0-handle": "@det",
    })
    fields = [entry.details["fields"] for entry in AuditEntry.objects.filter(target_type="members.entity", action="updated")]
    assert ["social_accounts"] in fields


def _stored_files(root):
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_storage_failure_during_upload_is_a_form_error_and_changes_nothing(login_as, director, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker  # a real failure: the storage cannot create its folders
    response = login_as(director).post(
        f"/en/members/people/{director.pk}/edit/", {**profile_post(job_title_en="Changed"), "photo_upload": photo_with_exif_and_gps()}
    )
    assert response.status_code == 200
    assert "The photo could not be saved" in response.content.decode()
    director.refresh_from_db()
    assert (director.photo.name, director.job_title_en) == ("", "")


def test_database_failure_after_the_files_were_written_leaves_no_orphan(director, settings):
    from django.db import IntegrityError

    from members.services import profile_update

    # The check constraint on acting dates fails inside the transaction, after both renditions are stored.
    bad = {"acting_from": timezone.localdate(), "acting_until": timezone.localdate() - timezone.timedelta(days=1)}
    with pytest.raises(IntegrityError):
        profile_update(person=director, data=bad, acting_user=director, photo=photo_with_exif_and_gps())
    assert (settings.MEDIA_ROOT / "people" / "photos").is_dir()  # the renditions had been written...
    assert _stored_files(settings.MEDIA_ROOT) == []  # ...and were removed with the failed transaction
    director.refresh_from_db()
    assert not director.photo
