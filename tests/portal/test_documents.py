"""Documents: every accepted type stored, every upload attack refused with nothing stored, versions
that keep the link, withdrawal, who sees what (guests: only shared, 404 otherwise), audited
downloads with Arabic names, the streamed "download all" ZIP, and the query count of for_owners."""
import io
import zipfile
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.documents import services
from portal.documents.models import Document, DocumentVersion
from portal.models import AuditEntry
from portal import uploads
from tests.portal.test_documents_support import (  # noqa: F401 - fixtures
    OWNER_KEY, add, docx_bytes, image_bytes, owners, pdf_bytes, pptx_bytes, stored_files, upload, visible_files,
    xlsx_bytes, zip_bytes,
)

pytestmark = pytest.mark.django_db


def upload_url(entity):
    return reverse("documents:upload", args=[OWNER_KEY, entity.pk])


def post_upload(client, entity, name, content, **fields):
    data = {"kind": "report", "language": "ar", "title": "", "file": upload(name, content), **fields}
    return client.post(upload_url(entity), data)


def nothing_stored(settings):
    assert Document.objects.count() == 0
    assert DocumentVersion.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []
    return True


# Accepted types -------------------------------------------------------------------------------------

ACCEPTED = [
    ("محضر الاجتماع.pdf", pdf_bytes, "pdf"),
    ("برنامج.docx", docx_bytes, "docx"),
    ("عرض.pptx", pptx_bytes, "pptx"),
    ("جدول.xlsx", xlsx_bytes, "xlsx"),
    ("مرفقات.zip", zip_bytes, "zip"),
    ("صورة.jpg", lambda: image_bytes("JPEG"), "jpg"),
    ("صورة.png", lambda: image_bytes("PNG"), "png"),
]


@pytest.mark.parametrize("name,make,extension", ACCEPTED, ids=[item[2] for item in ACCEPTED])
def test_each_allowed_type_is_stored_as_sent_under_a_generated_name(owners, director, login_as, settings, name, make, extension):
    content = make()
    response = post_upload(login_as(director), owners, name, content)
    assert response.status_code == 302
    assert response["Location"] == f"/ar/members/entities/{owners.pk}/"
    document = Document.objects.get()
    version = document.current_version
    assert (document.title, document.kind, document.uploaded_by, version.number) == (name.rsplit(".", 1)[0], "report", director, 1)
    assert version.original_name == name and version.size == len(content)
    assert version.file.name.startswith("documents/") and version.file.name.endswith(f".{extension}")
    assert name.rsplit(".", 1)[0] not in version.file.name
    # Kept byte for byte (pictures too: they are served as attachments, never shown inline).
    assert (settings.MEDIA_ROOT / version.file.name).read_bytes() == content
    assert visible_files(settings.MEDIA_ROOT) == [version.file.name]


def test_upload_by_xhr_answers_json_for_the_progress_bar(owners, director, login_as):
    client = login_as(director)
    response = client.post(upload_url(owners), {"kind": "agenda", "language": "both", "title": "جدول الأعمال",
                                                "file": upload("agenda.pdf", pdf_bytes())},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    document = Document.objects.get()
    assert response.json() == {"ok": True, "redirect": f"/ar/members/entities/{owners.pk}/", "document": document.pk}
    bad = client.post(upload_url(owners), {"kind": "agenda", "language": "ar", "file": upload("x.pdf", b"<html>")},
                      headers={"X-Requested-With": "XMLHttpRequest"})
    assert bad.status_code == 400
    with translation.override("ar"):
        expected = str(_("The file's content does not match its type."))
    assert bad.json() == {"ok": False, "errors": {"file": [expected]}}


# Attacks ---------------------------------------------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ATTACKS = [
    ("svg with script", "logo.svg", SVG, "extension"),
    ("html renamed pdf", "report.pdf", b"<html><script>alert(1)</script></html>", "signature"),
    ("double extension", "x.pdf.exe", pdf_bytes, "extension"),
    ("path traversal", "../../settings.py", b"SECRET_KEY = 'x'", "extension"),
    ("zero bytes", "empty.pdf", b"", "empty"),
    ("png that is a pdf", "photo.png", pdf_bytes, "signature"),
    ("docx that is a plain zip", "letter.docx", zip_bytes, "signature"),
    ("broken zip", "archive.zip", b"PK\x03\x04garbage", "signature"),
    ("pixel bomb", "huge.png", lambda: image_bytes("PNG", size=(10000, 10000)), "pixels"),
]


