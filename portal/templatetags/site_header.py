"""`{% site_header %}`: the header every page draws, written as HTML with named holes and filled in
Python; `{% profile_banner %}` below it, the same way, for members asked to confirm their details.

As a template (with its four includes: brand mark, language switch, bell, user menu) it cost about
1.2 ms of CPU a request, a tenth to an eighth of a members page (`make profile`): some sixty
variable lookups, twenty translations and a dozen conditions, for markup that changes only with the
language, the viewer's rights and counts. Here the fixed text of each language is translated once
per process; what belongs to the request (the viewer's name, the CSRF token, the unread count, the
page to come back to, the active portal) is escaped into its place on every request. Nothing is
kept from one request to the next.

The markup stays in one place below and reads like the template it replaced; the brand mark is
still `includes/brand_mark.html` (the footer draws it too), drawn once per process.
"""
import functools

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from portal import links
from portal.forms import page_csrf_token

register = template.Library()

# The fixed text of the header, by the name the markup reads it under; marked for makemessages here,
# translated once per language in _texts().
TEXTS = {
    "main_navigation": gettext_noop("Main navigation"),
    "network": gettext_noop("Government Communication Network"),
    "portal": gettext_noop("GCN Portal"),
    "show_navigation": gettext_noop("Show navigation"),
    "soon": gettext_noop("Soon"),
    "search_the_portal": gettext_noop("Search the portal"),
    "search_placeholder": gettext_noop("Search…"),
    "no_suggestions": gettext_noop("No suggestions. Press Enter to search."),
    "suggestions_shown": gettext_noop("Suggestions are shown. Use the up and down arrows to choose one."),
    "suggestions": gettext_noop("Suggestions"),
    "suggestions_hint": gettext_noop("Suggestions appear after two letters."),
    "search": gettext_noop("Search"),
    "notifications": gettext_noop("Notifications"),
    "my_profile": gettext_noop("My profile"),
    "two_factor": gettext_noop("Two-factor authentication"),
    "change_password": gettext_noop("Change password"),
    "invite": gettext_noop("Invite a member"),
    "invitations": gettext_noop("Sent invitations"),
    "administration": gettext_noop("Administration"),
    "sign_out": gettext_noop("Sign out"),
    "sign_in": gettext_noop("Sign in"),
    # The banner asking a member whose directory details are old to confirm them (profile_banner).
    "confirm_your_details": gettext_noop("Confirm your details"),
    "confirm_prompt": gettext_noop("Please confirm that your contact details in the directory are still correct."),
    "review_my_details": gettext_noop("Review my details"),
    "they_are_correct": gettext_noop("They are correct"),
}

HEADER = """<header class="site-header">
  <nav class="navbar navbar-expand-xl navbar-dark" aria-label="{main_navigation}">
    <div class="container">
      <a class="navbar-brand d-flex align-items-center gap-2" href="{home}">
        {brand_mark}
        <span class="brand-text"><span class="brand-name">{network}</span><span class="brand-sub">{portal}</span></span>
      </a>
      {rest}
    </div>
  </nav>
</header>"""

