"""`make run`: the local .env it writes once, and what manage.py and gunicorn make of it.

The subprocesses get a clean environment (PATH and ENV_FILE only), as a newcomer's shell would:
nothing exported, everything from the generated file.
"""
import base64
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from portal import dotenv

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import local_env  # noqa: E402 - scripts/ is not a package

SETTINGS_JSON = (
    "import json; from django.conf import settings; print(json.dumps({name: getattr(settings, name) for name in "
    "['DEBUG', 'SECRET_KEY', 'MFA_ENCRYPTION_KEY', 'ALLOWED_HOSTS', 'SECURE_SSL_REDIRECT', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS']}))"
)


@pytest.fixture
def env_file(tmp_path):
    path = tmp_path / ".env"
    assert local_env.main(["--path", str(path)]) == 0
    return path


def clean_environment(env_file, **extra):
    return {"PATH": os.environ["PATH"], "ENV_FILE": str(env_file), **extra}


def test_local_env_writes_secrets_and_plain_http_settings(tmp_path, capsys):
    env_file = tmp_path / ".env"
    assert local_env.main(["--path", str(env_file)]) == 0
    assert capsys.readouterr().out == f"Wrote {env_file} with new local secrets (not in git).\n"
    values = dotenv.parse(env_file.read_text())
    assert set(values) == {
        "SECRET_KEY", "MFA_ENCRYPTION_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    }
    assert {name: value for name, value in values.items() if name not in ("SECRET_KEY", "MFA_ENCRYPTION_KEY")} == {
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    assert len(values["SECRET_KEY"]) == 67  # token_urlsafe(50)
    assert len(base64.urlsafe_b64decode(values["MFA_ENCRYPTION_KEY"])) == 32  # a Fernet key
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600


def test_local_env_secrets_differ_from_one_file_to_the_next(env_file, tmp_path):
    other = tmp_path / "other.env"
    local_env.main(["--path", str(other)])
    first, second = dotenv.parse(env_file.read_text()), dotenv.parse(other.read_text())
    assert first["SECRET_KEY"] != second["SECRET_KEY"]
    assert first["MFA_ENCRYPTION_KEY"] != second["MFA_ENCRYPTION_KEY"]


def test_local_env_never_overwrites_and_warns_about_a_missing_key(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MFA_ENCRYPTION_KEY", raising=False)
    path = tmp_path / ".env"
    path.write_text("# mine\nSECRET_KEY=my-own-key\n")
    assert local_env.main(["--path", str(path)]) == 0
    assert path.read_text() == "# mine\nSECRET_KEY=my-own-key\n"
    output = capsys.readouterr()
    assert output.out == f"Using the existing {path} (left unchanged).\n"
    assert output.err == (
        f"WARNING: MFA_ENCRYPTION_KEY is missing or empty in {path}; the portal will not start with DEBUG off. "
        f"Add it, or delete {path} to have a fresh one written.\n"
    )


def test_manage_py_reads_the_env_file_without_exports(env_file):
    values = dotenv.parse(env_file.read_text())
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETTINGS_JSON],
        cwd=ROOT, env=clean_environment(env_file), capture_output=True, text=True, check=True,
    )
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECRET_KEY": values["SECRET_KEY"],
        "MFA_ENCRYPTION_KEY": values["MFA_ENCRYPTION_KEY"],
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_manage_py_real_environment_wins_over_the_env_file(env_file):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETTINGS_JSON],
        cwd=ROOT, env=clean_environment(env_file, DEBUG="true", SECRET_KEY="from-the-shell"),
        capture_output=True, text=True, check=True,
    )
    settings = json.loads(result.stdout)
    assert (settings["DEBUG"], settings["SECRET_KEY"]) == (True, "from-the-shell")


def test_createsuperuser_help_works_in_the_checkout(env_file):
    result = subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--help"],
        cwd=ROOT, env=clean_environment(env_file), capture_output=True, text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("usage: manage.py createsuperuser ")


def test_without_the_env_file_debug_off_refuses_to_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETTINGS_JSON],
        cwd=ROOT, env=clean_environment(tmp_path / "absent.env"), capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith("django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off.")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_gunicorn_as_make_run_starts_it_serves_the_portals_404_and_static_files(env_file, tmp_path):
    """What `make run` serves: DEBUG off from .env alone, the portal's own error page, WhiteNoise."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    environment = clean_environment(env_file, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    if not manifest.exists():  # `make test` collects them first; a quick `make pytest` may not have
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True)
    css = json.loads(manifest.read_text())["paths"]["css/portal.css"]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1", "--threads", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.1)
        status, headers, body = fetch(f"{base}/ar/no-such-page/")
        page = body.decode()
        assert status == 404
        assert re.search(r"<title>(.*)</title>", page).group(1) == "الصفحة غير موجودة · Page not found"
        assert "<h1>الصفحة غير موجودة</h1>" in page
        assert "Traceback" not in page and "technical_404" not in page and "DEBUG = True" not in page

        status, headers, body = fetch(f"{base}/static/{css}")
        assert (status, headers["Content-Type"].split(";")[0]) == (200, "text/css")
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"  # WhiteNoise, hashed name
        assert body == (ROOT / "staticfiles" / css).read_bytes()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.mark.parametrize("procfile", ["Procfile", "Procfile.dev"])
def test_make_run_starts_the_web_server_the_worker_and_the_schedule_together(procfile):
    # honcho (what `make run` and `make dev` use) reads the file as it will when starting them.
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("honcho")), "check", "-f", procfile],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert "Valid procfile detected (web, worker, scheduler)" in checked.stderr
    commands = dict(line.split(": ", 1) for line in (ROOT / procfile).read_text().splitlines() if line and not line.startswith("#"))
    assert "manage.py db_worker" in commands["worker"] and "manage.py run_schedule --loop" in commands["scheduler"]
    assert "$PORT" in commands["web"]
