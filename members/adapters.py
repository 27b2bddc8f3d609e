"""allauth customised for an invitation-only network."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from portal import crypto


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come only from accepted invitations (members.services.invitation_accept).
        return False


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
        return crypto.decrypt(encrypted_text)
