"""allauth customised for an invitation-only network."""
import logging
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import crypto, mail

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come only from accepted invitations (members.services.invitation_accept).
        return False

    def get_email_confirmation_url(self, request, emailconfirmation):
        if request is None and context.request is None:
            # Sent outside a request (a shell, a retry): the portal has no sites framework, so the
            # link is built on PORTAL_BASE_URL like the invitation e-mails.
            return settings.PORTAL_BASE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])
        return super().get_email_confirmation_url(request, emailconfirmation)

    def send_mail(self, template_prefix, email, context_data):
        # The reset and confirmation links stop working: their e-mails say when (templates/account/email/).
        lifetime = {
            "account/email/password_reset_key": timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
            "account/email/email_confirmation": timedelta(days=account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS),
            "account/email/email_confirmation_signup": timedelta(days=account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS),
        }.get(template_prefix)
        if lifetime is not None:
            context_data = {"expires_at": timezone.now() + lifetime, **context_data}
        if context.request is not None:
            ctx = {"request": context.request, "email": email, "current_site": get_current_site(context.request), **context_data}
        else:
            # Outside a request there is no host to name the site after: use PORTAL_BASE_URL's.
            site = SimpleNamespace(name=settings.MFA_TOTP_ISSUER, domain=urlsplit(settings.PORTAL_BASE_URL).netloc)
            ctx = {"request": None, "email": email, "current_site": site, **context_data}
        # Queued (portal.mail): a reset or confirmation e-mail waits out a mail server outage
        # instead of failing the page.
        mail.send(self.render_mail(template_prefix, email, ctx))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # Single sign-on may log in an existing account matched by verified e-mail, never create one.
        return False


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # A role that requires MFA cannot switch it off.
        return not authenticator.user.requires_mfa

    # allauth stores TOTP secrets and recovery-code seeds through these two hooks: encrypted at
    # rest (portal/crypto.py), and a value that is not our ciphertext raises instead of being used.
    def encrypt(self, text):
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text):
        try:
            return crypto.decrypt(encrypted_text)
        except crypto.DecryptionError:
            # A secret written under a key the portal no longer has (the key was changed without
            # keeping the old one in MFA_PREVIOUS_ENCRYPTION_KEYS), or stored in the clear: the
            # code cannot be checked. The sign-in form shows this instead of failing with a 500;
            # the secretariat resets the person's two-step verification.
            logger.error("An MFA secret cannot be decrypted (authenticator of another key, or not encrypted).")
            raise ValidationError(
                _("Your authenticator app cannot be checked at the moment. Please ask the network's secretariat to reset your two-step verification."),
                code="unreadable_authenticator",
            ) from None
