"""The search index (search/models.py), and on PostgreSQL its GIN indexes: the stored
tsvector for full-text search, the plain text's trigrams (pg_trgm) for Japanese.

SQLite gets the table only: the operations for PostgreSQL do nothing there. The index is
filled after migrate when it is empty (search/signals.py), or by rebuild_search_index.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class PostgreSQLOnly(migrations.RunSQL):
    """SQL run on PostgreSQL only (GIN indexes); nothing on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramOnPostgreSQL(TrigramExtension):
    """pg_trgm on PostgreSQL. Django's operation skips other databases going forwards
    only; unapplying this migration on SQLite must not look for pg_extension either."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def link(to, related_name="search_entries"):
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        db_index=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name=related_name,
        to=to,
    )


# One index of each per kind (partial), as each search asks for one kind: the planner
# then knows how many of that kind's entries a word finds, and reads only those.
KINDS = ("meetings", "programmes", "people", "organisations")
INDEXES, INDEX_NAMES = [], []
for kind in KINDS:
    INDEX_NAMES += [f"search_entry_document_{kind}", f"search_entry_trigrams_{kind}"]
    INDEXES += [
        f"CREATE INDEX search_entry_document_{kind} ON search_searchentry "
        f"USING gin (document) WHERE kind = '{kind}'",
        # icontains on PostgreSQL is UPPER(text) LIKE UPPER(pattern).
        f"CREATE INDEX search_entry_trigrams_{kind} ON search_searchentry "
        f"USING gin ((UPPER(text)) gin_trgm_ops) WHERE kind = '{kind}'",
    ]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("meetings", "0010_import_record_to_exchange"),
        ("programmes", "0006_list_indexes"),
    ]

    operations = [
        TrigramOnPostgreSQL(),  # does nothing on SQLite
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("text", models.TextField(default="")),
                ("text_a", models.TextField(default="")),
                ("text_b", models.TextField(default="")),
                ("snippet_en", models.TextField(null=True)),
                ("snippet_ja", models.TextField(null=True)),
                ("headline", models.TextField(null=True)),
                ("meeting", link("meetings.meeting")),
                ("organisation", link("meetings.organisation")),
                ("person", link("meetings.person")),
                ("programme", link("programmes.programme")),
                ("via_meeting", link("meetings.meeting", related_name="+")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="search_entry_unique"
                    )
                ],
            },
        ),
        PostgreSQLOnly(sql=INDEXES, reverse_sql=[f"DROP INDEX {name}" for name in INDEX_NAMES]),
    ]
