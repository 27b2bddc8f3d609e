"""Encrypt the TOTP secrets and recovery-code seeds that allauth stored in the clear.

From now on members.adapters.MFAAdapter encrypts them (portal/crypto.py); this migration brings the
rows written before it to the same form. Values that are already encrypted are left alone, so it
can run again safely; going back decrypts them.
"""
from django.db import migrations

from portal import crypto


def _convert(data, convert, applies):
    """The secret parts of an authenticator's `data`, converted; returns True when something changed."""
    changed = False
    for key in ("secret", "seed"):
        if key in data and applies(data[key]):
            data[key] = convert(data[key])
            changed = True
    if isinstance(data.get("migrated_codes"), list):
        codes = [convert(code) if applies(code) else code for code in data["migrated_codes"]]
        changed = changed or codes != data["migrated_codes"]
        data["migrated_codes"] = codes
    return changed


def _rewrite(apps, convert, applies):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).iterator():
        if _convert(authenticator.data, convert, applies):
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _rewrite(apps, crypto.encrypt, lambda value: not crypto.is_encrypted(value))


def decrypt_secrets(apps, schema_editor):
    _rewrite(apps, crypto.decrypt, crypto.is_encrypted)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
