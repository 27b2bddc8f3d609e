"""Read a local `.env` file into the environment, for `manage.py` and gunicorn (portal/wsgi.py).

`make run` writes a `.env` with a generated secret on first use, so that `python manage.py
createsuperuser` works in a checkout without exporting anything. The rules are few on purpose:

- a variable already in the environment wins: the file only fills what is unset;
- `NAME=value` per line; blank lines and lines starting with `#` are ignored; `export NAME=value`
  is accepted; an unquoted value ends at ` #` (a trailing comment), and is stripped;
- 'single quotes' keep their content as it is; "double quotes" understand \\n, \\" and \\\\;
- anything else is an error naming the file and line, rather than a setting silently lost;
- `ENV_FILE` names another file; `ENV_FILE=` (empty) reads none, which the tests and
  `check --deploy` use so that a developer's `.env` cannot change what they see.

The settings never read the file themselves: they read os.environ through portal/env.py.
Standard library only, because it runs before Django is imported.
"""
import os
import re
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".env"
_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_ESCAPES = {"n": "\n", '"': '"', "\\": "\\"}


class DotenvError(ValueError):
    pass


def parse(text, path=".env"):
    """The NAME → value pairs of a .env file's text, in order."""
    values = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise DotenvError(f"{path}, line {number}: expected NAME=value, got {line!r}.")
        name, raw = match.groups()
        values[name] = _value(raw, f"{path}, line {number}")
    return values


def _value(raw, where):
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = _closing_quote(raw, quote)
        if end is None:
            raise DotenvError(f"{where}: the value has no closing {quote}.")
        rest = raw[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            raise DotenvError(f"{where}: unexpected text after the quoted value: {rest!r}.")
        inner = raw[1:end]
        if quote == "'":
            return inner
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), inner)
    # Unquoted: a comment starts at a # that opens the value or follows whitespace ("a#b" stays whole).
    return re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()


def _closing_quote(raw, quote):
    index = 1
    while index < len(raw):
        if quote == '"' and raw[index] == "\\":
            index += 2
            continue
        if raw[index] == quote:
            return index
        index += 1
    return None


def load(path=None, environ=None):
    """Fill `environ` (os.environ) from the file; returns the names it set.

    Without `path`, reads ENV_FILE when that is set (empty: no file), else the checkout's .env.
    A missing file is not an error: production sets real environment variables instead.
    """
    environ = os.environ if environ is None else environ
    if path is None:
        path = environ.get("ENV_FILE", DEFAULT_PATH)
        if not str(path).strip():
            return []
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    added = []
    for name, value in parse(text, path).items():
        if name not in environ:
            environ[name] = value
            added.append(name)
    return added
