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
