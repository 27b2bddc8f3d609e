"""The secretariat watches the job queue in admin (failed e-mails and the like) and runs jobs again."""
from django.db import migrations

from members.roles import grant


def forwards(apps, schema_editor):
    grant(apps, "secretariat", codenames=[
        "django_tasks_database.view_dbtaskresult",
        "django_tasks_database.change_dbtaskresult",
    ])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_trigram_extension"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
