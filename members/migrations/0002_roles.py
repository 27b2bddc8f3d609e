"""The four roles as permission groups. The secretariat runs the portal in Django admin."""
from django.db import migrations

from members.roles import grant

ROLES = ["secretariat", "director", "team", "guest"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    grant(
        apps, "secretariat",
        app_labels=["members", "meetings"],
        codenames=["portal.view_auditentry", "account.view_emailaddress", "account.change_emailaddress", "mfa.view_authenticator"],
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("meetings", "0002_initial"),
        ("portal", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("mfa", "0003_authenticator_type_uniq"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
