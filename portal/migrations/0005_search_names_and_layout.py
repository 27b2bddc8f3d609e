"""Search at 100,000 entries: transliterated names matched through a lexicon of name words, and the
ranking's vector kept in the row.

On PostgreSQL:
- `names_vector` (the words of `names`, GIN index), filled by the trigger, and `SearchNameWord`, every
  Latin word of the names, kept by the same trigger. A typed Latin word is compared by trigram
  similarity with these words (a few thousand, trigram GIN index), not with the names of every entry:
  that comparison, over the names of the 1,200 entries holding a common word, took 80 ms.
- `search_vector` stored MAIN: in the row rather than out of line, so ranking thousands of matches
  reads no TOAST table (the bare match reads the same heap pages as before).
Existing rows are written again (UPDATE ... SET names = names fires the trigger).
"""

import django.contrib.postgres.search
from django.db import migrations, models

VECTOR_FUNCTION = """
    CREATE OR REPLACE FUNCTION portal_search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        words text[] := array_remove(regexp_split_to_array(coalesce(NEW.names, ''), ' '), '');
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.terms_title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.terms_subtitle, '')), 'B')
            || setweight(to_tsvector('english', coalesce(NEW.terms_text, '')), 'C');
        NEW.names_vector := array_to_tsvector(words);
        INSERT INTO portal_searchnameword (word)
            SELECT DISTINCT word FROM unnest(words) AS word WHERE word ~ '^[a-z]+$'
            ON CONFLICT DO NOTHING;
        RETURN NEW;
    END
    $$
"""
POSTGRESQL_FORWARDS = [
    VECTOR_FUNCTION,
    "DROP TRIGGER portal_search_entry_vector ON portal_searchentry",
    """
    CREATE TRIGGER portal_search_entry_vector
    BEFORE INSERT OR UPDATE OF terms_title, terms_subtitle, terms_text, names ON portal_searchentry
    FOR EACH ROW EXECUTE FUNCTION portal_search_entry_vector()
    """,
    "ALTER TABLE portal_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    "CREATE INDEX search_entry_names_vector_gin ON portal_searchentry USING gin (names_vector)",
    "CREATE INDEX search_name_word_trgm ON portal_searchnameword USING gin (word gin_trgm_ops)",
    "UPDATE portal_searchentry SET names = names",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS search_name_word_trgm",
    "DROP INDEX IF EXISTS search_entry_names_vector_gin",
    "ALTER TABLE portal_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
    "DROP TRIGGER portal_search_entry_vector ON portal_searchentry",
    """
    CREATE OR REPLACE FUNCTION portal_search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.terms_title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.terms_subtitle, '')), 'B')
            || setweight(to_tsvector('english', coalesce(NEW.terms_text, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER portal_search_entry_vector
    BEFORE INSERT OR UPDATE OF terms_title, terms_subtitle, terms_text ON portal_searchentry
    FOR EACH ROW EXECUTE FUNCTION portal_search_entry_vector()
    """,
]


def postgresql_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARDS:
            schema_editor.execute(statement)


def postgresql_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_search_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchNameWord',
            fields=[
                ('word', models.TextField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'search name word',
                'verbose_name_plural': 'search name words',
            },
        ),
        migrations.AddField(
            model_name='searchentry',
            name='names_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(postgresql_forwards, postgresql_backwards),
    ]
