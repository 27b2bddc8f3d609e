"""Template context every page needs: the portals' navigation, the header's links and the language switch.

The header's URLs are the same for everyone: they are reversed once per process, language and script
prefix (portal.links), never per request. What
depends on the user (which entries, the confirmation banner) is decided per request, once: the home
page's panels render templates of their own, and each would otherwise ask again.
"""
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from portal import links, registry
from portal.forms import page_csrf_token
from portal.i18n import active_language, other_language

# The header's fixed links, by the name the template reads them under (`shell_urls.profile`).
SHELL_URL_NAMES = {
    "home": "home", "landing": "landing", "login": "account_login", "logout": "account_logout",
    "search": "search", "profile": "members:profile", "mfa": "mfa_index", "change_password": "account_change_password",
    "invite": "members:invite", "invitations": "members:invitations", "admin": "admin:index",
    "search_suggest": "search_suggest", "set_language": "set_language",
}


_shell_urls = {}


def shell_urls():
    """The header's links, as one dict per script prefix and language (13 lookups in portal.links
    were 26 reads of the thread's prefix and language)."""
    key = (get_script_prefix(), get_language())
    urls = _shell_urls.get(key)
    if urls is None:
        urls = _shell_urls[key] = {name: links.url(url_name) for name, url_name in SHELL_URL_NAMES.items()}
    return urls


@lru_cache(maxsize=1024)
def _translated_path(script_prefix, path, language):
    return translate_url(path, language)


def same_page_in(request, language):
    """The page's URL in the other language (django.urls.translate_url), its path translated once
    per process (bounded); the query string kept as it is."""
    path, question_mark, query = request.get_full_path().partition("?")
    return _translated_path(get_script_prefix(), path, language) + question_mark + query


@dataclass(frozen=True)
class NavLink:
    """A portal's entry in the header (portal.registry.NavItem) with its URL, and whether it is this page's portal."""

    label: str
    icon: str
    url: str
    coming_soon: bool
    active: bool


def navigation(request):
    context = getattr(request, "_portal_navigation", None)
    if context is None or context[0] != get_language():
        context = request._portal_navigation = (get_language(), _navigation(request))
    return context[1]


def _navigation(request):
    # The same page in the other language: set_language gets it ready-made, because it can only
    # translate a URL itself when the visitor's browser language matches the page's.
    other = other_language(active_language())
    switch = {"language": other, "next": same_page_in(request, other)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_nav": [], "language_switch": switch, "shell_urls": shell_urls()}
    match = request.resolver_match
    namespace = match.namespace if match is not None else None
    return {
        "language_switch": switch,
        "shell_urls": shell_urls(),
        # "Confirm your details" when a member's profile has not been confirmed for 90 days.
        "profile_needs_confirmation": user.has_perm("members.view_directory") and user.profile_is_stale,
        # The portals' entries, registered by the apps (portal.registry.navigation).
        "portal_nav": [
            NavLink(item.label, item.icon, links.url(item.url_name), item.coming_soon, item.namespace == namespace)
            for item in registry.navigation if user.has_perm(item.permission)
        ],
    }


def csrf(request):
    """`{% csrf_token %}` with the page's one masked token (portal.forms.page_csrf_token), as the
    header's and the documents panels' forms have it. Django's own processor, which this one
    overrides, masks the secret afresh for each page that asks: a page with a form of its own
    masked it twice, a tenth of a millisecond each time."""
    return {"csrf_token": SimpleLazyObject(lambda: page_csrf_token(request))}
