"""Faults during an upload: storage failing mid-write, the database failing after the file was
written, and a worker killed (SIGKILL) while the file is being written. Each leaves no row and
no visible file; a killed worker's hidden partial file is removed by the sweep."""
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from portal.documents import services
from portal.documents.models import Document, DocumentVersion
from portal.documents.storage import sweep_partial_files
from tests.portal.test_documents_support import (  # noqa: F401 - fixtures
    ROOT, add, owners, pdf_bytes, stored_files, visible_files,
)


class FailingUpload(SimpleUploadedFile):
    """A file whose bytes stop arriving halfway (a disk full, a network storage gone)."""

    def chunks(self, chunk_size=None):
        self.file.seek(0)
        yield self.file.read(1000)
        raise OSError("No space left on device")


@pytest.mark.django_db
def test_storage_failing_mid_write_leaves_no_row_and_no_file(owners, director, settings):
    upload = FailingUpload("محضر.pdf", pdf_bytes())
    with pytest.raises(OSError):
        services.document_upload(owner=owners, upload=upload, kind="minutes", language="ar", acting_user=director)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_a_database_failure_after_the_file_was_written_removes_the_file(owners, director, settings, monkeypatch):
    from portal.documents import services as module

    def refuse(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(module.audit, "record", refuse)
    with pytest.raises(DatabaseError):
        add(owners, director)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert stored_files(settings.MEDIA_ROOT) == []


WORKER = """
import sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from members.models import Entity, User
from portal import registry
from portal.documents import services
from tests.portal.test_documents_support import OWNER_KEY, entity_owner, pdf_bytes

entity = Entity.objects.get(pk=int(sys.argv[1]))
registry.document_owners.register(OWNER_KEY, entity_owner(entity))


class SlowUpload(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        self.file.seek(0)
        yield self.file.read(1000)
        print("WRITING", flush=True)
        time.sleep(60)
        yield self.file.read()


content = pdf_bytes() + b"\\0" * 100_000
services.document_upload(owner=entity, upload=SlowUpload("big.pdf", content), kind="minutes", language="ar",
                         acting_user=User.objects.get(pk=int(sys.argv[2])))
print("DONE", flush=True)
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_upload_leaves_no_row_and_no_visible_file(owners, director, settings):
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_URL": f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(owners.pk), str(director.pk)], cwd=ROOT, env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stdout.readline().strip() == "WRITING", worker.stderr.read()
        partial = stored_files(settings.MEDIA_ROOT)
        assert len(partial) == 1 and os.path.basename(partial[0]).startswith(".partial-")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert visible_files(settings.MEDIA_ROOT) == []
    assert sweep_partial_files(settings.MEDIA_ROOT, older_than_seconds=3600) == 0  # a fresh one may be a live upload
    past = time.time() - 2 * 3600
    for name in stored_files(settings.MEDIA_ROOT):
        os.utime(settings.MEDIA_ROOT / name, (past, past))
    assert sweep_partial_files(settings.MEDIA_ROOT, older_than_seconds=3600) == 1
    assert stored_files(settings.MEDIA_ROOT) == []
