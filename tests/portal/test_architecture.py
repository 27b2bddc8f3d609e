"""The shape of the code: `portal/` imports no app, and no app imports another app's views.

Apps plug into the shell through portal.registry from their AppConfig.ready(); an import from
portal into an app would make the shell depend on one portal, and an app importing another's
views would tie two portals' pages together. The source is parsed with `ast`, so every form of
import counts (`import x`, `from x import y`, `from x.y import z`, inside functions, relative,
and `importlib.import_module("x")`), while the same words in strings and comments do not.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("members", "meetings", "campaigns", "resources", "studio")
# Functions that import the module named by their first argument.
IMPORTING_CALLS = {"import_module", "__import__", "import_string"}


def imported_modules(source, module_name):
    """(line, dotted name) of everything `source` imports, at any depth. `module_name` is the dotted
    name of the file's module, to resolve relative imports. `from a import b` yields both `a` and
    `a.b`, since `b` may be a module."""
    package = module_name.split(".")[:-1]  # for `a/b.py` and `a/__init__.py` alike: ["a"]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if function in IMPORTING_CALLS:
                yield node.lineno, node.args[0].value


def app_imports(source, module_name):
    """Imports of any app (the rule for `portal/`): [(line, module)]."""
    return [(line, name) for line, name in imported_modules(source, module_name) if name.split(".")[0] in APPS]


def is_views_module(part):
    return part == "views" or part.endswith("_views")


def other_app_views_imports(source, module_name):
    """Imports of another app's views modules (the rule for each app): [(line, module)]."""
    own_app = module_name.split(".")[0]
    found = []
    for line, name in imported_modules(source, module_name):
        parts = name.split(".")
        if parts[0] in APPS and parts[0] != own_app and len(parts) > 1 and is_views_module(parts[1]):
            found.append((line, name))
    return found


def python_files(package, *, root=ROOT, skip=()):
    for path in sorted((root / package).rglob("*.py")):
        if not any(part in skip for part in path.relative_to(root).parts):
            yield path


def violations(check, files, *, root=ROOT):
    """One `file:line imports module` per import that `check` reports in `files`."""
    found = []
    for path in files:
        relative = path.relative_to(root)
        module_name = ".".join(relative.with_suffix("").parts)
        found += [f"{relative}:{line} imports {name}" for line, name in check(path.read_text(encoding="utf-8"), module_name)]
    return found


def test_portal_imports_no_app():
    files = list(python_files("portal", skip={"migrations"}))
    assert len(files) > 20  # the walk found the package
    assert violations(app_imports, files) == []


@pytest.mark.parametrize("app", APPS)
def test_app_does_not_import_another_apps_views(app):
    files = list(python_files(app))
    assert files
    assert violations(other_app_views_imports, files) == []


# The checkers themselves: each must report what it exists to catch, and only that. ---------------

PORTAL_SOURCE = '''\
"""Imports members to show the checker finds it."""
import os
import members
from members.models import User
from meetings import views
import campaigns.models as campaign_models
from portal import registry
from django.contrib import admin
import membership  # a name that only starts like an app


def handler():
    from studio.models import Photo
    return importlib.import_module("resources.models")


text = "from members import views"  # a string, not an import
'''


def test_portal_checker_reports_every_form_of_app_import():
    assert app_imports(PORTAL_SOURCE, "portal.example") == [
        (3, "members"),
        (4, "members.models"), (4, "members.models.User"),
        (5, "meetings"), (5, "meetings.views"),
        (6, "campaigns.models"),
        (13, "studio.models"), (13, "studio.models.Photo"),
        (14, "resources.models"),
    ]


def test_violations_name_file_and_line(tmp_path):
    (tmp_path / "portal" / "migrations").mkdir(parents=True)
    (tmp_path / "portal" / "bad.py").write_text(
        "import os\n\n\ndef f():\n    from members.services import user_set_role\n", encoding="utf-8",
    )
    (tmp_path / "portal" / "migrations" / "0001_initial.py").write_text("import members.models\n", encoding="utf-8")
    files = python_files("portal", root=tmp_path, skip={"migrations"})
    assert violations(app_imports, files, root=tmp_path) == [
        "portal/bad.py:5 imports members.services",
        "portal/bad.py:5 imports members.services.user_set_role",
    ]


APP_SOURCE = '''\
from meetings.views import detail
from meetings import views as meeting_views, models
import campaigns.views
from members import invitation_views
from . import views
from .views import directory
from meetings.models import Meeting
from studio.photo_views import gallery
'''


def test_app_checker_reports_another_apps_views_only():
    assert other_app_views_imports(APP_SOURCE, "members.plugins") == [
        (1, "meetings.views"), (1, "meetings.views.detail"),
        (2, "meetings.views"),
        (3, "campaigns.views"),
        (8, "studio.photo_views"), (8, "studio.photo_views.gallery"),
    ]


def test_relative_imports_are_resolved():
    source = "from . import views\nfrom .views import directory\nfrom ..meetings import views\n"
    assert list(imported_modules(source, "members.sub.module")) == [
        (1, "members.sub"), (1, "members.sub.views"),
        (2, "members.sub.views"), (2, "members.sub.views.directory"),
        (3, "members.meetings"), (3, "members.meetings.views"),
    ]
    assert list(imported_modules("from .models import Meeting\n", "meetings.views")) == [
        (1, "meetings.models"), (1, "meetings.models.Meeting"),
    ]
