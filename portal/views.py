"""Pages that belong to the whole portal: landing, home dashboard, search, health and errors."""
import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meetings.models import Meeting
from members.models import Entity, User
from portal.search import search_everything

DASHBOARD_ITEMS = 5


@require_GET
def landing(request):
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "portal/landing.html")


@require_GET
@login_required
def home(request):
    meetings = Meeting.objects.visible_to(request.user).upcoming().select_related("host")[:DASHBOARD_ITEMS]
    context = {"upcoming_meetings": meetings}
    if request.user.has_perm("members.view_directory"):
        context["entity_count"] = Entity.objects.active().count()
        context["member_count"] = User.objects.filter(is_active=True).exclude(role="guest").count()
    return render(request, "portal/home.html", context)


@require_GET
@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search_everything(request.user, query) if query else None
    return render(request, "portal/search.html", {"query": query, "results": results})


@require_GET
def robots_txt(request):
    # A members' portal has nothing for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@never_cache
@require_GET
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
