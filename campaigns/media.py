"""A campaign case's pictures: its cover and its gallery.

An upload is checked in the request, cheaply (type, size, signature, pixel count from the header,
and a decode at an eighth of its size for a JPEG), and kept as it came in `cover_source` or
`GalleryImage.source`; the renditions people see (the page's 1600 px and the grid's or gallery's
smaller one, metadata dropped) are made by a background task (campaigns/tasks.py), which then
deletes the upload. A page shows "the picture is being prepared" until then.

The gallery is written by the owner entity's people through the services below: keyword-only,
atomic, audited, files stored by portal.files.replacing_files. A published case whose gallery
changes goes back to the secretariat's review like any other change of the case
(campaigns.services.campaign_update), when the setting says so.

Its files are served by portal.files, with the case's own visibility: a draft's pictures are "not
found" for other entities.
"""
from contextlib import ExitStack

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from PIL import Image

from campaigns.models import Campaign, GalleryImage, Review
from portal import audit, files
from portal.embedded import JSONRows
from portal.uploads import validate_upload

# A gallery shows the campaign's key moments, not its whole archive (the documents hold those).
MAX_GALLERY_PICTURES = 24
# The size a JPEG is decoded at to prove it decodes: libjpeg skips most of the work below 1/8.
_PROBE_SIZE = (256, 256)
PICTURE_FIELDS = ("source", "image", "thumbnail")


def check_picture(upload):
    """Raise a translated ValidationError unless `upload` is a picture the renditions can be made
    from: the image upload rules (portal.uploads) and a decode that proves the data is whole (a
    truncated JPEG has a valid header). Cheap: a JPEG is decoded at an eighth of its size, a PNG's
    chunks are checked without decoding. Remembered on the upload, so the form and the service
    check it once."""
    if getattr(upload, "_campaign_picture_checked", False):
        return upload
    validate_upload(upload, "image")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format == "PNG":
                image.verify()
            else:
                # draft() before load(): the decoder then skips what the small size does not need.
                image.draft("RGB", _PROBE_SIZE)
                image.load()
    except Image.DecompressionBombError:
        raise ValidationError(_("The image has too many pixels."), code="pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("The image cannot be read: it may be damaged or cut short. Save it again and upload it."),
                              code="image") from None
    upload.seek(0)
    upload._campaign_picture_checked = True
    return upload


# Who may open a gallery picture: whoever sees its case (Campaign.objects.visible_to agrees).
@rules.predicate
def is_picture_case_visible(user, picture):
    return picture is not None and rules.has_perm("campaigns.view_campaign", user, picture.campaign)


rules.add_perm("campaigns.view_gallery_picture", is_picture_case_visible)


def register_files():
    for kind, field in (("campaign-picture", "image"), ("campaign-picture-small", "thumbnail")):
        files.register(
            kind, model=GalleryImage, field=field, permission="campaigns.view_gallery_picture",
            filename=lambda picture: f"campaign-{picture.campaign_id}-{picture.pk}.jpg", inline_image=True,
        )


# Writes ---------------------------------------------------------------------------------------------

def _may_edit_gallery(user, campaign):
    return user.is_active and user.has_perm("campaigns.edit_campaign", campaign)


def _lock_case(campaign):
    """The case's state, the row locked; refused while the secretariat reviews it."""
    state = Campaign.objects.select_for_update().values_list("state", flat=True).get(pk=campaign.pk)
    if state == Campaign.State.IN_REVIEW:
        raise ValidationError(_("This case is being reviewed by the secretariat: it can be edited again once it is returned or published."),
                              code="in_review")
    return state


def _back_to_review(campaign, state, acting_user):
    """A published case whose pictures changed goes back to review, as campaign_update does for
    its text: members read only what the secretariat has reviewed. Returns the audit detail."""
    from campaigns import notifications, services

    if state != Campaign.State.PUBLISHED or not services.reviews_updates():
        return {}
    campaign.state, campaign.submitted_at = Campaign.State.IN_REVIEW, timezone.now()
    campaign.save(update_fields=["state", "submitted_at", "updated_at"])
    Review.objects.create(campaign=campaign, action=Review.Action.RESUBMITTED, actor=acting_user)
    services._reindex_documents(campaign)
    notifications.submitted(campaign=campaign, acting_user=acting_user)
    return {"state": {"old": state, "new": campaign.state}}


def _too_many(count):
    return ValidationError(
        ngettext(
            "A case's gallery holds at most %(limit)d picture; remove one before adding another.",
            "A case's gallery holds at most %(limit)d pictures; remove some before adding more.",
            MAX_GALLERY_PICTURES,
        ) % {"limit": MAX_GALLERY_PICTURES},
        code="gallery_full", params={"count": count},
    )


