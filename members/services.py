"""Writes of the members portal. Each is atomic and leaves an audit entry."""
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, override

from members.models import Invitation, Role, User, normalize_email
from portal import audit

logger = logging.getLogger(__name__)


def user_set_role(*, user, role, acting_user=None, request=None):
    """Give `user` the role: its permission group, and admin access for the secretariat only."""
    previous = user.role
    with transaction.atomic():
        user.role = role
        user.is_staff = role == Role.SECRETARIAT
        user.save(update_fields=["role", "is_staff"])
        user.groups.set([Group.objects.get(name=role)])
        if previous != role or acting_user is not None:
            audit.record(
                audit.Action.ROLE_CHANGED, actor=acting_user, target=user, request=request,
                old=previous, new=role,
            )


def invitation_create(*, email, role, entity, invited_by, name_ar="", name_en="", request=None):
    """Invite someone; the e-mail goes out once the invitation is safely stored."""
    email = normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."), code="exists")
    if role not in (Role.SECRETARIAT, Role.GUEST) and entity is None:
        raise ValidationError(_("Choose the entity of the person you invite."), code="entity")
    with transaction.atomic():
        # A new invitation replaces any earlier pending one for the same address.
        Invitation.objects.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
        _token, token_hash = Invitation.new_token()
        invitation = Invitation.objects.create(
            email=email, role=role, entity=entity, invited_by=invited_by,
            name_ar=name_ar, name_en=name_en, token_hash=token_hash,
        )
        audit.record(audit.Action.INVITATION_SENT, actor=invited_by, target=invitation, request=request, role=role)
        base_url = request.build_absolute_uri("/") if request is not None else ""
        transaction.on_commit(lambda: invitation_send(invitation, base_url=base_url))
    return invitation


def invitation_send(invitation, *, base_url=""):
    """E-mail a fresh link for `invitation`. Returns True when the mail server took it.

    The token is only ever known at sending time (the database keeps its hash), so every send,
    retries included, issues a new link and the older one stops working.
    """
    token, token_hash = Invitation.new_token()
    invitation.token_hash = token_hash
    invitation.email_attempts += 1
    invitation.save(update_fields=["token_hash", "email_attempts"])
    path = reverse("members:invitation_accept", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "accept_url": base_url.rstrip("/") + path if base_url else f"{settings.PORTAL_BASE_URL}{path}",
    }
    # Invitees have no language preference yet: the message is written in both languages.
    with override("ar"):
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation_message.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:
        logger.exception("Invitation e-mail to %s failed; it will be retried.", invitation.email)
        return False
    invitation.email_sent_at = timezone.now()
    invitation.save(update_fields=["email_sent_at"])
    return True


def invitation_for_token(token):
    """The invitation for a link's token, or None when the token is unknown."""
    return Invitation.objects.select_related("entity").filter(token_hash=Invitation.hash_token(token)).first()


def invitation_accept(*, invitation, password, name_ar, name_en, request=None):
    """Create the invited account with its role and entity; the link cannot be used again."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or has already been used."), code="unusable")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."), code="exists")
        user = User.objects.create_user(
            invitation.email, password, name_ar=name_ar, name_en=name_en, entity=invitation.entity,
        )
        user_set_role(user=user, role=invitation.role)
        # Following the e-mailed link proves the address.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit.record(audit.Action.INVITATION_ACCEPTED, actor=user, target=invitation, request=request)
    return user


def invitation_revoke(*, invitation, acting_user, request=None):
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(audit.Action.INVITATION_REVOKED, actor=acting_user, target=invitation, request=request)