@pytest.mark.parametrize("label,name,content,code", ATTACKS, ids=[item[0] for item in ATTACKS])
def test_upload_attacks_are_refused_with_nothing_stored(owners, director, login_as, settings, label, name, content, code):
    content = content() if callable(content) else content
    response = post_upload(login_as(director), owners, name, content)
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["file"]
    assert [error.code for error in errors] == [code]
    assert 'class="invalid-feedback d-block" role="alert"' in response.content.decode()
    assert nothing_stored(settings)


def test_zip_bombs_are_refused_before_anything_opens_them(owners, director, login_as, settings, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 10)
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(11):
            archive.writestr(f"{number}.txt", b"x")
    client = login_as(director)
    assert post_upload(client, owners, "many.zip", many.getvalue()).status_code == 400
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 5000)
    monkeypatch.setattr(uploads, "MAX_ZIP_UNPACKED_BYTES", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (2 * 1024 * 1024))
    assert len(bomb.getvalue()) < 10_000
    response = post_upload(client, owners, "bomb.zip", bomb.getvalue())
    assert [error.code for error in response.context["form"].errors.as_data()["file"]] == ["signature"]
    assert post_upload(client, owners, "bomb.docx", docx_bytes(paragraphs=["x" * (2 * 1024 * 1024)])).status_code == 400
    assert nothing_stored(settings)


def test_over_the_size_limit_is_refused_with_the_limit_named(owners, director, login_as, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\0" * (1024 * 1024)
    response = post_upload(login_as(director), owners, "big.pdf", content)
    assert response.status_code == 400
    [error] = response.context["form"].errors.as_data()["file"]
    assert (error.code, error.params) == ("size", {"limit": 1})
    with translation.override("ar"):
        assert response.context["form"].errors["file"] == [str(_("The file is too large: the limit is %(limit)d MB.") % {"limit": 1})]
    assert nothing_stored(settings)


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(owners, director, login_as, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    response = post_upload(login_as(director), owners, "big.pdf", pdf_bytes() + b"\0" * (3 * 1024 * 1024))
    assert response.status_code == 400
    with translation.override("ar"):
        expected = str(_("The file is too large: the limit is %(limit)d MB.") % {"limit": 1})
    assert response.context["form"].non_field_errors() == [expected]
    assert nothing_stored(settings)


def test_extra_post_fields_are_ignored(owners, director, other_director, login_as):
    post_upload(login_as(director), owners, "a.pdf", pdf_bytes(), uploaded_by=other_director.pk, status="withdrawn",
                owner_id=999, shared_with_guests="")
    document = Document.objects.get()
    assert (document.uploaded_by, document.status, document.owner_id, document.shared_with_guests) == (director, "active", owners.pk, False)


def test_a_kind_not_offered_for_the_owner_is_a_form_error(owners, director, login_as, settings):
    response = post_upload(login_as(director), owners, "a.pdf", pdf_bytes(), kind="media_kit")
    assert response.status_code == 400 and "kind" in response.context["form"].errors
    assert nothing_stored(settings)


def test_who_may_upload(owners, other_director, team_member, guest, login_as, settings):
    for user in (other_director, team_member):
        assert post_upload(login_as(user), owners, "a.pdf", pdf_bytes()).status_code == 403
    assert post_upload(login_as(guest), owners, "a.pdf", pdf_bytes()).status_code == 403
    assert login_as(None).post(upload_url(owners), {}).status_code == 302
    assert nothing_stored(settings)


def test_a_guest_cannot_reach_another_owners_upload_form(owners, other_entity, guest, login_as):
    assert login_as(guest).get(reverse("documents:upload", args=[OWNER_KEY, other_entity.pk])).status_code == 404
    assert login_as(guest).get(reverse("documents:upload", args=["nothing.here", owners.pk])).status_code == 404


# Versions ---------------------------------------------------------------------------------------

def test_a_new_version_keeps_the_link_serves_the_newest_and_keeps_history(owners, director, secretariat, login_as, settings):
    first, second = pdf_bytes(lines=[("en", "First draft")]), pdf_bytes(lines=[("en", "Approved text")])
    document = add(owners, director, "محضر.pdf", first)
    link = reverse("documents:download", args=[document.pk])
    client = login_as(director)
    response = client.post(reverse("documents:replace", args=[document.pk]), {"file": upload("محضر معتمد.pdf", second), "note": "اعتماد"})
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[document.pk])
    document.refresh_from_db()
    assert b"".join(client.get(link).streaming_content) == second
    assert [(v.number, v.original_name, v.note) for v in document.versions.all()] == [(2, "محضر معتمد.pdf", "اعتماد"), (1, "محضر.pdf", "")]
    old = client.get(reverse("documents:version_download", args=[document.pk, 1]))
    assert b"".join(old.streaming_content) == first
    assert len(visible_files(settings.MEDIA_ROOT)) == 2
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:version_download", args=[document.pk, 1]) in page


def test_older_versions_are_for_those_who_manage_the_document(owners, director, team_member, login_as):
    document = add(owners, director)
    services.document_replace(document=document, upload=upload("b.pdf", pdf_bytes()), acting_user=director)
    assert login_as(team_member).get(reverse("documents:version_download", args=[document.pk, 1])).status_code == 404
    assert login_as(team_member).get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert login_as(team_member).post(reverse("documents:replace", args=[document.pk]), {"file": upload("c.pdf", pdf_bytes())}).status_code == 403


def test_a_bad_new_version_changes_nothing(owners, director, login_as, settings):
    document = add(owners, director)
    before = stored_files(settings.MEDIA_ROOT)
    response = login_as(director).post(reverse("documents:replace", args=[document.pk]), {"file": upload("x.pdf", b"MZ\x90\x00")})
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.current_version.number == 1 and document.versions.count() == 1
    assert stored_files(settings.MEDIA_ROOT) == before


def test_edit_changes_only_the_editable_fields_and_is_audited(owners, director, login_as):
    document = add(owners, director)
    response = login_as(director).post(reverse("documents:edit", args=[document.pk]), {
        "title": "جدول أعمال الاجتماع", "kind": "agenda", "language": "both", "shared_with_guests": "on", "status": "withdrawn",
    })
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.kind, document.language, document.shared_with_guests, document.status) == (
        "جدول أعمال الاجتماع", "agenda", "both", True, "active")
    entry = AuditEntry.objects.filter(target_type="documents.document", action="updated").get()
    assert entry.details["old"]["kind"] == "minutes" and entry.details["new"]["kind"] == "agenda"


