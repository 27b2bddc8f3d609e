"""The secretariat manages every meetings model in admin: the models added in 0005 (agenda items,
invitees, replies, attendance, decisions, minutes, feedback) were made after the role groups got
their permissions (members 0002)."""
from django.db import migrations

from members.roles import grant


def forwards(apps, schema_editor):
    grant(apps, "secretariat", app_labels=["meetings"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_agenda_attendance_decisions_minutes"),
        ("members", "0009_secretariat_reads_notifications"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
