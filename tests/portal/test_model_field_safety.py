"""Safety that lives on the model fields, so that no form (portal, admin, a future one) can skip it:
text cleaned of bidi controls and NUL bytes, uploads checked and pictures re-encoded, print-ready
(CMYK) logos accepted, broken pictures refused with a clear error — never a 500."""
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Entity, EntitySocialAccount
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: makes "gpj.exe" display as "exe.jpg"


def jpeg_bytes(mode="RGB", size=(60, 40)):
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 0) if mode == "CMYK" else (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def entity_form(**extra):
    return {"short_name": "DET", "website": "", "general_email": "", "general_phone": "",
            "social-TOTAL_FORMS": "0", "social-INITIAL_FORMS": "0", "social-MIN_NUM_FORMS": "0",
            "social-MAX_NUM_FORMS": "10", **extra}


# Text ------------------------------------------------------------------------------------------------
def test_saving_a_model_strips_bidi_controls_and_nul_whatever_wrote_it(entity):
    entity.name_en = f"Dubai{RLO} Police\u2066"
    entity.save(update_fields=["name_en"])
    account = EntitySocialAccount.objects.create(entity=entity, platform="x", url="https://x.example/d", handle=f"@det{RLO}\x00")
    entity.refresh_from_db()
    account.refresh_from_db()
    assert (entity.name_en, account.handle) == ("Dubai Police", "@det")


def admin_entity_form(entity, **extra):
    return {
        "name_ar": entity.name_ar, "name_en": entity.name_en, "short_name": "DET", "sector": "economy", "is_active": "on",
        "website": "", "general_email": "", "general_phone": "",
        **{f"{inline}-{count}": "0" for inline in ("social_accounts", "seats", "people") for count in ("TOTAL_FORMS", "INITIAL_FORMS")},
        **extra,
    }


def test_admin_edit_of_a_name_is_cleaned_too(login_as, secretariat, entity):
    response = login_as(secretariat).post(
        f"/en/admin/members/entity/{entity.pk}/change/", admin_entity_form(entity, name_en=f"Economy{RLO} and Tourism"),
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name_en == "Economy and Tourism"


# Logos -----------------------------------------------------------------------------------------------
def test_a_cmyk_jpeg_logo_from_a_print_workflow_is_accepted_and_stored_as_png(login_as, director, entity):
    response = login_as(director).post(
        f"/en/members/entities/{entity.pk}/edit/", {**entity_form(), "logo_upload": upload("logo-print.jpg", jpeg_bytes("CMYK"))},
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.logo.name.startswith("entities/logos/") and entity.logo.name.endswith(".png")
    with default_storage.open(entity.logo.name) as handle:
        stored = Image.open(handle)
        assert (stored.format, stored.mode, stored.size) == ("PNG", "RGB", (60, 40))


def test_a_truncated_jpeg_logo_is_a_clear_error_and_nothing_is_stored(login_as, director, entity):
    broken = jpeg_bytes(size=(400, 300))[:600]  # the header is intact, the picture is cut short
    response = login_as(director).post(
        f"/en/members/entities/{entity.pk}/edit/", {**entity_form(), "logo_upload": upload("logo.jpg", broken)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"logo_upload": ["The image cannot be read."]}
    entity.refresh_from_db()
    assert not entity.logo
    assert not default_storage.exists("entities")
    assert not AuditEntry.objects.filter(action="updated", target_type="members.entity").exists()


@pytest.mark.parametrize(("content", "error"), [
    (jpeg_bytes("CMYK"), None),
    (jpeg_bytes(size=(400, 300))[:600], "The image cannot be read."),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "The file's content does not match its type."),
])
def test_admin_logo_upload_never_fails_with_a_500(login_as, secretariat, entity, content, error):
    client = login_as(secretariat)
    response = client.post(
        f"/en/admin/members/entity/{entity.pk}/change/", admin_entity_form(entity, logo_upload=upload("logo.jpg", content)),
    )
    entity.refresh_from_db()
    if error is None:
        assert response.status_code == 302
        assert entity.logo.name.endswith(".png")
    else:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["logo_upload"] == [error]
        assert not entity.logo


def test_a_file_assigned_straight_to_the_model_is_checked_and_renamed(entity):
    # No form at all: the field itself re-encodes the picture under a generated name.
    entity.logo = upload("../../settings.py.jpg", jpeg_bytes())
    entity.save()
    assert entity.logo.name.startswith("entities/logos/") and entity.logo.name.endswith(".png")
    assert "settings" not in entity.logo.name


def test_replacing_a_logo_removes_the_old_file_after_commit(director, entity, django_capture_on_commit_callbacks):
    from members.services import entity_update

    with django_capture_on_commit_callbacks(execute=True):
        entity_update(entity=entity, data={}, acting_user=director, logo=upload("a.jpg", jpeg_bytes()))
    first = entity.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        entity_update(entity=entity, data={}, acting_user=director, logo=upload("b.jpg", jpeg_bytes()))
    assert entity.logo.name != first
    assert default_storage.exists(entity.logo.name) and not default_storage.exists(first)
    assert Entity.objects.get(pk=entity.pk).logo.name == entity.logo.name
