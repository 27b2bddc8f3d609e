"""Every UI string of the portal has an Arabic translation, and the catalogue is current."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "portal", "members", "meetings", "campaigns", "resources", "studio", "templates", "locale"]


def test_arabic_catalogue_covers_every_string_in_the_code(tmp_path):
    # Extract the strings afresh in a copy, so the check sees what the code says today.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete", "-v", "0"],
        cwd=tmp_path, check=True, env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "PYTHONPATH": str(tmp_path)},
    )
    catalogue = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
    ).stdout
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert missing == [], "Strings without an Arabic translation (run makemessages -l ar and translate):\n" + "\n".join(missing)
    assert "msgid" not in fuzzy, "Fuzzy (unchecked) translations:\n" + fuzzy
