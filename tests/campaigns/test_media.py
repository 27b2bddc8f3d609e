"""A case's pictures (campaigns/media.py, campaigns/tasks.py): the cover and gallery uploads checked in
the request and kept, their renditions made by the background task through the real worker path
(tests.conftest.run_queued_tasks), bad pictures refused with a clear error and nothing stored, the
gallery manager (add several with captions, reorder, caption, remove, the limit), the files served
with the case's own visibility, and the page's `srcset`."""
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.exceptions import ValidationError
from PIL import Image

from campaigns import media, services, tasks
from campaigns.models import Campaign, GalleryImage
from portal.models import AuditEntry
from tests.campaigns.factories import jpeg_with_gps, make_campaign

pytestmark = pytest.mark.django_db


def picture(name="picture.jpg", size=(1200, 900), colour="#0e5f6e", image_format="JPEG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (0, 160, 160, 20)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(os.path.relpath(os.path.join(folder, name), root) for folder, _dirs, names in os.walk(root) for name in names)


def opened(name):
    with default_storage.open(name) as handle:
        image = Image.open(handle)
        image.load()
    return image


def bad_pictures():
    whole = picture(size=(1600, 1200)).read()
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "#0b2a40").save(png, "PNG")
    bomb = io.BytesIO()
    # 100 megapixels of one bit each: a small file that would take 100 MB or more to decode.
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    return {
        "truncated": (SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]), "cannot be read"),
        "png named .jpg": (SimpleUploadedFile("photo.jpg", png.getvalue()), "does not match its type"),
        "bomb": (SimpleUploadedFile("bomb.png", bomb.getvalue()), "too many pixels"),
        "script named .jpg": (SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>"), "does not match its type"),
    }


# The cover ---------------------------------------------------------------------------------------------
def test_cover_is_kept_until_the_task_makes_its_renditions_without_metadata(
        login_as, director, entity, settings, django_capture_on_commit_callbacks, run_tasks):
    campaign = make_campaign(entity, state="draft")
    services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=jpeg_with_gps("غلاف.jpg", (2400, 1350)))
    campaign.refresh_from_db()
    source = campaign.cover_source.name
    assert source.startswith("campaigns/originals/") and "غلاف" not in source
    assert (campaign.cover.name, campaign.cover_card.name) == ("", "")
    # Until the worker has run, the page says the picture is being prepared.
    page = login_as(director).get(f"/en/campaigns/{campaign.pk}/").content.decode()
    assert 'id="cover-pending"' in page and "The picture is being prepared" in page

    with django_capture_on_commit_callbacks(execute=True):
        ran = run_tasks()
    assert [(row.task_path, row.status, row.return_value) for row in ran] == [
        ("campaigns.tasks.make_cover_renditions", "SUCCESSFUL", "done")]
    campaign.refresh_from_db()
    assert campaign.cover_source.name == ""
    assert not default_storage.exists(source)  # the upload itself is not kept
    for field, longest in (("cover", 1600), ("cover_card", 640)):
        name = getattr(campaign, field).name
        assert name.startswith("campaigns/covers/") and name.endswith(".jpg")
        image = opened(name)
        assert max(image.size) == longest and image.mode == "RGB"
        assert not image.getexif() and "exif" not in image.info
    page = login_as(director).get(f"/en/campaigns/{campaign.pk}/").content.decode()
    assert 'id="cover-pending"' not in page
    assert (f'srcset="/en/files/campaign-cover-card/{campaign.pk}/ 640w, /en/files/campaign-cover/{campaign.pk}/ 1600w"') in page


def test_a_new_cover_replaces_the_old_renditions_once_made(director, entity, django_capture_on_commit_callbacks, run_tasks):
    campaign = make_campaign(entity, state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=picture())
        run_tasks()
    campaign.refresh_from_db()
    old = [campaign.cover.name, campaign.cover_card.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=picture(colour="#7a5c14"))
    campaign.refresh_from_db()
    # The case keeps showing its old cover while the new one is prepared.
    assert [campaign.cover.name, campaign.cover_card.name] == old and campaign.cover_source
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    campaign.refresh_from_db()
    assert campaign.cover.name not in old and campaign.cover_card.name not in old
    assert not any(default_storage.exists(name) for name in old)


