"""PostgreSQL: each entry's Japanese text as bigrams (pairs of adjacent characters), with
a GIN index per kind, so a Japanese word of two characters (環境, 会合) is found through an
index: pg_trgm's trigrams need three. A generated column: PostgreSQL keeps it current on
every write of the entry's text. Nothing on SQLite (Japanese is matched by substring).
"""

from importlib import import_module

from django.db import migrations

PostgreSQLOnly = import_module("search.migrations.0001_initial").PostgreSQLOnly

KINDS = ("meetings", "programmes", "people", "organisations")

# The distinct pairs of adjacent characters of the text's non-ASCII runs, lower-cased:
# English text gives none, so the column stays small.
FUNCTION = r"""
CREATE FUNCTION search_bigrams(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT pair), '{}'))
  FROM (SELECT regexp_replace(lower(value), '[\x01-\x7f[:space:]]+', ' ', 'g') AS t) AS cleaned,
       LATERAL (SELECT substr(t, i, 2) AS pair FROM generate_series(1, char_length(t) - 1) AS i) AS pairs
  WHERE pair !~ '[[:space:]]'
$$
"""

FORWARDS = [
    FUNCTION,
    "ALTER TABLE search_searchentry ADD COLUMN bigrams tsvector "
    "GENERATED ALWAYS AS (search_bigrams(text)) STORED",
    *(
        f"CREATE INDEX search_entry_bigrams_{kind} ON search_searchentry "
        f"USING gin (bigrams) WHERE kind = '{kind}'"
        for kind in KINDS
    ),
]
BACKWARDS = [
    "ALTER TABLE search_searchentry DROP COLUMN bigrams",  # drops its indexes
    "DROP FUNCTION search_bigrams(text)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [PostgreSQLOnly(sql=FORWARDS, reverse_sql=BACKWARDS)]
