"""pg_trgm, for names spelt differently in Latin letters (portal.search.matches_all_words)."""
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgreSQLOnlyTrigramExtension(TrigramExtension):
    # The embedded SQLite database of `make run` has no extensions; its search folds spellings only.
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("members", "0006_safe_fields_gender_languages")]
    operations = [PostgreSQLOnlyTrigramExtension()]
