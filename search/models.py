"""The search index: one row per searchable record, its text assembled once, when written.

``SearchEntry`` holds what ``search.engine`` matches, ranks and cuts snippets from, so a
search assembles no text: on PostgreSQL a stored, weighted ``tsvector`` (GIN index) for
Latin queries and the plain text of both languages (``pg_trgm`` GIN index) for Japanese;
on SQLite the same plain text, matched with ``icontains``. ``search.indexing`` writes the
rows (set-based SQL), ``search.signals`` keeps them current, and the command
``rebuild_search_index`` rebuilds them all (docs/search.md).

The index never decides what the public sees: whether a record is published is checked
when searching (its app's ``published()``), so a scheduled record appears at its publish
time without any write here. The links to the records are foreign keys without database
constraints: a row whose record is gone matches nothing, and is deleted by the signals.
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import BooleanField, F, Func, Q, Value

from documents.models import Document
from meetings.models import Meeting, Organisation, Person
from programmes.models import Programme

# Between the snippet fields of snippet_en and snippet_ja (removed from the texts stored).
FIELD_SEPARATOR = "\x1e"
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")


def containing(words):
    """A condition on entries: their ``text`` holds every word (``icontains``; on
    PostgreSQL a trigram index answers words of three characters or more), and on
    PostgreSQL their bigrams (migration 0002) hold each pair of adjacent caseless
    characters (Japanese) of the words, which an index answers even for two characters.
    Used by the search and by the meetings list's text box."""
    condition = Q.create([("text__icontains", word) for word in words])
    pairs = {
        word[i : i + 2]
        for word in words
        for i in range(len(word) - 1)
        if all(_NON_ASCII.fullmatch(c) and c.lower() == c.upper() for c in word[i : i + 2])
    }
    if connection.vendor != "postgresql" or not pairs:
        return condition
    lexemes = " & ".join(f"'{pair}'" for pair in sorted(pairs))  # no quote: caseless only
    return condition & Q(HasBigrams(lexemes))


class HasBigrams(Func):
    """``bigrams @@ '…'::tsquery`` on PostgreSQL. ``bigrams`` is a generated column the
    model does not declare (migration 0002): it is named through ``text``'s column, so it
    carries the alias the query gives the table (a subquery's ``U0``)."""

    output_field = BooleanField()

    def __init__(self, lexemes):
        super().__init__(F("text"), Value(lexemes))

    def as_sql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        lexemes, lexeme_params = compiler.compile(self.source_expressions[1])
        quoted = connection.ops.quote_name("text")
        if not text.endswith(quoted):
            raise ValueError(f"unexpected column {text!r}")
        bigrams = text[: -len(quoted)] + connection.ops.quote_name("bigrams")
        return f"({bigrams} @@ ({lexemes})::tsquery)", [*params, *lexeme_params]


def _link(model, related_name="search_entries"):
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name=related_name,
        # No index: a search finds entries by their text (GIN), then the record by its
        # key; an index here tempts the planner to read every entry in key order.
        db_index=False,
    )


class SearchEntryQuerySet(models.QuerySet):
    def containing(self, words):
        """The entries whose text holds every word (``containing``)."""
        return self.filter(containing(words))


class SearchEntry(models.Model):
    """One searchable record (for people: one participation, its person's name and the
    title held there; the person is found through any participation at a published
    meeting), with its text ready to match, rank and show."""

    kind = models.CharField(max_length=20)  # a name of search.kinds.KINDS
    object_id = models.PositiveBigIntegerField()  # the row indexed (people: a participation)
    meeting = _link(Meeting)
    programme = _link(Programme)
    organisation = _link(Organisation)
    person = _link(Person)
    linked_document = _link(Document)  # ("document" is the tsvector below)
    # People: the meeting of the participation; the entry counts only while it is published.
    via_meeting = _link(Meeting, related_name="+")
    # PostgreSQL: the English texts, weighted A, B, C as search.kinds says (NULL on SQLite).
    document = SearchVectorField(null=True)
    # Every searched text, English and Japanese, one per line; and those weighted A and B.
    text = models.TextField(default="")
    text_a = models.TextField(default="")
    text_b = models.TextField(default="")
    # The snippet fields, in each language, separated by FIELD_SEPARATOR; and (PostgreSQL)
    # the English ones joined as ts_headline cuts them, escaped. NULL, not "", when empty:
    # the texts of a person's entries are joined by an aggregate, which skips NULLs.
    snippet_en = models.TextField(null=True)  # noqa: DJ001
    snippet_ja = models.TextField(null=True)  # noqa: DJ001
    headline = models.TextField(null=True)  # noqa: DJ001

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
