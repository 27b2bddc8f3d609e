"""Bench (d): a gunicorn worker's memory while a 500 MB document is uploaded, downloaded, and
streamed back in a "download all" ZIP, as a fraction of the bytes moved (target: at most 2%).

The worker's resident memory (/proc/<pid>/status VmRSS) is sampled every 20 ms during each
transfer, next to its value just before; the growth is the highest sample minus that value.
The document is a PDF header followed by padding, generated as it is sent: the client holds
nothing either. Its own database (BENCH_DOCUMENTS_DATABASE_URL), media folder and
DOCUMENT_MAX_UPLOAD_MB; the figures are merged into bench.json under "d_document_memory".
"""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DOCUMENTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gcn_bench_documents")
PORT = int(os.environ.get("BENCH_DOCUMENTS_PORT", "8798"))
SIZE = int(os.environ.get("BENCH_DOCUMENT_MB", "500")) * 1024 * 1024
TARGET = 0.02
OWNER_KEY = "bench.entity"
CHUNK = 1024 * 1024


def register_owner():
    """The bench's document owner: an entity, open to the network's members (no app needed)."""
    from members.models import Entity, Role
    from portal import registry

    registry.document_owners.register(OWNER_KEY, registry.DocumentOwner(
        model=Entity, visible_owners=lambda user: Entity.objects.all(), guests_only_shared=lambda user: user.role == Role.GUEST,
        can_upload=lambda user, owner: user.role == Role.DIRECTOR, can_manage=lambda user, document: False,
        audiences=lambda owner, document: ("members",), owner_url=lambda owner: "/ar/", label=lambda owner: owner.name,
    ))