MEMBER_PART = """<button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#portal-nav" aria-controls="portal-nav" aria-expanded="false" aria-label="{show_navigation}">
        <span class="navbar-toggler-icon"></span>
      </button>
      <div class="collapse navbar-collapse" id="portal-nav">
        <ul class="navbar-nav me-auto mb-2 mb-xl-0">{nav_items}
        </ul>
        <form class="d-flex my-2 my-xl-0 me-xl-3" role="search" action="{search_url}" method="get">
          <label class="visually-hidden" for="site-search">{search_the_portal}</label>
          <div class="search-suggest-wrap flex-grow-1">
            <input class="form-control form-control-sm" type="search" id="site-search" name="q" value="{query}" placeholder="{search_placeholder}" maxlength="100" autocomplete="off"
                   role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-suggestions" aria-describedby="site-search-hint"
                   data-suggest-url="{suggest_url}" data-status-id="site-search-status"
                   data-none-text="{no_suggestions}" data-found-text="{suggestions_shown}">
            <ul class="search-suggest" id="site-search-suggestions" role="listbox" aria-label="{suggestions}" hidden></ul>
            <span class="visually-hidden" id="site-search-hint">{suggestions_hint}</span>
            <span class="visually-hidden" id="site-search-status" role="status" aria-live="polite"></span>
          </div>
          <button class="btn btn-sm btn-gold ms-2" type="submit"><i class="bi bi-search" aria-hidden="true"></i><span class="visually-hidden">{search}</span></button>
        </form>
        {language_switch}
        <a class="btn btn-sm btn-outline-light position-relative my-2 my-xl-0 ms-xl-2 notifications-bell" id="notifications-bell" href="{notifications_url}"{bell_current}>
          <i class="bi bi-bell{bell_fill}" aria-hidden="true"></i>
          <span class="visually-hidden">{notifications}{unread_text}</span>{unread_badge}
        </a>
        <div class="dropdown ms-xl-2">
          <button class="btn btn-sm btn-outline-light dropdown-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false" id="user-menu">
            <i class="bi bi-person-circle" aria-hidden="true"></i> {user_name}
          </button>
          <ul class="dropdown-menu dropdown-menu-end" aria-labelledby="user-menu">
            <li><a class="dropdown-item" href="{profile_url}">{my_profile}</a></li>
            <li><a class="dropdown-item" href="{mfa_url}">{two_factor}</a></li>
            <li><a class="dropdown-item" href="{change_password_url}">{change_password}</a></li>{extra_items}
            <li><hr class="dropdown-divider"></li>
            <li>
              <form method="post" action="{logout_url}">{csrf_input}
                <button class="dropdown-item" type="submit" id="logout-button">{sign_out}</button>
              </form>
            </li>
          </ul>
        </div>
      </div>"""

VISITOR_PART = """<div class="d-flex align-items-center gap-2">
        {language_switch}
        <a class="btn btn-sm btn-gold" href="{login_url}">{sign_in}</a>
      </div>"""

LANGUAGE_SWITCH = """<form class="language-switch" action="{action}" method="post">{csrf_input}
  <input type="hidden" name="next" value="{next}">
  <button class="btn btn-sm btn-link text-white" type="submit" name="language" value="{language}" lang="{language}" id="switch-language">{name}</button>
</form>"""

NAV_ITEM = """
          <li class="nav-item">
            <a class="nav-link{active_class}" href="{url}"{current}>
              <i class="bi bi-{icon}" aria-hidden="true"></i> {label}{soon}
            </a>
          </li>"""

MENU_ITEM = """
            <li><a class="dropdown-item" href="{}">{}</a></li>"""

PROFILE_BANNER = """<div class="alert alert-warning d-flex flex-wrap align-items-center gap-2 confirm-banner" role="region" aria-label="{confirm_your_details}">
  <span class="flex-grow-1">{confirm_prompt}</span>
  <a class="btn btn-sm btn-outline-dark" href="{edit_url}">{review_my_details}</a>
  <form method="post" action="{confirm_url}">{csrf_input}
    <button class="btn btn-sm btn-dark" type="submit">{they_are_correct}</button>
  </form>
</div>"""

# Each language's own name, as the switch offers it (not translated: it names the language in itself).
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}
CURRENT = mark_safe(' aria-current="page"')


class _Holes(dict):
    """Fills in the fixed text and leaves every other `{name}` as it is, for format_html to fill."""

    def __missing__(self, name):
        return "{" + name + "}"


@functools.cache
def _texts(language):
    """The fixed text in `language`, escaped once (the catalogues do not change while the process runs)."""
    return {name: conditional_escape(gettext(text)) for name, text in TEXTS.items()}


@functools.cache
def _with_texts(markup, language):
    """`markup` with the fixed text of `language` in place: only the request's values are escaped
    into it on each request."""
    braces_kept = {name: text.replace("{", "{{").replace("}", "}}") for name, text in _texts(language).items()}
    return markup.format_map(_Holes(braces_kept))