# Withdrawal and visibility --------------------------------------------------------------------------

def test_withdraw_hides_the_document_from_members_but_keeps_its_file(owners, director, team_member, secretariat, login_as, settings):
    document = add(owners, director)
    client = login_as(director)
    assert client.get(reverse("documents:withdraw", args=[document.pk])).status_code == 405
    assert Document.objects.get().status == "active"
    response = client.post(reverse("documents:withdraw", args=[document.pk]), {"reason": "نسخة خاطئة"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.withdrawn_by, document.withdrawal_reason) == ("withdrawn", director, "نسخة خاطئة")
    assert login_as(team_member).get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert list(Document.objects.visible_to(team_member)) == []
    assert list(Document.objects.visible_to(secretariat)) == [document]
    assert login_as(secretariat).get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert visible_files(settings.MEDIA_ROOT) == [document.current_version.file.name]


def test_a_guest_sees_only_shared_documents_of_their_owner(owners, other_entity, director, secretariat, guest, login_as):
    shared = add(owners, director, "shared.pdf", shared_with_guests=True)
    unshared = add(owners, director, "internal.pdf")
    elsewhere = add(other_entity, secretariat, "other.pdf", shared_with_guests=True)
    assert list(Document.objects.visible_to(guest)) == [shared]
    assert set(Document.objects.visible_to(director)) == {shared, unshared, elsewhere}
    client = login_as(guest)
    assert client.get(reverse("documents:download", args=[shared.pk])).status_code == 200
    for document in (unshared, elsewhere):
        for name in ("documents:download", "documents:detail", "documents:preview"):
            assert client.get(reverse(name, args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:download_all", args=[OWNER_KEY, other_entity.pk])).status_code == 404
    assert login_as(None).get(reverse("documents:download", args=[shared.pk])).status_code == 302


# Downloads ----------------------------------------------------------------------------------------------

def test_download_is_audited_and_carries_the_arabic_name(owners, director, team_member, login_as):
    content = pdf_bytes()
    document = add(owners, director, "محضر الاجتماع.pdf", content)
    response = login_as(team_member).get(reverse("documents:download", args=[document.pk]))
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("محضر الاجتماع.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="downloaded")
    assert (entry.actor, entry.target_id, entry.details) == (team_member, str(document.pk), {"file": "document", "version": 1})


def test_images_are_downloaded_as_attachments_never_inline(owners, director, login_as):
    document = add(owners, director, "صورة.png", image_bytes("PNG"))
    response = login_as(director).get(reverse("documents:download", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment;")


def test_x_accel_redirect_when_nginx_serves_the_bytes(owners, director, login_as, settings):
    settings.PROTECTED_FILES_X_ACCEL_PREFIX = "/_protected/"
    document = add(owners, director)
    response = login_as(director).get(reverse("documents:download", args=[document.pk]))
    assert response["X-Accel-Redirect"] == "/_protected/" + document.current_version.file.name
    assert response.content == b""


def test_download_all_streams_a_zip_of_what_the_user_may_open(owners, director, secretariat, guest, login_as):
    director.entity = owners
    contents = {"جدول الأعمال.pdf": pdf_bytes(lines=[("en", "Agenda")]), "عرض.pptx": pptx_bytes()}
    for name, content in contents.items():
        add(owners, director, name, content, kind="agenda", shared_with_guests=name.endswith(".pptx"))
    withdrawn = add(owners, director, "مسحوب.pdf")
    services.document_withdraw(document=withdrawn, acting_user=director)
    resume = docx_bytes()
    add(director, secretariat, "سيرة.docx", resume, kind="other")  # a related owner's document
    response = login_as(director).get(reverse("documents:download_all", args=[OWNER_KEY, owners.pk]))
    assert response.streaming and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(f"{owners.name}.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert members == {**contents, f"{director.name}/سيرة.docx": resume}
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names
    entries = AuditEntry.objects.filter(action="downloaded")
    assert entries.count() == 1 and entries.get().details["file"] == "documents-zip"
    guest_zip = zipfile.ZipFile(io.BytesIO(b"".join(login_as(guest).get(
        reverse("documents:download_all", args=[OWNER_KEY, owners.pk])).streaming_content)))
    assert guest_zip.namelist() == ["عرض.pptx"]


def test_for_owners_fetches_many_owners_documents_in_one_query(owners, other_entity, director, secretariat, django_assert_num_queries):
    from django.contrib.contenttypes.models import ContentType
    from members.models import Entity

    ContentType.objects.get_for_model(Entity)  # the content type cache, warm as in a running portal
    extra = [Entity.objects.create(name_ar=f"جهة {n}", name_en=f"Entity {n}", short_name=f"E{n}", sector="economy") for n in range(4)]
    add(owners, director)
    add(other_entity, secretariat)
    for size, entities in ((2, [owners, other_entity]), (6, [owners, other_entity, *extra])):
        for entity in entities[2:]:
            if not Document.objects.filter(owner_id=entity.pk).exists():
                add(entity, secretariat)
                add(entity, secretariat, "b.docx", docx_bytes())
        with django_assert_num_queries(1):
            documents = list(Document.objects.for_owners(entities))
            [(document.current_version.size, str(document.uploaded_by)) for document in documents]
        assert len(documents) == (2 if size == 2 else 10)


def test_the_panel_lists_documents_with_one_query(owners, other_entity, director, rf, django_assert_num_queries):
    from django.contrib.contenttypes.models import ContentType
    from django.template import Context, Template
    from members.models import Entity

    ContentType.objects.get_for_model(Entity)
    template = Template("{% load documents %}{% documents_panel owner documents can_upload %}")
    request = rf.get("/")
    request.user = director
    for count in (1, 5):
        while Document.objects.filter(owner_id=owners.pk).count() < count:
            add(owners, director, "عرض.pdf", shared_with_guests=True)
        with django_assert_num_queries(1):
            documents = list(Document.objects.for_owners([owners, other_entity]))
            html = template.render(Context({"request": request, "owner": owners, "documents": documents, "can_upload": True}))
        assert html.count('class="document-item') == count
        assert 'data-upload-progress' in html and '<progress' in html and 'accept=".docx,.jpeg,.jpg,.pdf,.png,.pptx,.xlsx,.zip"' in html
        assert '<span dir="ltr">' in html