def wsgi_application():
    """gunicorn's entry point for the bench (`bench_documents:wsgi_application()`)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    register_owner()
    return application


def setup(media_root):
    os.environ.update({
        "DATABASE_URL": BENCH_DB, "CACHE_KEY_PREFIX": f"benchdocs{os.getpid()}", "MEDIA_ROOT": str(media_root),
        "DOCUMENT_MAX_UPLOAD_MB": str(SIZE // (1024 * 1024) + 10), "DJANGO_SETTINGS_MODULE": "portal.settings",
    })
    import psycopg
    from psycopg import sql

    server, name = BENCH_DB.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    register_owner()


def memory_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith(field + ":")).split()[1])


class Sampler:
    """The highest VmRSS of `pid` while the block runs, sampled every 20 ms."""

    def __init__(self, pid):
        self.pid, self.peak_kb, self.running = pid, 0, False

    def __enter__(self):
        self.before_kb = memory_kb(self.pid, "VmRSS")
        self.peak_kb, self.running = self.before_kb, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while self.running:
            self.peak_kb = max(self.peak_kb, memory_kb(self.pid, "VmRSS"))
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak_kb = max(self.peak_kb, memory_kb(self.pid, "VmRSS"))

    def result(self, moved, seconds):
        growth = (self.peak_kb - self.before_kb) * 1024
        return {
            "bytes_moved": moved, "rss_before_mb": round(self.before_kb / 1024, 1), "rss_peak_mb": round(self.peak_kb / 1024, 1),
            "growth_mb": round(growth / 2**20, 2), "growth_fraction": round(growth / moved, 5), "target": TARGET,
            "ok": growth / moved <= TARGET, "seconds": round(seconds, 2),
        }


def worker_pid(master):
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def csrf_pair():
    """A CSRF secret of our own in the cookie and the header (Django accepts an unmasked secret):
    no page is fetched, so the bench measures the transfers only."""
    from django.utils.crypto import get_random_string

    token = get_random_string(32)
    return token, f"csrftoken={token}"


def upload(path, cookie, size):
    """POST a multipart form whose file of `size` bytes is generated as it is sent."""
    token, csrf_cookie = csrf_pair()
    boundary = uuid.uuid4().hex
    fields = {"csrfmiddlewaretoken": token, "title": "Bench document", "kind": "report", "language": "en"}
    head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields.items())
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    tail = f"\r\n--{boundary}--\r\n".encode()
    pdf_head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

    def body():
        yield head.encode() + pdf_head
        left = size - len(pdf_head)
        block = b"\0" * CHUNK
        while left > 0:
            yield block[:min(CHUNK, left)]
            left -= CHUNK
        yield tail

    length = len(head.encode()) + size + len(tail)
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.request("POST", path, body=body(), headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length),
        "Cookie": f"{cookie}; {csrf_cookie}", "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest",
    })
    response = connection.getresponse()
    answer = response.read()
    if response.status != 200:
        raise RuntimeError(f"upload failed: {response.status} {answer[:500]!r}")
    return json.loads(answer)["document"], length


def download(path, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"download failed: {response.status}")
    received = 0
    while chunk := response.read(CHUNK):
        received += len(chunk)
    return received


def main():
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as media_root:
        setup(media_root)
        from django.conf import settings
        from django.test import Client

        from members.models import Entity, Role
        from tests.conftest import make_user

        entity = Entity.objects.create(name_ar="دائرة الاقتصاد والسياحة", name_en="Department of Economy and Tourism", short_name="DET", sector="economy")
        user = make_user("bench-director@bench.gcn.ae", Role.DIRECTOR, entity)
        client = Client()
        client.force_login(user, backend="members.backends.AuthenticationBackend")
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench_documents:wsgi_application()", "--pythonpath", str(ROOT / "scripts"),
             "--workers", "1", "--timeout", "600", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, "DATABASE_POOL": "true"},
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            pid = worker_pid(server.pid)
            upload_path = f"/ar/documents/add/{OWNER_KEY}/{entity.pk}/"
            # Warm-up: every code path once with a small file, so the figures are the transfer's own.
            small, _ = upload(upload_path, cookie, 4 * CHUNK)
            download(f"/ar/documents/{small}/download/", cookie)
            download(f"/ar/documents/all/{OWNER_KEY}/{entity.pk}/", cookie)
            from portal.documents.models import Document
            from portal.documents.services import document_withdraw

            document_withdraw(document=Document.objects.get(pk=small), acting_user=user)
            report = {}
            with Sampler(pid) as sampler:
                start = time.perf_counter()
                document, moved = upload(upload_path, cookie, SIZE)
            report["upload"] = sampler.result(moved, time.perf_counter() - start)
            with Sampler(pid) as sampler:
                start = time.perf_counter()
                moved = download(f"/ar/documents/{document}/download/", cookie)
            report["download"] = sampler.result(moved, time.perf_counter() - start)
            with Sampler(pid) as sampler:
                start = time.perf_counter()
                moved = download(f"/ar/documents/all/{OWNER_KEY}/{entity.pk}/", cookie)
            report["download_all_zip"] = sampler.result(moved, time.perf_counter() - start)
            report["worker_peak_mb_vmhwm"] = round(memory_kb(pid, "VmHWM") / 1024, 1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{'transfer':<18} {'MB moved':>9} {'RSS before':>11} {'growth MB':>10} {'fraction':>9} {'target':>7}")
    for name in ("upload", "download", "download_all_zip"):
        row = report[name]
        print(f"{name:<18} {row['bytes_moved'] / 2**20:>9.0f} {row['rss_before_mb']:>11} {row['growth_mb']:>10} "
              f"{row['growth_fraction']:>9.4f} {'ok' if row['ok'] else 'OVER':>7}")
    bench = ROOT / "bench.json"
    merged = json.loads(bench.read_text()) if bench.exists() else {}
    merged["d_document_memory"] = report
    bench.write_text(json.dumps(merged, indent=2, ensure_ascii=False))
    return 0 if all(report[name]["ok"] for name in ("upload", "download", "download_all_zip")) else 1


if __name__ == "__main__":
    sys.exit(main())
