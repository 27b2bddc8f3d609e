"""The one protected download view, /<lang>/files/<kind>/<pk>/ (portal/files.py)."""
import io
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from members.models import Entity
from portal import files
from portal.models import AuditEntry

ARABIC_NAME = "شعار الجهة.png"
ATTACHMENT = "attachment; filename*=utf-8''" + quote(ARABIC_NAME)
KIND = "test-entity-logo"
INLINE_KIND = "test-entity-logo-inline"


def png_bytes():
    output = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 60)).save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def download_kinds():
    common = {
        "model": Entity, "field": "logo",
        "permission": "members.edit_entity_page", "filename": lambda entity: ARABIC_NAME,
    }
    files.register(KIND, **common)
    files.register(INLINE_KIND, **common, inline_image=True)
    yield
    files.REGISTRY.pop(KIND)
    files.REGISTRY.pop(INLINE_KIND)


@pytest.fixture
def logo(entity, download_kinds):
    content = png_bytes()
    entity.logo.save(ARABIC_NAME, ContentFile(content))
    assert default_storage.exists(entity.logo.name)
    return content


def url(kind, pk):
    return f"/ar/files/{kind}/{pk}/"


def test_director_downloads_own_entity_logo_as_utf8_attachment(login_as, director, entity, logo):
    response = login_as(director).get(url(KIND, entity.pk))
    assert response.status_code == 200
    assert response.streaming is True
    # Reading the stream to its end closes the file, as a WSGI server does.
    assert b"".join(response.streaming_content) == logo
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == ATTACHMENT
    assert response["Content-Security-Policy"] == files.SANDBOX_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_download_writes_an_audit_entry(login_as, director, entity, logo):
    response = login_as(director).get(url(KIND, entity.pk), REMOTE_ADDR="10.1.2.3")
    assert b"".join(response.streaming_content) == logo
    entry = AuditEntry.objects.get(action="downloaded")
    assert (entry.action, entry.actor, entry.actor_label) == ("downloaded", director, "director@test.gcn.ae")
    assert (entry.target_type, entry.target_id) == ("members.entity", str(entity.pk))
    assert entry.details == {"file": KIND}
    assert entry.ip_address == "10.1.2.3"


def test_inline_image_is_sandboxed_and_not_audited(login_as, director, entity, logo):
    response = login_as(director).get(url(INLINE_KIND, entity.pk))
    # Reading the stream to its end closes the file, as a WSGI server does.
    assert b"".join(response.streaming_content) == logo
    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote(ARABIC_NAME)
    assert response["Content-Security-Policy"] == files.SANDBOX_CSP
    assert response["Cache-Control"] == "private, max-age=300"
    assert AuditEntry.objects.filter(action="downloaded").count() == 0


def test_anonymous_is_sent_to_login(client, entity, logo):
    response = client.get(url(KIND, entity.pk))
    assert response.status_code == 302
    assert response["Location"] == f"/ar/accounts/login/?next=/ar/files/{KIND}/{entity.pk}/"
    assert AuditEntry.objects.filter(action="downloaded").count() == 0


def test_user_who_may_not_download_gets_404(login_as, other_director, entity, logo):
    response = login_as(other_director).get(url(KIND, entity.pk))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="downloaded").count() == 0


def test_guest_gets_404(login_as, guest, entity, logo):
    assert login_as(guest).get(url(KIND, entity.pk)).status_code == 404


def test_unknown_kind_is_404(login_as, director, entity, logo):
    assert login_as(director).get(url("no-such-kind", entity.pk)).status_code == 404


def test_unknown_object_is_404(login_as, director, entity, logo):
    assert login_as(director).get(url(KIND, entity.pk + 1000)).status_code == 404


def test_entity_without_logo_is_404(login_as, director, entity, download_kinds):
    assert login_as(director).get(url(KIND, entity.pk)).status_code == 404


def test_file_missing_from_storage_is_404(login_as, director, entity, logo):
    default_storage.delete(entity.logo.name)
    assert login_as(director).get(url(KIND, entity.pk)).status_code == 404


def test_post_is_405(login_as, director, entity, logo):
    response = login_as(director).post(url(KIND, entity.pk))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert AuditEntry.objects.filter(action="downloaded").count() == 0


def test_x_accel_redirect_hands_the_file_to_nginx(settings, login_as, director, entity, logo):
    settings.PROTECTED_FILES_X_ACCEL_PREFIX = "/_protected/"
    response = login_as(director).get(url(KIND, entity.pk))
    assert response.status_code == 200
    assert response.streaming is False
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/" + quote(entity.logo.name)
    assert response["Content-Disposition"] == ATTACHMENT
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == files.SANDBOX_CSP
    assert AuditEntry.objects.filter(action="downloaded").count() == 1


def test_media_url_does_not_serve_the_file(client, login_as, director, entity, logo):
    response = login_as(director).get(f"/protected-media-not-served/{entity.logo.name}")
    assert response.status_code == 404


def test_on_s3_the_download_is_a_short_lived_presigned_redirect(login_as, director, entity, settings):
    """boto3 signs the URL locally: no request leaves the machine, yet this is the real S3 path."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "gcn-files", "endpoint_url": "http://127.0.0.1:9", "region_name": "me-central-1",
            "access_key": "AKIATESTKEY", "secret_key": "test-secret", "querystring_auth": True,
            "querystring_expire": 300, "default_acl": "private", "file_overwrite": False,
        }},
    }
    entity.logo.name = "entities/logos/2026/11/abc.png"
    type(entity).objects.filter(pk=entity.pk).update(logo=entity.logo.name)
    files.register("test-s3-logo", model=type(entity), field="logo",
                   permission="members.view_entity", filename=lambda obj: "شعار.png")
    try:
        response = login_as(director).get(f"/ar/files/test-s3-logo/{entity.pk}/")
    finally:
        files.REGISTRY.pop("test-s3-logo")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith("http://127.0.0.1:9/gcn-files/entities/logos/2026/11/abc.png?")
    assert "X-Amz-Expires=300" in url and "X-Amz-Signature=" in url
    assert "response-content-disposition=attachment%3B%20filename%2A%3Dutf-8%27%27%25D8%25B4" in url
