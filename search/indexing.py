"""Writing the search index (``SearchEntry``): each kind's rows, in set-based SQL.

``reindex(kind, ids)`` deletes the kind's entries of ``ids`` (a list or a queryset of the
source's primary keys; ``None``: all of them) and writes them again in one
``INSERT ... SELECT`` from the kind's source (kinds.py): the texts are assembled by the
database, never row by row in Python, so reindexing a whole kind after a bulk import is
one statement. ``rebuild()`` does every kind. The signals (signals.py) say what to
reindex after each write.

What an entry holds, from the kind's fields in English and Japanese:
- ``document`` (PostgreSQL): the English texts as a weighted tsvector, as the search did
  over the live columns before (escaped: the parser would drop what looks like markup);
- ``text``, ``text_a``, ``text_b``: the texts of both languages, one per line (a query word
  has no line break, so it never matches across two fields); all of them, those weighted
  A, those weighted B;
- ``snippet_en``, ``snippet_ja``: the snippet fields, separated by FIELD_SEPARATOR;
- ``headline`` (PostgreSQL): the English snippet fields as ts_headline cuts them, escaped.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, NullIf, Replace

from .kinds import KINDS
from .models import FIELD_SEPARATOR, SearchEntry

SEARCH_CONFIG = "english"
HEADLINE_SEPARATOR = " · "  # between the fields of a snippet
START_SEL, STOP_SEL = "\x02", "\x03"  # cannot be typed into a form; become <mark> and </mark>
LANGUAGES = ("en", "ja")


class ConcatWS(Func):
    """CONCAT_WS(separator, ...): the non-null arguments joined by the separator."""

    function = "CONCAT_WS"
    output_field = TextField()


def escaped_in_sql(expression):
    """The text with & < > escaped, so ts_headline works on (and returns) safe text, and
    without the characters used as selection markers, so only ts_headline's mark."""
    replacements = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), (START_SEL, ""), (STOP_SEL, ""))
    for character, replacement in replacements:
        expression = Replace(
            expression, Value(character), Value(replacement), output_field=TextField()
        )
    return expression


class Joined(Func):
    """Texts (never NULL) joined end to end, flat: CONCAT(a, b, ...), or a || b || ... on
    SQLite (Django's Concat nests pairs, too deep for SQLite's parser here)."""

    function = "CONCAT"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" || ", **extra_context
        )


def _text(column):
    return Coalesce(F(column), Value(""), output_field=TextField())


def _joined(expressions, separator):
    """The expressions' texts joined by ``separator`` (an empty text for a NULL)."""
    if len(expressions) == 1:
        return expressions[0]
    parts = []
    for expression in expressions:
        parts.extend((expression, Value(separator)))
    return Joined(*parts[:-1])


def _lines(kind, names):
    return _joined([_text(column) for column in kind.columns(names, LANGUAGES)], "\n")


def _snippet(kind, language):
    fields = [
        Replace(
            _text(kind.column(name, language)),
            Value(FIELD_SEPARATOR),
            Value(""),
            output_field=TextField(),
        )
        for name in kind.snippet_fields
    ]
    return NullIf(_joined(fields, FIELD_SEPARATOR), Value(""), output_field=TextField())


def _document(kind):
    vector = None
    for weight, names in kind.fields.items():
        fields = (escaped_in_sql(F(column)) for column in kind.columns(names, ["en"]))
        part = SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def _headline(kind):
    document = ConcatWS(
        Value(HEADLINE_SEPARATOR),
        *(
            NullIf(F(column), Value(""), output_field=TextField())
            for column in kind.columns(kind.snippet_fields, ["en"])
        ),
    )
    return NullIf(escaped_in_sql(document), Value(""), output_field=TextField())


def entry_columns(kind):
    """{SearchEntry column: expression over the kind's source}, in the order inserted."""
    weights = list(kind.fields)
    columns = {"kind": Value(kind.name), "object_id": F("pk")}
    columns.update({link: F(source) for link, source in kind.links.items()})
    columns.update(
        text=_lines(kind, [name for names in kind.fields.values() for name in names]),
        text_a=_lines(kind, kind.fields[weights[0]]),
        text_b=_lines(kind, kind.fields[weights[1]]) if len(weights) > 1 else Value(""),
        snippet_en=_snippet(kind, "en"),
        snippet_ja=_snippet(kind, "ja"),
    )
    if connection.vendor == "postgresql":
        columns.update(document=_document(kind), headline=_headline(kind))
    return columns


def reindex(kind, ids=None):
    """Write the entries of ``kind`` (a name or a Kind) for the source rows ``ids``
    (primary keys, or a queryset of them; None: every row) as they are now; the entries
    of rows gone are deleted. Two statements, whatever the number of rows."""
    kind = KINDS[kind] if isinstance(kind, str) else kind
    entries = SearchEntry.objects.filter(kind=kind.name)
    source = kind.source().order_by()
    if ids is not None:
        entries = entries.filter(object_id__in=ids)
        source = source.filter(pk__in=ids)
    entries._raw_delete(entries.db)
    columns = entry_columns(kind)
    aliases = {f"search_entry_{name}": expression for name, expression in columns.items()}
    select = source.annotate(**aliases).values(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    names = [SearchEntry._meta.get_field(name).column for name in columns]
    updates = ", ".join(
        f"{quote(name)} = excluded.{quote(name)}" for name in names if name != "kind"
    )
    # An entry written meanwhile by another transaction is overwritten, never doubled.
    # ("WHERE true": SQLite's parser needs a WHERE before an upsert's ON CONFLICT.) Only
    # quoted names are formatted in; the values are the compiled SELECT's parameters.
    table, listed = quote(SearchEntry._meta.db_table), ", ".join(map(quote, names))
    selected = ", ".join(map(quote, aliases))
    key = f"{quote('kind')}, {quote('object_id')}"
    statement = f"INSERT INTO {table} ({listed}) SELECT {selected} FROM ({sql}) AS source"  # noqa: S608
    statement += f" WHERE true ON CONFLICT ({key}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def remove(kind, ids):
    """Delete the entries of ``kind`` for the source rows ``ids`` (gone)."""
    kind = KINDS[kind] if isinstance(kind, str) else kind
    entries = SearchEntry.objects.filter(kind=kind.name, object_id__in=ids)
    entries._raw_delete(entries.db)


def rebuild():
    """Every kind's entries written again from the record; {kind: number of entries}."""
    SearchEntry.objects.all()._raw_delete(SearchEntry.objects.db)
    for kind in KINDS.values():
        reindex(kind)
    return {kind: SearchEntry.objects.filter(kind=kind).count() for kind in KINDS}