def test_a_job_for_a_replaced_or_deleted_upload_leaves_the_row_alone(director, entity, settings, django_capture_on_commit_callbacks, run_tasks):
    campaign = make_campaign(entity, state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=picture())
        services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=picture(colour="#8a1c1c"))
        ran = run_tasks()
    # The first job's upload was replaced before it ran: only the second one's renditions are set.
    assert [row.return_value for row in ran] == ["superseded", "done"]
    campaign.refresh_from_db()
    assert sorted(stored_files(settings)) == sorted([campaign.cover.name, campaign.cover_card.name])

    other = make_campaign(entity, state="draft", title_en="Deleted before its job ran")
    services.campaign_update(campaign=other, data={}, acting_user=director, cover=picture())
    source = Campaign.objects.get(pk=other.pk).cover_source.name
    Campaign.objects.filter(pk=other.pk).delete()
    assert tasks.make_cover_renditions.call(other.pk, source) == "superseded"


@pytest.mark.parametrize("kind", ["truncated", "png named .jpg", "bomb", "script named .jpg"])
def test_a_bad_cover_is_a_clear_form_error_and_nothing_is_stored(login_as, director, entity, settings, kind):
    upload, message = bad_pictures()[kind]
    campaign = make_campaign(entity, state="draft", title_en="Before")
    response = login_as(director).post(f"/en/campaigns/{campaign.pk}/edit/", {
        "title_ar": "حملة", "title_en": "After", "status": "planned", "starts_on": "2024-06-01",
        "kpis-TOTAL_FORMS": "0", "kpis-INITIAL_FORMS": "0", "cover": upload,
    })
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["cover"])
    campaign.refresh_from_db()
    assert (campaign.title_en, campaign.cover_source.name, campaign.cover.name) == ("Before", "", "")
    assert stored_files(settings) == []


def test_the_service_refuses_a_bad_cover_itself(director, entity, settings):
    # Whatever the caller (admin, a script): the service checks the upload before anything is stored.
    campaign = make_campaign(entity, state="draft")
    upload, _message = bad_pictures()["truncated"]
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(campaign=campaign, data={"title_en": "Changed"}, acting_user=director, cover=upload)
    assert refused.value.code == "image"
    assert Campaign.objects.get(pk=campaign.pk).title_en == "A campaign" and stored_files(settings) == []


