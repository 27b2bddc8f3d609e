"""Indexes that serve the directory's default order (PostgreSQL only: ICU collations).

The directory lists active non-guest people ordered by name in the page's language, with the other
language and the id breaking ties (members.filters.name_ordering). Without these, every page sorts
all people with ICU collation before taking 24; with them PostgreSQL reads 24 rows off the index.
"""
from django.db import migrations

INDEXES = {
    "user_directory_ar_idx": '(name_ar COLLATE "ar-x-icu", name_en COLLATE "en-x-icu", id)',
    "user_directory_en_idx": '(name_en COLLATE "en-x-icu", name_ar COLLATE "ar-x-icu", id)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON members_user {columns} WHERE is_active AND role <> 'guest'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_expertise_and_permissions")]
    operations = [migrations.RunPython(create, drop)]
