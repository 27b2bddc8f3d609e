"""Background work of documents: text extraction and the PDF preview after each upload or
replacement, and the sweep of partial files left by killed workers."""
import logging
import shutil
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.tasks import PeriodicJob, background, periodic

logger = logging.getLogger(__name__)


@contextmanager
def local_path(field_file):
    """A path on this machine to the stored file: itself on local storage, a temporary copy (made
    in chunks) on S3."""
    try:
        path = field_file.storage.path(field_file.name)
    except NotImplementedError:
        path = None  # storage with no local files (S3): work on a temporary copy below
    if path is not None:
        # Yielded outside the try: a NotImplementedError from the caller's block is theirs, not a
        # sign that the storage has no local path.
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix="." + field_file.name.rsplit(".", 1)[-1]) as copy:
        with field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.flush()
        yield copy.name


@background(label=_("Read a document's text and make its preview"), attempts=3)
def extract_document(document_id, version_id):
    from portal.documents.extraction import extract_text
    from portal.documents.models import Document
    from portal.documents.previews import pdf_preview_png
    from portal.uploads import extension_of, storage_name

    document = Document.objects.select_related("current_version").filter(pk=document_id).first()
    if document is None or document.current_version_id != version_id:
        return "superseded"  # a newer version has its own job
    version = document.current_version
    extension = extension_of(version.file.name)
    preview_name = ""
    try:
        with local_path(version.file) as path:
            text = extract_text(path, extension)
            if extension == "pdf":
                png = pdf_preview_png(path)
                if png:
                    preview_name = document.preview.storage.save(
                        storage_name("documents/previews", "png"), ContentFile(png),
                    )
    except Exception:  # a broken or odd file: the document stays, without text
        logger.warning("Could not read document %s (version %s).", document_id, version_id, exc_info=True)
        Document.objects.filter(pk=document_id, current_version_id=version_id).update(extraction=Document.Extraction.FAILED)
        return "failed"
    old_preview = document.preview.name
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document_id)
            if locked.current_version_id != version_id:
                raise LookupError("superseded")
            locked.text = text
            locked.extraction = Document.Extraction.DONE if text or preview_name else Document.Extraction.NONE
            locked.preview = preview_name or ""
            locked.save(update_fields=["text", "extraction", "preview"])
    except LookupError:
        if preview_name:
            document.preview.storage.delete(preview_name)
        return "superseded"
    except BaseException:
        if preview_name:
            document.preview.storage.delete(preview_name)
        raise
    if old_preview and old_preview != preview_name:
        document.preview.storage.delete(old_preview)
    return "done"


@background(label=_("Remove partial files left by interrupted uploads"), attempts=3)
def sweep_partial_uploads():
    from django.core.files.storage import storages

    from portal.documents.storage import AtomicFileSystemStorage, sweep_partial_files

    if not isinstance(storages["default"], AtomicFileSystemStorage):
        return {"removed": 0}
    return {"removed": sweep_partial_files(settings.MEDIA_ROOT)}


def register_schedule():
    periodic.register("sweep_partial_uploads", PeriodicJob(
        sweep_partial_uploads, hour=4, minute=15, description="Remove partial files of interrupted uploads (daily 04:15)",
    ))
