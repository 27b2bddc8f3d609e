"""The secretariat's group gets the model permissions of the models 0003 added (gallery, comments,
marks, collections, strategic messages, national occasions, calendar feeds): 0002 granted only those
that existed then."""
from django.db import migrations

from members.roles import grant


def forwards(apps, schema_editor):
    grant(apps, "secretariat", app_labels=["campaigns"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_interaction_gallery_messages_calendar"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
