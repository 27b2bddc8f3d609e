"""Session lifetime and MFA enforcement, applied to every request after authentication."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED = "portal_session_started"
SESSION_SEEN = "portal_session_seen"
# Writing the last-seen time on every request would rewrite the session each time;
# once a minute is precise enough for a 30-minute idle limit.
SEEN_RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    """Ends a session 12 hours after login (absolute) or after 30 idle minutes (configurable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None:
                request.session[SESSION_STARTED] = started = now
            if seen is None:
                request.session[SESSION_SEEN] = seen = now
            expired = (
                now - started > settings.SESSION_ABSOLUTE_HOURS * 3600
                or now - seen > settings.SESSION_IDLE_MINUTES * 60
            )
            if expired:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen >= SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


# Views a secretariat user without an authenticator may still reach: enrolling TOTP needs them.
MFA_SETUP_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "set_language",
    "healthz",
}


class RequireMFAMiddleware:
    """Roles that must use MFA (the secretariat) can reach nothing, admin included, before enrolling TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.requires_mfa:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in MFA_SETUP_URL_NAMES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None
        messages.warning(request, _("Your role requires two-factor authentication. Set it up to continue."))
        return redirect("mfa_activate_totp")


# Everything the portal needs is served from its own origin: no CDN, no third-party scripts.
# Inline styles stay allowed for admin thumbnails and the static error pages; scripts do not.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds the portal's CSP to every response that has none (file downloads set a stricter one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def _has_nul(querydict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


class RejectNulBytesMiddleware:
    """Answers 400 (the portal's bilingual page) when a query-string or form field holds a NUL.

    PostgreSQL text cannot contain U+0000: a NUL that reaches a query (search, admin filters and
    lookups, any form) raises a database error, which would be a 500. No legitimate input has one.
    Only URL-encoded forms are read here; multipart bodies are left to the views, which must not
    have their upload handling started early.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST" and request.content_type == "application/x-www-form-urlencoded" and _has_nul(request.POST)
        ):
            from django.urls import get_resolver

            # The URLconf's handler400 (portal.views.bad_request), without importing the views here.
            return get_resolver().resolve_error_handler(400)(request)
        return self.get_response(request)
