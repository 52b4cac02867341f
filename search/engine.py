"""``search(query)``: each kind's ``Hits`` (kinds.py), best first; one query a kind.

- PostgreSQL, Latin letters: full-text search of the English texts ("english"
  configuration, web-search syntax: ``"phrase"``, ``or``, ``-word``), ranked by
  ``SearchRank``, snippets from ``ts_headline`` over text escaped in SQL.
- Japanese (PostgreSQL has no Japanese dictionary) on any database, anything on SQLite:
  each word must appear (``icontains``) in one of the same fields, in Japanese or
  English; the rank adds each word's best weight; the snippet is cut and escaped here.
The only tags of a snippet are the ``<mark>`` elements added here.
"""

import re

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Func, Q, TextField, Value, When, Window
from django.db.models.functions import NullIf, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .kinds import KINDS, LIST_SEPARATOR, Hits, hits
from .query import clean_query, is_japanese, query_words

SNIPPET_CHARS = 240  # the fallback's snippet length
SEARCH_CONFIG = "english"
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}  # PostgreSQL's default rank weights, used by both
SEPARATOR = " · "  # between the fields of a snippet
START_SEL, STOP_SEL = "\x02", "\x03"  # cannot be typed into a form; become <mark> and </mark>
_INVISIBLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SELECTION = re.compile(f"([{START_SEL}{STOP_SEL}])")


def search(query, limit_per_kind=20):
    """Search the published record; returns ``{kind: Hits}`` for every kind in ``KINDS``."""
    query, _shortened = clean_query(query)
    if is_japanese(query):
        engine = _japanese_search
    elif connection.vendor == "postgresql":
        engine = _postgres_search
    else:
        engine = _fallback_search
    results = {}
    for kind in KINDS.values():
        if query and limit_per_kind > 0:
            results[kind.name] = engine(kind, query, limit_per_kind)
        else:
            results[kind.name] = Hits(kind.name, kind.label)
    return results


# PostgreSQL: full-text search ---------------------------------------------------------


class ConcatWS(Func):
    """CONCAT_WS(separator, ...): the non-null arguments joined by the separator."""

    function = "CONCAT_WS"
    output_field = TextField()


def _escaped_in_sql(expression):
    """The text with & < > escaped, so ts_headline works on (and returns) safe text, and
    without the characters used as selection markers, so only ts_headline's mark."""
    replacements = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), (START_SEL, ""), (STOP_SEL, ""))
    for character, replacement in replacements:
        expression = Replace(
            expression, Value(character), Value(replacement), output_field=TextField()
        )
    return expression


def _marked(headline):
    """A headline of escaped text, its selection markers turned into balanced <mark>s."""
    # The text was escaped in SQL; any angle bracket left would be a bug, so never a tag.
    text = (headline or "").replace("<", "&lt;").replace(">", "&gt;")
    out, is_open = [], False
    for part in _SELECTION.split(text):
        if part == START_SEL:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif part == STOP_SEL:
            if is_open:
                out.append("</mark>")
                is_open = False
        else:
            out.append(_INVISIBLE_CHARACTERS.sub("", part))
    if is_open:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped in SQL; only our <mark> tags


def _postgres_search(kind, query, limit):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = None
    for weight, names in kind.fields.items():
        # Indexed as escaped too: PostgreSQL's parser drops what looks like markup (and the
        # content of a <script>), but the page shows the record's text as typed.
        fields = (_escaped_in_sql(F(column)) for column in kind.columns(names, ["en"]))
        part = SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    document = ConcatWS(
        Value(SEPARATOR),
        *(NullIf(F(column), Value("")) for column in kind.columns(kind.snippet_fields, ["en"])),
    )
    headline = SearchHeadline(
        _escaped_in_sql(document),
        search_query,
        config=SEARCH_CONFIG,
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    records = (
        kind.queryset()
        .alias(search_vector=vector)
        .filter(search_vector=search_query)
        .annotate(
            search_rank=SearchRank(F("search_vector"), search_query),
            search_total=Window(Count("pk")),
            search_headline=headline,
        )
        .order_by("-search_rank", *kind.ordering)[:limit]
    )
    return hits(kind, records, lambda record: _marked(record.search_headline))


# Japanese queries, and elsewhere (SQLite): every word, anywhere -------------------------


def _fallback_search(kind, query, limit):
    """Latin letters without PostgreSQL: the English and Japanese texts, English snippets."""
    return _substring_search(kind, query, limit, languages=("en", "ja"))


def _japanese_search(kind, query, limit):
    """A Japanese query, on any database: the Japanese and English texts, Japanese
    snippets (English where a record has no Japanese text yet)."""
    return _substring_search(kind, query, limit, languages=("ja", "en"))


def _substring_search(kind, query, limit, languages):
    words = query_words(query)
    if not words:
        return Hits(kind.name, kind.label)
    matches_all = Q()
    rank = Value(0.0, output_field=FloatField())
    for word in words:
        by_weight = [
            (
                weight,
                Q.create(
                    [(f"{column}__icontains", word) for column in kind.columns(names, languages)],
                    connector=Q.OR,
                ),
            )
            for weight, names in kind.fields.items()
        ]
        matches_all &= Q.create([q for _weight, q in by_weight], connector=Q.OR)
        rank = rank + Case(
            *(When(q, then=Value(WEIGHTS[weight])) for weight, q in by_weight),
            default=Value(0.0),
            output_field=FloatField(),
        )
    records = (
        kind.queryset()
        .filter(matches_all)
        .annotate(search_rank=rank, search_total=Window(Count("pk")))
        .order_by("-search_rank", *kind.ordering)[:limit]
    )

    def snippet(record):
        parts = []
        for name in kind.snippet_fields:
            # The first language with a text: the one searched in first, else the other.
            texts = (getattr(record, kind.column(name, code)) for code in languages)
            value = next((text for text in texts if text), "")
            if name in kind.aggregated:  # GROUP_CONCAT cannot drop duplicates itself
                value = LIST_SEPARATOR.join(dict.fromkeys(value.split(LIST_SEPARATOR)))
            if value.strip():
                parts.append(value.strip())
        return highlight(SEPARATOR.join(parts), words)

    return hits(kind, records, snippet)


def highlight(text, words, width=SNIPPET_CHARS):
    """About ``width`` characters of ``text`` around the first of ``words``, escaped, with
    each occurrence of a word wrapped in <mark>."""
    text = _INVISIBLE_CHARACTERS.sub("", text or "")
    if not text:
        return mark_safe("")
    pattern = re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)),
        re.IGNORECASE,
    )
    first = pattern.search(text)
    start = 0
    if first and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    out = ["… "] if start else []
    position = 0
    for match in pattern.finditer(window):
        out.append(escape(window[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(window[position:]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
