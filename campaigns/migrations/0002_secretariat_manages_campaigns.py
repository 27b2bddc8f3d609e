"""The secretariat reviews and publishes campaign cases in admin: this app's model permissions for
its group (the role groups got theirs before these models existed, members 0002)."""
from django.db import migrations

from members.roles import grant


def forwards(apps, schema_editor):
    grant(apps, "secretariat", app_labels=["campaigns"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("members", "0009_secretariat_reads_notifications"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
