"""The one search index of every portal (portal.search).

On PostgreSQL also: a trigger that keeps `search_vector` from the analysed terms (titles A, subtitles B,
text C; the 'english' configuration stems Latin words and leaves the Arabic stems of portal.search
as they are), its GIN index, and a trigram GIN index on the folded names (pg_trgm, created here too
if the members app has not yet). SQLite, the embedded default of `make run`, has none of these: it
matches the analysed terms with LIKE.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE FUNCTION portal_search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
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
    # The search's match (search_vector @@ query) and the names' trigram match (word <% names).
    "CREATE INDEX search_entry_vector_gin ON portal_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_names_trgm ON portal_searchentry USING gin (names gin_trgm_ops)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS search_entry_names_trgm",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP TRIGGER IF EXISTS portal_search_entry_vector ON portal_searchentry",
    "DROP FUNCTION IF EXISTS portal_search_entry_vector()",
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
        ('portal', '0003_secretariat_resets_authenticators'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=32, verbose_name='kind')),
                ('portal', models.CharField(max_length=32, verbose_name='portal')),
                ('object_id', models.CharField(max_length=64, verbose_name='object id')),
                ('title_ar', models.CharField(blank=True, max_length=300)),
                ('title_en', models.CharField(blank=True, max_length=300)),
                ('subtitle_ar', models.CharField(blank=True, max_length=300)),
                ('subtitle_en', models.CharField(blank=True, max_length=300)),
                ('text_ar', models.TextField(blank=True)),
                ('text_en', models.TextField(blank=True)),
                ('url_name', models.CharField(max_length=100)),
                ('url_args', models.JSONField(blank=True, default=list)),
                ('date', models.DateTimeField(blank=True, null=True)),
                ('terms_title', models.TextField(blank=True)),
                ('terms_subtitle', models.TextField(blank=True)),
                ('terms_text', models.TextField(blank=True)),
                ('names', models.TextField(blank=True)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('audience', models.CharField(blank=True, max_length=64)),
                ('indexed_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search index',
                'ordering': ['kind', 'object_id'],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_entry_unique_object')],
            },
        ),
        migrations.CreateModel(
            name='SearchAudience',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audiences', to='portal.searchentry')),
            ],
            options={
                'verbose_name': 'search audience',
                'verbose_name_plural': 'search audiences',
                'ordering': ['entry', 'key'],
                'indexes': [models.Index(fields=['key', 'entry'], name='search_audience_key_idx')],
                'constraints': [models.UniqueConstraint(fields=('entry', 'key'), name='search_audience_unique')],
            },
        ),
        migrations.RunPython(postgresql_forwards, postgresql_backwards),
    ]
