"""The one way to write the audit log: `record(action, actor=..., target=..., request=...)`."""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from portal.models import AuditEntry

Action = AuditEntry.Action


def client_ip(request):
    if request is None:
        return None
    # REMOTE_ADDR is set by the proxy in front of gunicorn (see README, deployment).
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, actor=None, target=None, request=None, actor_label="", **details):
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        ip_address=client_ip(request),
        details=details,
    )


def _on_login(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, request=request)


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, request=request)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password; the e-mail that was tried is what the secretariat needs to see.
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(Action.LOGIN_FAILED, request=request, actor_label=tried)


def connect_auth_signals():
    user_logged_in.connect(_on_login, dispatch_uid="portal.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="portal.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="portal.audit.login_failed")
