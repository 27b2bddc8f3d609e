"""Encryption of the secrets the portal must be able to read back (TOTP keys, recovery-code seeds).

A leaked database or backup must not hand out second factors, so these values are stored as
Fernet tokens (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package) under the key in
settings.MFA_ENCRYPTION_KEY. To change the key without resetting everyone's authenticator, the old
key moves to settings.MFA_PREVIOUS_ENCRYPTION_KEYS: values are still read with it, and written
with the new one from then on. Every ciphertext starts with a version prefix: a plain value, or one
written under another scheme, is recognised as such and refused instead of being used as a secret.
"""
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"


class DecryptionError(ValueError):
    """The value is not a ciphertext of ours, or was made with another key."""


@lru_cache(maxsize=4)
def _fernet(key, previous_keys=()):
    # MultiFernet encrypts with the first key and decrypts with any of them.
    return MultiFernet([Fernet(key), *(Fernet(old) for old in previous_keys)])


def _current():
    return _fernet(settings.MFA_ENCRYPTION_KEY, tuple(getattr(settings, "MFA_PREVIOUS_ENCRYPTION_KEYS", ())))


def encrypt(text):
    token = _current().encrypt(text.encode("utf-8"))
    return PREFIX + token.decode("ascii")


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(PREFIX)


def decrypt(value):
    if not is_encrypted(value):
        raise DecryptionError("The value is not encrypted (no version prefix).")
    try:
        plain = _current().decrypt(value[len(PREFIX):].encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        # Never echo the value: it may be a secret stored in the clear.
        raise DecryptionError("The value cannot be decrypted with MFA_ENCRYPTION_KEY or a previous key.") from None
    return plain.decode("utf-8")
