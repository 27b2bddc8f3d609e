"""An index that counts the directory (PostgreSQL only, as 0005).

Each directory page counts the active non-guest people for its pager. Without this index PostgreSQL
reads every row of the people's table for it; with it, the entities of the counted people are read
from this small index alone (an index-only scan where the table is vacuumed, as autovacuum keeps it).
"""
from django.db import migrations

NAME = "user_directory_entity_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON members_user (entity_id) WHERE is_active AND role <> 'guest'")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0009_secretariat_reads_notifications")]
    operations = [migrations.RunPython(create, drop)]
