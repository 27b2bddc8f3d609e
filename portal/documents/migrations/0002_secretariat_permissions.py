"""The secretariat manages documents in admin (and sees withdrawn ones in the portal): the model
permissions of this app for the role's group. Written here without importing the members app
(portal imports no app); the group is created by name if the roles migration has not run yet."""
from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("documents")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="secretariat")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="documents",
        codename__in=["view_document", "change_document", "view_documentversion"],
    ))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
