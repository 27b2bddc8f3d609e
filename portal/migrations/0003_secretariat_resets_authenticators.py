"""The secretariat may delete a member's authenticator in admin: that resets a lost phone (the member
sets TOTP up again at the next login). The admin page never shows the secret and audits the deletion.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are only created after all migrations have run; this one needs mfa's now.
    app_config = apps.get_app_config("mfa")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="secretariat")
    group.permissions.add(Permission.objects.get(content_type__app_label="mfa", codename="delete_authenticator"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="mfa", codename="delete_authenticator").first()
    group = Group.objects.filter(name="secretariat").first()
    if permission and group:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_encrypt_mfa_secrets"),
        ("members", "0002_roles"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