@functools.cache
def _brand_mark():
    return render_to_string("includes/brand_mark.html", {"reversed": True})


def _csrf_input(request):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', page_csrf_token(request)) if request else ""


def _language_switch(context, csrf_input):
    switch = context["language_switch"]
    language = switch["language"]
    return format_html(
        LANGUAGE_SWITCH, action=context["shell_urls"]["set_language"], csrf_input=csrf_input,
        next=switch["next"], language=language, name=LANGUAGE_NAMES.get(language, language),
    )


def _nav_items(items, language):
    return mark_safe("".join(_nav_item(str(item.label), item.icon, item.url, item.coming_soon, item.active, language) for item in items or ()))


@functools.lru_cache(maxsize=1024)
def _nav_item(label, icon, url, coming_soon, active, language):
    """One portal's entry: it depends on nothing but its arguments (the registry's entries, their
    URLs and which one is this page's), so it is escaped once per process, not on every page."""
    soon = format_html(' <span class="badge badge-coming-soon">{}</span>', _texts(language)["soon"]) if coming_soon else ""
    return format_html(
        NAV_ITEM, active_class=" active" if active else "", url=url, current=CURRENT if active else "",
        icon=icon, label=label, soon=soon,
    )


def _bell(context):
    count_of = context.get("unread_notifications")
    count = count_of() if callable(count_of) else (count_of or 0)
    match = getattr(context.get("request"), "resolver_match", None)
    parts = {
        "notifications_url": links.url("notifications:index"),
        "bell_current": CURRENT if match is not None and match.namespace == "notifications" else "",
        "bell_fill": "-fill" if count else "", "unread_text": "", "unread_badge": "",
    }
    if count:
        unread = ngettext("%(counter)s unread", "%(counter)s unread", count) % {"counter": count}
        parts["unread_text"] = format_html(": {}", unread)
        parts["unread_badge"] = format_html(
            '\n          <span class="badge rounded-pill text-bg-warning" id="unread-count" aria-hidden="true">{}</span>',
            "99+" if count > 99 else count,
        )
    return parts


@register.simple_tag(takes_context=True)
def site_header(context):
    language = get_language()
    texts = _texts(language)
    urls = context["shell_urls"]
    user = context.get("user")
    request = context.get("request")
    csrf_input = _csrf_input(request)
    language_switch = _language_switch(context, csrf_input)
    if user is not None and user.is_authenticated:
        home = urls["home"]
        perms = context["perms"]
        extra_items = [
            (urls["invite"], texts["invite"]) if perms["members"]["invite_members"] else None,
            (urls["invitations"], texts["invitations"]) if perms["members"]["view_invitations"] else None,
            (urls["admin"], texts["administration"]) if user.is_staff else None,
        ]
        rest = format_html(
            _with_texts(MEMBER_PART, language), **_bell(context),
            nav_items=_nav_items(context.get("portal_nav"), language),
            search_url=urls["search"], suggest_url=urls["search_suggest"], query=context.get("query") or "",
            language_switch=language_switch, user_name=user.name or user.email,
            profile_url=urls["profile"], mfa_url=urls["mfa"], change_password_url=urls["change_password"],
            extra_items=format_html_join("", MENU_ITEM, (item for item in extra_items if item)),
            logout_url=urls["logout"], csrf_input=csrf_input,
        )
    else:
        home = urls["landing"]
        rest = format_html(_with_texts(VISITOR_PART, language), language_switch=language_switch, login_url=urls["login"])
    return format_html(_with_texts(HEADER, language), home=home, brand_mark=mark_safe(_brand_mark()), rest=rest)


@register.simple_tag(takes_context=True)
def profile_banner(context):
    """The banner base.html shows a member whose directory details are due for confirmation
    (context processor `profile_needs_confirmation`): a link to edit them, a button to confirm them."""
    user = context["user"]
    return format_html(
        _with_texts(PROFILE_BANNER, get_language()), edit_url=links.pk_url("members:person_edit", user.pk),
        confirm_url=links.url("members:profile_confirm"), csrf_input=_csrf_input(context.get("request")),
    )
