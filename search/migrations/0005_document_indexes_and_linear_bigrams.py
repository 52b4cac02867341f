"""PostgreSQL: the documents kind gets the partial indexes every kind has (full text,
trigrams, bigrams; 0001 and 0002), and the bigrams function reads a text in linear time
and within tsvector's 1 MB: ``substr(t, i, 2)`` walked a multibyte text from its start
for every ``i`` (a Japanese text of 20,000 characters took minutes to index); the
characters are now read once, in order, and at most 50,000 distinct pairs are kept (a
document's text could hold more than a tsvector takes). Same result for every text of
the other kinds: the generated column keeps its values."""

from importlib import import_module

from django.db import migrations

PostgreSQLOnly = import_module("search.migrations.0001_initial").PostgreSQLOnly

LINEAR = r"""
CREATE OR REPLACE FUNCTION search_bigrams(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(coalesce((array_agg(DISTINCT pair))[1:50000], '{}'))
  FROM (SELECT ch || lead(ch) OVER (ORDER BY n) AS pair
        FROM regexp_split_to_table(
               regexp_replace(lower(value), '[\x01-\x7f[:space:]]+', ' ', 'g'), ''
             ) WITH ORDINALITY AS characters(ch, n)) AS pairs
  WHERE pair !~ '[[:space:]]'
$$
"""
QUADRATIC = import_module("search.migrations.0002_japanese_bigrams").FUNCTION.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
INDEXES = [
    "CREATE INDEX search_entry_document_documents ON search_searchentry "
    "USING gin (document) WHERE kind = 'documents'",
    "CREATE INDEX search_entry_trigrams_documents ON search_searchentry "
    "USING gin ((UPPER(text)) gin_trgm_ops) WHERE kind = 'documents'",
    "CREATE INDEX search_entry_bigrams_documents ON search_searchentry "
    "USING gin (bigrams) WHERE kind = 'documents'",
]
DROP = [
    f"DROP INDEX {name}"
    for name in (
        "search_entry_document_documents",
        "search_entry_trigrams_documents",
        "search_entry_bigrams_documents",
    )
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_documents")]

    operations = [
        PostgreSQLOnly([LINEAR], [QUADRATIC]),
        PostgreSQLOnly(INDEXES, DROP),
    ]
