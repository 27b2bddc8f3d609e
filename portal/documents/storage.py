"""Local file storage that never shows a partial file under a real name.

Django's FileSystemStorage writes straight to the final name: a worker killed while copying a
100 MB upload would leave a truncated file there. Here the bytes go to a hidden temporary name in
the same folder, which is renamed into place (atomically, same file system) only once complete.
A killed worker leaves only a hidden `.partial-*` file, which nothing refers to and
`sweep_partial_files` removes.
"""
import contextlib
import os
import time
import uuid
from pathlib import Path

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        folder, base = os.path.split(name)
        temporary = os.path.join(folder, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{base}")
        try:
            written = super()._save(temporary, content)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(temporary))
            raise
        # The final name is a fresh generated one (get_available_name ran before _save): replace
        # cannot overwrite another upload.
        os.replace(self.path(written), self.path(name))
        return name

    def listdir(self, path):
        folders, files = super().listdir(path)
        return folders, [name for name in files if not name.startswith(PARTIAL_PREFIX)]


def sweep_partial_files(root, *, older_than_seconds=24 * 3600):
    """Remove temporary files left by workers killed mid-write; returns how many were removed."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    for path in Path(root).rglob(f"{PARTIAL_PREFIX}*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # the upload finished (renamed) or another sweep removed it meanwhile: nothing left to do
    return removed
