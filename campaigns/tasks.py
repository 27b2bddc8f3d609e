"""Background work of Al Multaqa: the renditions of a case's cover and gallery pictures.

The request only checks an upload and keeps it (campaigns/media.py); decoding a large photo twice
and writing two copies is the slow part, done here. Each job names the row and the upload it was
asked for: when the row is gone or holds another upload by the time the job runs (the cover was
replaced again, the picture removed), it leaves the row alone and removes only what it wrote.
"""
import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.images import checked_rendition
from portal.tasks import background

logger = logging.getLogger(__name__)


class _Superseded(Exception):
    pass


def _make_renditions(model, pk, source_field, targets, source_name):
    """Make the renditions `targets` (field names) of the row's upload in `source_field`, set them,
    empty the source and delete it and the replaced renditions after commit. Returns an outcome."""
    row = model._default_manager.filter(pk=pk).first()
    if row is None or getattr(row, source_field).name != source_name:
        return "superseded"
    source = getattr(row, source_field)
    written = {}
    try:
        with source.storage.open(source_name, "rb") as handle:
            for name in targets:
                field = model._meta.get_field(name)
                content = checked_rendition(handle, max_size=field.image_size, image_format=field.image_format)
                written[name] = field.storage.save(field.generate_filename(row, "upload.jpg"), content, max_length=field.max_length)
    except (ValidationError, FileNotFoundError):
        # Checked when uploaded, yet unreadable now (or gone): a retry would fail the same way.
        logger.warning("Could not make the renditions of %s %s from %s.", model.__name__, pk, source_name, exc_info=True)
        for name in written.values():
            default_storage.delete(name)
        model._default_manager.filter(pk=pk, **{source_field: source_name}).update(**{source_field: ""})
        transaction.on_commit(lambda: default_storage.delete(source_name))
        return "unreadable"
    except BaseException:
        for name in written.values():
            default_storage.delete(name)
        raise
    try:
        with transaction.atomic():
            locked = model._default_manager.select_for_update().filter(pk=pk).first()
            if locked is None or getattr(locked, source_field).name != source_name:
                raise _Superseded
            replaced = [getattr(locked, name).name for name in targets if getattr(locked, name).name]
            for name, stored in written.items():
                setattr(locked, name, stored)
            setattr(locked, source_field, "")
            locked.save(update_fields=[*targets, source_field])
            transaction.on_commit(lambda: [default_storage.delete(name) for name in [source_name, *replaced]])
    except _Superseded:
        for name in written.values():
            default_storage.delete(name)
        return "superseded"
    except BaseException:
        for name in written.values():
            default_storage.delete(name)
        raise
    return "done"


@background(label=_("Make a campaign cover's renditions"), attempts=3)
def make_cover_renditions(campaign_id, source_name):
    from campaigns.models import Campaign

    return _make_renditions(Campaign, campaign_id, "cover_source", ("cover", "cover_card"), source_name)


@background(label=_("Make a campaign gallery picture's renditions"), attempts=3)
def make_gallery_renditions(picture_id, source_name):
    from campaigns.models import GalleryImage

    return _make_renditions(GalleryImage, picture_id, "source", ("image", "thumbnail"), source_name)


def make_pending_renditions():
    """Make every rendition still waiting, here and now (demo data, which has no worker running
    yet). Returns how many uploads were processed."""
    from campaigns.models import Campaign, GalleryImage

    done = 0
    for pk, name in Campaign.objects.exclude(cover_source="").values_list("pk", "cover_source"):
        make_cover_renditions.call(pk, name)
        done += 1
    for pk, name in GalleryImage.objects.exclude(source="").values_list("pk", "source"):
        make_gallery_renditions.call(pk, name)
        done += 1
    return done
