"""Invitations already sent, for the secretariat (all of them) and directors (their own entity's):
their status and e-mail delivery, and two actions, send a new link and revoke.

Who may see and manage which invitation is decided in members/rules.py; `Invitation.objects.visible_to`
answers the same question for the list, and an invitation outside it is "not found".
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe, require_POST

from members import services
from members.models import Invitation, User, default_invitation_expiry
from portal import audit
from portal.access import get_visible_or_404, permission_or_404

PAGE_SIZE = 50


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    EXPIRED = "expired", pgettext_lazy("invitation", "Expired")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


def with_status(invitations, status):
    """Only the invitations in `status` (one of Status), as `status_of` tells them apart."""
    now = timezone.now()
    if status == Status.ACCEPTED:
        return invitations.filter(accepted_at__isnull=False)
    if status == Status.REVOKED:
        return invitations.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    if status == Status.EXPIRED:
        return invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    return invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


def status_of(invitation):
    if invitation.accepted_at is not None:
        return Status.ACCEPTED
    if invitation.revoked_at is not None:
        return Status.REVOKED
    return Status.EXPIRED if invitation.is_expired else Status.PENDING


def can_be_sent_again(invitation):
    """Pending and expired invitations can get a new link, or be revoked; accepted and revoked ones are done."""
    return status_of(invitation) in (Status.PENDING, Status.EXPIRED)


# Services ----------------------------------------------------------------------------------------
# members/services.py belongs to the lead: this write lives here until it moves there.


def invitation_resend(*, invitation, acting_user, request=None):
    """Send a new link for a pending or expired invitation: it is valid for INVITATION_VALID_DAYS from
    now, the previous link stops working, and the e-mail goes out once this is committed. Audited."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).select_related("entity", "invited_by").get(pk=invitation.pk)
        if not can_be_sent_again(invitation):
            raise ValidationError(_("This invitation has been accepted or revoked: it cannot be sent again."), code="done")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."), code="exists")
        invitation.expires_at = default_invitation_expiry()
        # The page reports this send, not an earlier one; the retry command gets its full count again.
        invitation.email_sent_at = None
        invitation.email_attempts = 0
        invitation.save(update_fields=["expires_at", "email_sent_at", "email_attempts"])
        audit.record(audit.Action.INVITATION_SENT, actor=acting_user, target=invitation, request=request, role=invitation.role, resent=True)
        services.queue_invitation_email(invitation, request=request)
    return invitation


def invitation_withdraw(*, invitation, acting_user, request=None):
    """Revoke a pending or expired invitation (services.invitation_revoke, audited); its link stops working."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not can_be_sent_again(invitation):
            raise ValidationError(_("This invitation has already been accepted or revoked."), code="done")
        services.invitation_revoke(invitation=invitation, acting_user=acting_user, request=request)
    return invitation


# Views -------------------------------------------------------------------------------------------


def _status_filter(value):
    return value if value in Status.values else ""


def _list_url(status):
    url = reverse("members:invitations")
    return f"{url}?status={status}" if status else url


@require_safe
@never_cache
@login_required
@permission_or_404("members.view_invitations")
def invitation_list(request):
    status = _status_filter(request.GET.get("status"))
    invitations = Invitation.objects.visible_to(request.user).select_related("entity", "invited_by").order_by("-created_at", "-pk")
    if status:
        invitations = with_status(invitations, status)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "invitation": invitation,
            "status": status_of(invitation),
            "can_manage": can_be_sent_again(invitation) and request.user.has_perm("members.manage_invitation", invitation),
        }
        for invitation in page
    ]
    return render(request, "members/invitations.html", {
        "page": page, "rows": rows, "status": status, "statuses": Status.choices,
        "show_entity": request.user.has_perm("members.view_all_invitations"),
        "invitation_days": settings.INVITATION_VALID_DAYS,
    })


def _invitation_to_manage(request, pk):
    """The invitation, if the user may see it (else 404) and manage it (else 403)."""
    invitation = get_visible_or_404(Invitation.objects.select_related("entity", "invited_by"), request.user, pk=pk)
    if not request.user.has_perm("members.manage_invitation", invitation):
        raise PermissionDenied
    return invitation


@require_POST
@login_required
@permission_or_404("members.view_invitations")
def invitation_resend_view(request, pk):
    invitation = _invitation_to_manage(request, pk)
    back = _list_url(_status_filter(request.POST.get("status")))
    try:
        invitation = invitation_resend(invitation=invitation, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    messages.success(request, _("A new invitation link is on its way to %(email)s.") % {"email": invitation.email})
    return redirect(back)


@require_POST
@login_required
@permission_or_404("members.view_invitations")
def invitation_revoke_view(request, pk):
    invitation = _invitation_to_manage(request, pk)
    back = _list_url(_status_filter(request.POST.get("status")))
    try:
        invitation_withdraw(invitation=invitation, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    messages.success(request, _("The invitation to %(email)s has been revoked: its link no longer works.") % {"email": invitation.email})
    return redirect(back)