def test_a_cmyk_cover_from_a_print_workflow_becomes_a_correct_rgb_rendition(director, entity, django_capture_on_commit_callbacks, run_tasks):
    campaign = make_campaign(entity, state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_update(campaign=campaign, data={}, acting_user=director, cover=picture("print.jpg", mode="CMYK"))
        run_tasks()
    campaign.refresh_from_db()
    image = opened(campaign.cover.name)
    assert image.mode == "RGB" and image.size == (1200, 900)


# The gallery -------------------------------------------------------------------------------------------
def gallery_post(files, captions=()):
    data = {"action": "add", "new-TOTAL_FORMS": "4", "new-INITIAL_FORMS": "0"}
    for index, upload in enumerate(files):
        data[f"new-{index}-picture"] = upload
    for index, (caption_ar, caption_en) in enumerate(captions):
        data[f"new-{index}-caption_ar"], data[f"new-{index}-caption_en"] = caption_ar, caption_en
    return data


def test_owner_adds_several_pictures_with_captions_and_the_page_shows_them(
        login_as, team_member, entity, other_director, django_capture_on_commit_callbacks, run_tasks):
    campaign = make_campaign(entity)  # published
    client = login_as(team_member)
    response = client.post(f"/en/campaigns/{campaign.pk}/gallery/", gallery_post(
        [picture("a.jpg"), picture("b.png", image_format="PNG"), picture("c.jpg", size=(3000, 2000))],
        [("الافتتاح", "The opening"), ("", "The stand"), ("", "")],
    ))
    assert response.status_code == 302 and response["Location"] == f"/en/campaigns/{campaign.pk}/gallery/"
    pictures = list(GalleryImage.objects.filter(campaign=campaign).order_by("position"))
    assert [(p.position, p.caption_en, p.is_ready, bool(p.source)) for p in pictures] == [
        (0, "The opening", False, True), (1, "The stand", False, True), (2, "", False, True)]
    # A published case whose pictures change goes back to review, like any change of the case.
    campaign.refresh_from_db()
    assert campaign.state == "in_review"
    entry = AuditEntry.objects.filter(target_id=str(campaign.pk), action="updated").latest("pk")
    assert entry.details["gallery"] == {"added": [p.pk for p in pictures]} and entry.actor == team_member

    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    for row in GalleryImage.objects.filter(campaign=campaign):
        assert row.is_ready and not row.source
        assert max(opened(row.image.name).size) == 1600 if row.position == 2 else max(opened(row.image.name).size) == 1200
        assert max(opened(row.thumbnail.name).size) == 480
    page = client.get(f"/en/campaigns/{campaign.pk}/").content.decode()
    first = pictures[0].pk
    assert (f'srcset="/en/files/campaign-picture-small/{first}/ 480w, /en/files/campaign-picture/{first}/ 1600w"') in page
    assert 'alt="The opening"' in page and 'alt="Campaign picture 3"' in page and 'loading="lazy"' in page
    arabic = client.get(f"/ar/campaigns/{campaign.pk}/").content.decode()
    assert 'alt="الافتتاح"' in arabic and 'alt="The stand"' in arabic  # falls back to the other language


def test_reorder_caption_and_remove_pictures(login_as, director, entity, django_capture_on_commit_callbacks):
    campaign = make_campaign(entity, state="draft")
    first, second, third = media.gallery_add(campaign=campaign, acting_user=director, pictures=[
        {"upload": picture(), "caption_en": "One"}, {"upload": picture(), "caption_en": "Two"}, {"upload": picture(), "caption_en": "Three"}])
    removed_file = second.source.name
    client = login_as(director)
    page = client.get(f"/en/campaigns/{campaign.pk}/gallery/")
    assert [form["picture"].value() for form in page.context["picture_forms"]] == [first.pk, second.pk, third.pk]
    data = {"action": "save", "pictures-TOTAL_FORMS": "3", "pictures-INITIAL_FORMS": "3"}
    for index, (pk, position, caption) in enumerate([(first.pk, 3, "One"), (second.pk, 2, "Two"), (third.pk, 1, "الثالثة")]):
        data.update({f"pictures-{index}-picture": pk, f"pictures-{index}-position": position, f"pictures-{index}-caption_en": caption,
                     f"pictures-{index}-caption_ar": ""})
    data["pictures-1-remove"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/campaigns/{campaign.pk}/gallery/", data)
    assert response.status_code == 302
    assert list(GalleryImage.objects.filter(campaign=campaign).order_by("position").values_list("pk", "position", "caption_en")) == [
        (third.pk, 0, "الثالثة"), (first.pk, 1, "One")]
    assert not default_storage.exists(removed_file)


def test_a_picture_of_another_case_cannot_be_touched_through_this_one(director, entity, other_entity, other_director):
    ours = make_campaign(entity, state="draft")
    theirs = make_campaign(other_entity, state="draft", title_en="Theirs")
    [their_picture] = media.gallery_add(campaign=theirs, acting_user=other_director, pictures=[{"upload": picture(), "caption_en": "Kept"}])
    media.gallery_edit(campaign=ours, acting_user=director, order=[their_picture.pk], captions={their_picture.pk: ("", "Changed")},
                       remove={their_picture.pk})
    their_picture.refresh_from_db()
    assert their_picture.caption_en == "Kept"
    with pytest.raises(Exception) as refused:
        media.gallery_add(campaign=theirs, acting_user=director, pictures=[{"upload": picture()}])
    assert type(refused.value).__name__ == "PermissionDenied"


def test_the_gallery_has_a_limit_with_a_clear_error(login_as, director, entity, settings, monkeypatch):
    monkeypatch.setattr(media, "MAX_GALLERY_PICTURES", 3)
    campaign = make_campaign(entity, state="draft")
    media.gallery_add(campaign=campaign, acting_user=director, pictures=[{"upload": picture()}, {"upload": picture()}])
    before = stored_files(settings)
    response = login_as(director).post(f"/en/campaigns/{campaign.pk}/gallery/", gallery_post([picture(), picture()]))
    assert response.status_code == 200
    assert response.context["error"] == "A case's gallery holds at most 3 pictures; remove some before adding more."
    assert GalleryImage.objects.filter(campaign=campaign).count() == 2 and stored_files(settings) == before


@pytest.mark.parametrize("kind", ["truncated", "png named .jpg", "bomb"])
def test_a_bad_gallery_picture_is_refused_and_nothing_is_stored(login_as, director, entity, settings, kind):
    upload, message = bad_pictures()[kind]
    campaign = make_campaign(entity, state="draft")
    response = login_as(director).post(f"/en/campaigns/{campaign.pk}/gallery/", gallery_post([picture(), upload]))
    assert response.status_code == 200
    assert message in " ".join(response.context["new_forms"].forms[1].errors["picture"])
    assert not GalleryImage.objects.exists() and stored_files(settings) == []


def test_gallery_files_follow_the_case_visibility(login_as, users, entity, django_capture_on_commit_callbacks, run_tasks):
    draft = make_campaign(entity, state="draft", title_en="Draft")
    published = make_campaign(entity, title_en="Published")
    with django_capture_on_commit_callbacks(execute=True):
        [hidden] = media.gallery_add(campaign=draft, acting_user=users["director"], pictures=[{"upload": picture()}])
        [shown] = media.gallery_add(campaign=published, acting_user=users["director"], pictures=[{"upload": picture()}])
        run_tasks()
    published.refresh_from_db()
    Campaign.objects.filter(pk=published.pk).update(state="published")  # the addition sent it to review
    expected = {
        "secretariat": (200, 200), "director": (200, 200), "team": (200, 200),
        "other_director": (404, 200), "guest": (404, 404),
    }
    for role, (draft_status, published_status) in expected.items():
        client = login_as(users[role])
        for kind in ("campaign-picture", "campaign-picture-small"):
            assert client.get(f"/en/files/{kind}/{hidden.pk}/").status_code == draft_status, (role, kind)
            response = client.get(f"/en/files/{kind}/{shown.pk}/")
            assert response.status_code == published_status, (role, kind)
            if published_status == 200:
                assert response["Content-Type"] == "image/jpeg" and "sandbox" in response["Content-Security-Policy"]


def test_other_entities_cannot_open_the_gallery_manager(login_as, users, entity):
    draft = make_campaign(entity, state="draft")
    published = make_campaign(entity, title_en="Published")
    assert login_as(users["other_director"]).get(f"/en/campaigns/{draft.pk}/gallery/").status_code == 404
    assert login_as(users["other_director"]).get(f"/en/campaigns/{published.pk}/gallery/").status_code == 403
    assert login_as(users["secretariat"]).get(f"/en/campaigns/{draft.pk}/gallery/").status_code == 403
    assert login_as(users["team"]).get(f"/en/campaigns/{draft.pk}/gallery/").status_code == 200


def test_demo_pictures_give_a_few_cases_a_ready_gallery_and_make_waiting_covers(director, entity, settings):
    from campaigns import demo_media

    first = make_campaign(entity, title_en="Dubai Can")
    second = make_campaign(entity, title_en="Second", state="draft")
    services.campaign_update(campaign=second, data={}, acting_user=director, cover=picture())
    out = io.StringIO()
    demo_media.seed(out, titles=["Dubai Can", "Second"])
    for campaign in (first, second):
        pictures = list(campaign.gallery.order_by("position"))
        assert len(pictures) == demo_media.PICTURES_PER_CASE
        assert all(p.is_ready and not p.source and p.caption_ar and p.caption_en for p in pictures)
    second.refresh_from_db()
    assert second.cover and second.cover_card and not second.cover_source
    assert out.getvalue().strip() == "2 campaign galleries; 9 pictures prepared"
    demo_media.seed(out, titles=["Dubai Can", "Second"])  # once only
    assert GalleryImage.objects.count() == 2 * demo_media.PICTURES_PER_CASE


# Admin ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["truncated", "bomb"])
def test_admin_change_form_refuses_a_bad_cover_as_a_form_error(login_as, secretariat, entity, settings, kind):
    from tests.campaigns.test_admin import change_data

    upload, message = bad_pictures()[kind]
    case = make_campaign(entity, state="in_review", title_en="Before")
    response = login_as(secretariat).post(f"/en/admin/campaigns/campaign/{case.pk}/change/", change_data(case, title_en="After", cover=upload))
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["cover"])
    assert Campaign.objects.get(pk=case.pk).title_en == "Before" and stored_files(settings) == []


def test_admin_change_form_takes_a_cover_through_the_background_task(
        login_as, secretariat, entity, django_capture_on_commit_callbacks, run_tasks):
    from tests.campaigns.test_admin import change_data

    case = make_campaign(entity, state="in_review")
    client = login_as(secretariat)
    assert 'enctype="multipart/form-data"' in client.get(f"/en/admin/campaigns/campaign/{case.pk}/change/").content.decode()
    response = client.post(f"/en/admin/campaigns/campaign/{case.pk}/change/", change_data(case, cover=jpeg_with_gps(size=(2000, 1000))))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.cover_source and not case.cover  # nothing decoded in full in the request
    with django_capture_on_commit_callbacks(execute=True):
        assert [row.return_value for row in run_tasks()] == ["done"]
    case.refresh_from_db()
    assert max(opened(case.cover.name).size) == 1600 and max(opened(case.cover_card.name).size) == 640


def test_video_links_are_plain_outbound_links_never_embeds(login_as, other_director, entity):
    case = make_campaign(entity, video_links='https://www.youtube.com/watch?v=abc\nhttps://example.org/"><script>x</script>')
    body = login_as(other_director).get(f"/en/campaigns/{case.pk}/").content.decode()
    videos = body[body.index('id="videos"'):body.index("</section>", body.index('id="videos"'))]
    assert videos.count("<a ") == 2
    assert ('<a href="https://www.youtube.com/watch?v=abc" dir="ltr" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer" '
            'target="_blank">') in videos
    assert "<script>x" not in videos and "&lt;script&gt;" in videos
    # Nothing on the page asks another site for anything: no frame, embed, or external picture or script.
    for tag in ("<iframe", "<embed", "<object", "<video", 'src="http'):
        assert tag not in body


def test_an_upload_unreadable_by_the_time_the_job_runs_is_dropped_not_retried(entity, settings, django_capture_on_commit_callbacks):
    # Checked when uploaded, so only storage damage gets here: the job gives up at once, cleanly.
    campaign = make_campaign(entity, state="draft")
    whole = picture().read()
    name = default_storage.save("campaigns/originals/2026/11/damaged.jpg", io.BytesIO(whole[:200]))
    Campaign.objects.filter(pk=campaign.pk).update(cover_source=name)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.make_cover_renditions.call(campaign.pk, name) == "unreadable"
    campaign.refresh_from_db()
    assert (campaign.cover_source.name, campaign.cover.name, campaign.cover_card.name) == ("", "", "")
    assert stored_files(settings) == []


def test_grid_cards_offer_both_cover_renditions_or_say_the_picture_is_being_prepared(login_as, other_director, entity):
    ready = make_campaign(entity, title_en="Ready", cover="campaigns/covers/a.jpg", cover_card="campaigns/covers/a-card.jpg")
    pending = make_campaign(entity, title_en="Pending", cover_source="campaigns/originals/b.jpg")
    body = login_as(other_director).get("/en/campaigns/").content.decode()
    assert (f'src="/en/files/campaign-cover-card/{ready.pk}/" srcset="/en/files/campaign-cover-card/{ready.pk}/ 640w, '
            f'/en/files/campaign-cover/{ready.pk}/ 1600w" sizes="(min-width: 1200px) 24rem, (min-width: 576px) 50vw, 100vw"') in body
    card = body[body.index(f'id="campaign-{pending.pk}-title"') - 600:body.index(f'id="campaign-{pending.pk}-title"')]
    assert "The picture is being prepared" in card and f"campaign-cover/{pending.pk}/" not in body
