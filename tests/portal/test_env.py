"""portal/env.py: settings read from the environment fail loudly, naming the variable."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

VARIABLE = "GCN_TEST_SETTING"


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)


# env_str -----------------------------------------------------------------------------------------
def test_env_str_reads_and_strips_the_value(monkeypatch):
    monkeypatch.setenv(VARIABLE, "  smtp.gcn.example  ")
    assert env_str(VARIABLE) == "smtp.gcn.example"


def test_env_str_default_when_unset():
    assert env_str(VARIABLE, "fallback") == "fallback"
    assert env_str(VARIABLE, None) is None


def test_env_str_empty_value_is_kept_not_defaulted(monkeypatch):
    monkeypatch.setenv(VARIABLE, "")
    assert env_str(VARIABLE, "fallback") == ""


@pytest.mark.parametrize("reader", [env_str, env_bool, env_int, env_list])
def test_missing_required_variable_names_it(reader):
    with pytest.raises(ImproperlyConfigured) as error:
        reader(VARIABLE)
    assert str(error.value) == f"The environment variable {VARIABLE} must be set."


# env_bool ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " True "])
def test_env_bool_true_values(monkeypatch, raw):
    monkeypatch.setenv(VARIABLE, raw)
    assert env_bool(VARIABLE, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_env_bool_false_values(monkeypatch, raw):
    monkeypatch.setenv(VARIABLE, raw)
    assert env_bool(VARIABLE, True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(VARIABLE, raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool(VARIABLE, False)
    assert str(error.value) == f"{VARIABLE}={raw!r} is not a boolean (use true or false)."


def test_env_bool_default_when_unset():
    assert env_bool(VARIABLE, True) is True
    assert env_bool(VARIABLE, False) is False


# env_int -----------------------------------------------------------------------------------------
def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv(VARIABLE, " 587 ")
    assert env_int(VARIABLE, 25) == 587


def test_env_int_default_when_unset():
    assert env_int(VARIABLE, 60, minimum=0) == 60


@pytest.mark.parametrize("raw", ["ten", "1.5", "", "10s"])
def test_env_int_rejects_a_non_number_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(VARIABLE, raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_int(VARIABLE, 10)
    assert str(error.value) == f"{VARIABLE}={raw!r} is not a whole number."


def test_env_int_enforces_the_minimum_naming_the_variable(monkeypatch):
    monkeypatch.setenv(VARIABLE, "0")
    with pytest.raises(ImproperlyConfigured) as error:
        env_int(VARIABLE, 10, minimum=1)
    assert str(error.value) == f"{VARIABLE}=0 must be at least 1."


def test_env_int_accepts_the_minimum_itself(monkeypatch):
    monkeypatch.setenv(VARIABLE, "1")
    assert env_int(VARIABLE, 10, minimum=1) == 1


def test_env_int_default_is_not_checked_against_the_minimum():
    # The default is the code's own choice; only values from outside are validated.
    assert env_int(VARIABLE, 0, minimum=1) == 0


# env_list ----------------------------------------------------------------------------------------
def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(VARIABLE, " portal.gcn.example, ,localhost,, 127.0.0.1 ")
    assert env_list(VARIABLE, []) == ["portal.gcn.example", "localhost", "127.0.0.1"]


def test_env_list_default_is_a_fresh_copy():
    default = ["127.0.0.1"]
    value = env_list(VARIABLE, default)
    assert value == ["127.0.0.1"]
    value.append("evil.example")
    assert default == ["127.0.0.1"]


def test_env_list_empty_value_is_an_empty_list(monkeypatch):
    monkeypatch.setenv(VARIABLE, "")
    assert env_list(VARIABLE, ["127.0.0.1"]) == []


# The settings module itself ----------------------------------------------------------------------
def test_settings_refuse_to_start_without_secret_key_when_debug_is_off(monkeypatch):
    import importlib

    import portal.settings

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured) as error:
            importlib.reload(portal.settings)
        assert str(error.value) == "SECRET_KEY must be set when DEBUG is off."
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)


def test_settings_refuse_a_bad_boolean_naming_it(monkeypatch):
    import importlib

    import portal.settings

    monkeypatch.setenv("SECURE_SSL_REDIRECT", "maybe")
    try:
        with pytest.raises(ImproperlyConfigured) as error:
            importlib.reload(portal.settings)
        assert str(error.value) == "SECURE_SSL_REDIRECT='maybe' is not a boolean (use true or false)."
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)


# portal/dotenv.py: the local .env read by manage.py and gunicorn ------------------------------------
def _write(tmp_path, text):
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_dotenv_fills_only_unset_variables_real_environment_wins(tmp_path):
    from portal import dotenv

    path = _write(tmp_path, "DEBUG=true\nSECRET_KEY=from-file\nREDIS_URL=redis://file:6379/0\n")
    environ = {"DEBUG": "false", "REDIS_URL": ""}
    assert dotenv.load(path, environ) == ["SECRET_KEY"]
    # DEBUG in particular: the tests set DEBUG=false, and a developer's DEBUG=true cannot turn it on.
    assert environ == {"DEBUG": "false", "REDIS_URL": "", "SECRET_KEY": "from-file"}


def test_dotenv_ignores_comments_and_blank_lines(tmp_path):
    from portal import dotenv

    text = "# a comment\n\n   \n  # an indented comment\nA=1   # trailing comment\nB=a#b\nexport C = spaced value \nD=   # only a comment\n"
    environ = {}
    assert dotenv.load(_write(tmp_path, text), environ) == ["A", "B", "C", "D"]
    assert environ == {"A": "1", "B": "a#b", "C": "spaced value", "D": ""}


def test_dotenv_quotes(tmp_path):
    from portal import dotenv

    text = (
        "SINGLE='keeps # and \\n as they are'\n"
        'DOUBLE="two\\nlines, a \\"quote\\" and a \\\\"  # comment after the quotes\n'
        'EMPTY_QUOTED=""\n'
        "EMPTY=\n"
        "NAME='أحمد المنصوري'\n"
    )
    environ = {}
    dotenv.load(_write(tmp_path, text), environ)
    assert environ == {
        "SINGLE": "keeps # and \\n as they are",
        "DOUBLE": 'two\nlines, a "quote" and a \\',
        "EMPTY_QUOTED": "",
        "EMPTY": "",
        "NAME": "أحمد المنصوري",
    }


def test_dotenv_missing_file_changes_nothing(tmp_path):
    from portal import dotenv

    environ = {"DEBUG": "false"}
    assert dotenv.load(tmp_path / "absent.env", environ) == []
    assert environ == {"DEBUG": "false"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("oops", "expected NAME=value, got 'oops'."),
        ("1ABC=x", "expected NAME=value, got '1ABC=x'."),
        ("A='unclosed", "the value has no closing '."),
        ('A="x" y', "unexpected text after the quoted value: 'y'."),
    ],
)
def test_dotenv_refuses_a_line_it_cannot_read_naming_file_and_line(tmp_path, line, message):
    from portal import dotenv

    path = _write(tmp_path, f"OK=1\n{line}\n")
    environ = {}
    with pytest.raises(dotenv.DotenvError) as error:
        dotenv.load(path, environ)
    assert str(error.value) == f"{path}, line 2: {message}"
    assert environ == {}


def test_dotenv_env_file_names_the_file_and_empty_reads_none(tmp_path):
    from portal import dotenv

    path = _write(tmp_path, "GCN_FROM_FILE=yes\n")
    environ = {"ENV_FILE": str(path)}
    assert dotenv.load(environ=environ) == ["GCN_FROM_FILE"]
    assert environ["GCN_FROM_FILE"] == "yes"

    environ = {"ENV_FILE": ""}
    assert dotenv.load(environ=environ) == []
    assert environ == {"ENV_FILE": ""}


def test_settings_never_read_the_env_file(monkeypatch, tmp_path):
    """Only manage.py and portal/wsgi.py load .env: pytest imports the settings directly."""
    import importlib
    import os

    from django.conf import settings

    import portal.settings

    monkeypatch.setenv("ENV_FILE", str(_write(tmp_path, "DEBUG=true\nGCN_FROM_FILE=yes\n")))
    monkeypatch.delenv("DEBUG", raising=False)
    try:
        reloaded = importlib.reload(portal.settings)
        assert reloaded.DEBUG is False
        assert "GCN_FROM_FILE" not in os.environ
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)
    assert settings.DEBUG is False


def test_dotenv_reads_env_example_as_documented():
    """`cp .env.example .env` is a natural first step: every line must parse, trailing comments dropped."""
    from pathlib import Path

    from portal import dotenv

    values = dotenv.parse((Path(__file__).resolve().parents[2] / ".env.example").read_text())
    assert (values["DEBUG"], values["PORTAL_BASE_URL"], values["DEFAULT_FROM_EMAIL"], values["OIDC_NAME"]) == (
        "false", "http://127.0.0.1:8000", "GCN Portal <no-reply@gcn.localhost>", "UAE PASS",
    )
    assert values["SECRET_KEY"] == ""
    assert "ENV_FILE" not in values