def gallery_add(*, campaign, pictures, acting_user, request=None):
    """Add pictures to the case's gallery, after the ones it has. `pictures` is a list of dicts
    with `upload` and optional `caption_ar`, `caption_en`. Returns the new GalleryImage rows, whose
    renditions are made in the background."""
    if not _may_edit_gallery(acting_user, campaign):
        raise PermissionDenied
    pictures = list(pictures)
    if not pictures:
        return []
    if campaign.gallery.count() + len(pictures) > MAX_GALLERY_PICTURES:
        raise _too_many(len(pictures))
    rows = []
    for picture in pictures:
        check_picture(picture["upload"])
        row = GalleryImage(campaign=campaign, caption_ar=picture.get("caption_ar") or "", caption_en=picture.get("caption_en") or "")
        row.full_clean(exclude=["campaign", *PICTURE_FIELDS])
        rows.append(row)
    from campaigns import tasks

    with ExitStack() as stored:
        for row, picture in zip(rows, pictures):
            stored.enter_context(files.replacing_files(row, {"source": picture["upload"]}))
        with transaction.atomic():
            state = _lock_case(campaign)
            existing = list(campaign.gallery.values_list("position", flat=True))
            if len(existing) + len(rows) > MAX_GALLERY_PICTURES:  # counted again under the lock
                raise _too_many(len(rows))
            first = max(existing, default=-1) + 1
            for offset, row in enumerate(rows):
                row.position = first + offset
            GalleryImage.objects.bulk_create(rows)
            extra = _back_to_review(campaign, state, acting_user)
            audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request,
                         fields=["gallery"], gallery={"added": [row.pk for row in rows]}, **extra)
            # The job rows are written in this transaction: they exist exactly when the pictures do.
            for row in rows:
                tasks.make_gallery_renditions.enqueue(row.pk, row.source.name)
    return rows


def gallery_edit(*, campaign, acting_user, order=None, captions=None, remove=(), request=None):
    """Reorder, caption and remove the case's pictures.

    `order`: the pictures' pks in their new order (those left out keep their place after them);
    `captions`: {pk: (caption_ar, caption_en)}; `remove`: pks to delete, their files deleted after
    commit. Pks of another case's pictures are ignored."""
    if not _may_edit_gallery(acting_user, campaign):
        raise PermissionDenied
    captions = captions or {}
    with transaction.atomic():
        state = _lock_case(campaign)
        pictures = {picture.pk: picture for picture in campaign.gallery.order_by("position", "pk")}
        removed = [pictures.pop(pk) for pk in remove if pk in pictures]
        ordered = [pk for pk in (order or []) if pk in pictures]
        ordered += [pk for pk in pictures if pk not in ordered]
        changed = []
        for position, pk in enumerate(ordered):
            picture, update_fields = pictures[pk], []
            if picture.position != position:
                picture.position = position
                update_fields.append("position")
            if pk in captions:
                caption_ar, caption_en = (value.strip() for value in captions[pk])
                for name, value in (("caption_ar", caption_ar), ("caption_en", caption_en)):
                    if getattr(picture, name) != value:
                        setattr(picture, name, value)
                        update_fields.append(name)
            if update_fields:
                picture.full_clean(exclude=["campaign", *PICTURE_FIELDS])
                picture.save(update_fields=update_fields)
                changed.append(pk)
        if removed:
            names = [getattr(picture, field).name for picture in removed for field in PICTURE_FIELDS]
            GalleryImage.objects.filter(pk__in=[picture.pk for picture in removed]).delete()
            transaction.on_commit(lambda: [default_storage.delete(name) for name in names if name])
        if not (changed or removed):
            return campaign
        extra = _back_to_review(campaign, state, acting_user)
        audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request, fields=["gallery"],
                     gallery={"changed": changed, "removed": [picture.pk for picture in removed]}, **extra)
    return campaign


# Reads ----------------------------------------------------------------------------------------------

def gallery_of(campaign):
    """The case's pictures in their order, for the gallery manager (one query)."""
    return list(
        campaign.gallery.order_by("position", "pk")
        .only("pk", "campaign_id", "position", "caption_ar", "caption_en", "image", "thumbnail", "source")
    )


def case_gallery():
    """The case's pictures in their order, as its page shows them (templates/campaigns/_gallery.html):
    an annotation of the case's own query, read back with portal.embedded.instances. Read with
    the case, they follow its visibility and cost the page no query of their own."""
    return JSONRows(
        GalleryImage.objects.filter(campaign=OuterRef("pk")).order_by("position", "pk"),
        ("pk", "caption_ar", "caption_en", "image"),
    )
