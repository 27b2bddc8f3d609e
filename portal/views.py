"""Pages that belong to the whole portal: landing, home dashboard, search, health and errors."""
import functools
import sys
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import fragments, registry
from portal import search as search_index


@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "portal/landing.html")


@require_safe
@login_required
def home(request):
    # Each portal contributes what this user can act on (portal.registry.dashboard_panels), kept
    # for this user until the next write (portal.fragments).
    panels = [html for html in fragments.render_many(request, [
        (name, functools.partial(panel, request)) for name, panel in registry.dashboard_panels.items()
    ]) if html]
    coming_soon = [item for item in registry.navigation if item.coming_soon and request.user.has_perm(item.permission)]
    return render(request, "portal/home.html", {"panels": panels, "coming_soon": coming_soon})


def _page_number(value):
    # ?page=abc or -1: the first page; past the last one: the last (portal.search clamps it).
    return int(value) if value.isdigit() and len(value) < 6 else 1


@require_safe
@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:search_index.MAX_QUERY_LENGTH]
    results = None
    if query:
        results = search_index.search(
            request.user, query, kind=request.GET.get("in", ""), page=_page_number(request.GET.get("page", "")),
        )
    kind = results.kind if results else ""
    return render(request, "portal/search.html", {
        "query": query, "results": results,
        # For the group filter's links and the pages' (pagination.html adds &page=).
        "query_string": urlencode({"q": query, **({"in": kind} if kind else {})}),
        "all_groups_query": urlencode({"q": query}),
    })


@require_safe
@login_required
def search_suggest(request):
    """The header box's suggestions: a few results the user may open, as JSON."""
    hits = search_index.suggest(request.user, request.GET.get("q", ""))
    response = JsonResponse({"results": [
        {"title": hit.title, "subtitle": hit.subtitle, "url": hit.url, "group": str(hit.label)} for hit in hits
    ]}, json_dumps_params={"ensure_ascii": False})
    # Personal results: never kept by a shared cache or the browser's history.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def favicon(request):
    # Resolved per request: the hashed static name exists only once collectstatic has run.
    return redirect(static("img/logo.svg"))


@require_safe
def robots_txt(request):
    # A members' portal has nothing for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers on a fresh connection (not a pooled one), 503 otherwise."""
    connection = fresh_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    finally:
        connection.close()
    return JsonResponse({"status": "ok", "database": "ok"})


def fresh_connection():
    """A new connection to the default database that bypasses the pool and gives up after 3 s."""
    wrapper = connections.create_connection("default")
    settings_dict = {**wrapper.settings_dict, "OPTIONS": {**wrapper.settings_dict.get("OPTIONS", {})}}
    settings_dict["OPTIONS"].pop("pool", None)
    if wrapper.vendor == "postgresql":
        settings_dict["OPTIONS"]["connect_timeout"] = 3
    return type(wrapper)(settings_dict, alias="healthz")


# Error pages are rendered without the request context: no session, no user, no database.
def _error_page(template, status, headers=None):
    response = HttpResponse(render_to_string(template), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def bad_request(request, exception=None):
    return _error_page("400.html", 400)


def permission_denied(request, exception=None):
    return _error_page("403.html", 403)


def page_not_found(request, exception=None):
    return _error_page("404.html", 404)


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        # The database is unreachable: say so calmly and ask the browser to retry shortly.
        return _error_page("503.html", 503, {"Retry-After": "30"})
    return _error_page("500.html", 500)
