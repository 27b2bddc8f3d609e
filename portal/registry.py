"""Where the portals plug into the shell. `portal` imports no app: each app registers what it
brings in its `AppConfig.ready()`, and the shell's pages iterate over what was registered.

- `navigation`: the portals' entries in the header (`NavItem`).
- `dashboard_panels`: parts of the home page, `(request) -> HTML or None` (None: nothing to show).
- `entity_sections`: parts of an entity's page, `(request, entity) -> HTML or None`.
- `search_providers`: `SearchProvider`s: which objects of a model the one search index holds, and how
  each is written (`SearchDocument`: titles, text, link, date, audiences). Registering one connects
  its models' signals, so every save re-indexes in the same transaction (portal.search).
- `search_audiences`: `(user) -> [key]` (or a queryset of keys): the audiences a user belongs to
  ("members", "meeting:12"); a search entry is found only by users holding one of its keys.
- `demo_seeders`: `DemoData`, run in order by `manage.py seed_demo`.
- `document_owners`: `DocumentOwner`s: the models documents can be attached to (portal.documents),
  under a key used in URLs ("meetings.meeting"), with who may see, upload and manage them.
- `agenda_item_links`: what other portals attach to a meeting's agenda items (e.g. the campaigns an
  item presents), `(request, agenda_items) -> {agenda_item_pk: HTML}`; called once per meeting page
  with all its items, so a provider answers with one query, and shows only what the user may open.

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

    def items(self):
        """(name, entry) pairs in the same order."""
        return [(name, entry) for name, (order, entry) in sorted(self._entries.items(), key=lambda item: (item[1][0], item[0]))]


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
class SearchDocument:
    """What the search index holds of one object; both languages, whatever the active one."""

    title_ar: str
    title_en: str
    url_name: str  # reversed when shown, in the page's language: "members:person"
    url_args: tuple
    audiences: tuple  # who may find it: ("members",), ("members", "meeting:12")
    subtitle_ar: str = ""
    subtitle_en: str = ""
    text_ar: str = ""
    text_en: str = ""
    date: object = None  # a datetime, or None


@dataclass(frozen=True)
class SearchProvider:
    """One kind of searchable object. `indexed()` is every object the index should hold (others are
    removed from it); `document(obj)` describes one. A save of `model` re-indexes that object; a save
    of a model in `depends_on` re-indexes the objects its function returns (a queryset of `model`),
    e.g. an entity's people when the entity is renamed; `m2m` through models re-index on m2m_changed.
    `fields`: the model fields the document reads; a save naming only other fields (last_login) is
    skipped."""

    portal: str  # the portal it belongs to: "members"
    label: str  # lazily translated group heading, e.g. "People"
    model: type
    indexed: Callable  # () -> QuerySet of `model`
    document: Callable  # (obj) -> SearchDocument
    fields: frozenset = None  # None: every save re-indexes
    depends_on: tuple = ()  # ((OtherModel, (other_instance) -> QuerySet of `model`), ...)
    m2m: tuple = ()  # through models of `model`'s many-to-many fields the document reads


class SearchProviders(Registry):
    def register(self, name, entry, *, order=100):
        super().register(name, entry, order=order)
        from portal import search

        search.connect_provider(name, entry)

    def get(self, name):
        return self._entries[name][1] if name in self._entries else None


@dataclass(frozen=True)
class DemoData:
    seed: Callable  # (stdout, context) -> None; `context` is a dict the seeders share (e.g. accounts)
    loaded: Callable = None  # () -> bool: is this app's demo data there already? (for --once)
    describe: Callable = None  # (stdout) -> None: print what a person needs to try it (logins)


@dataclass(frozen=True)
class DocumentOwner:
    """A model that documents (portal.documents) can be attached to, and its rules.

    `visible_owners(user)` is used as a subquery of `Document.objects.visible_to(user)`, so one
    query answers for every owner type; the other callables decide one object at a time."""

    model: type
    visible_owners: Callable  # (user) -> QuerySet of `model` the user may see
    guests_only_shared: Callable  # (user) -> bool: True, the user sees only documents shared with guests
    can_upload: Callable  # (user, owner) -> bool
    can_manage: Callable  # (user, document) -> bool: replace, withdraw, edit (besides its uploader)
    audiences: Callable  # (owner, document) -> search audience keys: ("members", "meeting:12")
    owner_url: Callable  # (owner) -> str: the page the document belongs to
    kinds: tuple = ()  # Document.Kind values offered for this owner; () for all
    on_added: Callable = None  # (document, acting_user) -> None, called once the upload is committed
    # (owner) -> [(owner_key, QuerySet of owners)]: what "download all" adds (a meeting's agenda items).
    related_owners: Callable = None
    label: Callable = str  # (owner) -> str: the owner's name in lists and in a "download all" archive


class DocumentOwners(Registry):
    def get(self, name):
        return self._entries[name][1] if name in self._entries else None

    def items(self):
        return [(name, self.get(name)) for name in self.names()]

    def key_for_model(self, model):
        """The registered key of `model` (a class or an instance), or None."""
        model = model if isinstance(model, type) else type(model)
        return next((name for name, owner in self.items() if owner.model is model), None)

    def unregister(self, name):
        self._entries.pop(name, None)


navigation = Registry()
dashboard_panels = Registry()
entity_sections = Registry()
search_providers = SearchProviders()
search_audiences = Registry()
demo_seeders = Registry()
document_owners = DocumentOwners()
agenda_item_links = Registry()
