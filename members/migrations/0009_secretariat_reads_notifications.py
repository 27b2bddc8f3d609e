"""The secretariat reads the notifications sent (read-only in admin), e.g. to answer "did I get it?"."""
from django.db import migrations

from members.roles import grant


def forwards(apps, schema_editor):
    grant(apps, "secretariat", codenames=["notifications.view_notification"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_secretariat_job_queue"),
        ("notifications", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
