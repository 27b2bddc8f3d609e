"""Where the portals plug into the shell. `portal` imports no app: each app registers what it
brings in its `AppConfig.ready()`, and the shell's pages iterate over what was registered.

- `navigation`: the portals' entries in the header (`NavItem`).
- `dashboard_panels`: parts of the home page, `(request) -> HTML or None` (None: nothing to show).
- `entity_sections`: parts of an entity's page, `(request, entity) -> HTML or None`.
- `search_providers`: `(user, query, limit) -> [SearchResult]`, already limited to what `user` may open.
- `demo_seeders`: `DemoData`, run in order by `manage.py seed_demo`.

File kinds served by `portal.files` register there (`files.register`).
"""
from dataclasses import dataclass
from typing import Callable


class Registry:
    """Named entries kept in a stable order (`order`, then name); registering a name again replaces it."""

    def __init__(self):
        self._entries = {}

    def register(self, name, entry, *, order=100):
        self._entries[name] = (order, entry)

    def __iter__(self):
        return (entry for name, (order, entry) in sorted(self._entries.items(), key=lambda item: (item[1][0], item[0])))

    def names(self):
        return [name for name, _ in sorted(self._entries.items(), key=lambda item: (item[1][0], item[0]))]


@dataclass(frozen=True)
class NavItem:
    url_name: str  # e.g. "members:directory"; its namespace marks the active entry
    label: str  # lazily translated
    icon: str  # Bootstrap icon name
    permission: str  # who sees the entry
    coming_soon: bool = False  # a portal that is not open yet: shown as such, not as an empty page

    @property
    def namespace(self):
        return self.url_name.split(":")[0]


@dataclass(frozen=True)
class SearchResult:
    portal: str  # lazily translated group heading, e.g. "People"
    title: str
    subtitle: str
    url: str


@dataclass(frozen=True)
class DemoData:
    seed: Callable  # (stdout, context) -> None; `context` is a dict the seeders share (e.g. accounts)
    loaded: Callable = None  # () -> bool: is this app's demo data there already? (for --once)
    describe: Callable = None  # (stdout) -> None: print what a person needs to try it (logins)


navigation = Registry()
dashboard_panels = Registry()
entity_sections = Registry()
search_providers = Registry()
demo_seeders = Registry()
