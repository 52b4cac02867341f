"""``search(query)``: each kind's ``Hits`` (kinds.py), best first; one query a kind, over
the search index (``SearchEntry``, written by indexing.py): no text is assembled here.

- PostgreSQL, Latin letters: full-text search of the stored English tsvectors ("english"
  configuration, web-search syntax: ``"phrase"``, ``or``, ``-word``; GIN index), ranked
  by ``SearchRank``, snippets from ``ts_headline`` over the stored escaped text.
- Japanese (PostgreSQL has no Japanese dictionary) on any database, anything on SQLite:
  each word must appear (``icontains``; a pg_trgm GIN index on PostgreSQL) in the stored
  texts, Japanese or English; the rank adds each word's best weight; the snippet is cut
  and escaped here.
Each kind's published records are joined to their entries: whether a record is
published is checked now, never stored. The only tags of a snippet are the ``<mark>``
elements added here.
"""

import re
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Max, Q, Value, When, Window
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexing import HEADLINE_SEPARATOR, SEARCH_CONFIG, START_SEL, STOP_SEL
from .kinds import KINDS, LIST_SEPARATOR, Hits, TextAgg, hits
from .models import FIELD_SEPARATOR, SearchEntry, containing
from .query import clean_query, is_japanese, query_words

SNIPPET_CHARS = 240  # the fallback's snippet length
# A kind's matches ranked at most: a word found in most of the record (tens of thousands of
# entries) costs no more to rank than this many; the page then says "more than" the count.
MAX_RANKED = 500
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}  # PostgreSQL's default rank weights, used by both
SEPARATOR = HEADLINE_SEPARATOR  # between the fields of a snippet
ENTRY = "search_entries"  # the records' relation to their SearchEntry rows
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


def _matching(kind, condition):
    """The kind's published records with one of the first MAX_RANKED entries found that
    meet ``condition`` (on SearchEntry's fields) and that the public may see; whether
    more entries matched is the queryset's ``capped``.

    The entries are found first, alone (one bounded query, no ranking, no order), so a
    common word's cost stays that of MAX_RANKED entries; the records are joined to them.
    """
    found = _first_entries(SearchEntry.objects.filter(condition, kind=kind.name))
    records = kind.queryset().filter(Q(**{f"{ENTRY}__id__in": found[:MAX_RANKED]}) & kind.visible())
    records.capped = len(found) > MAX_RANKED
    return records


def _first_entries(entries):
    """The ids of the first MAX_RANKED + 1 of ``entries``, read through their indexes."""
    with index_bitmaps_only():
        return list(first_of(entries))


def first_of(entries):
    return entries.order_by().values_list("id", flat=True)[: MAX_RANKED + 1]


@contextmanager
def index_bitmaps_only():
    """PostgreSQL, for the queries inside: tables read only through index bitmaps.

    PostgreSQL estimates how many entries a word finds from the whole table, every kind
    together: a word common in meetings looks common in people too, and the planner then
    reads the table in order (or by its key), hoping to find a few hundred soon, and
    reads it all. The GIN indexes are the right way whatever the word.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL: this block only
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true),"
            " set_config('enable_indexscan', 'off', true)"
        )
        yield


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
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    rank = SearchRank(F(f"{ENTRY}__document"), search_query)
    text = F(f"{ENTRY}__headline")
    if kind.grouped:  # the best entry's rank; the texts of the matching entries
        rank, text = Max(rank), TextAgg(text, distinct=True)
    headline = SearchHeadline(
        text,
        search_query,
        config=SEARCH_CONFIG,
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    matching = _matching(kind, Q(document=search_query))
    records = (
        matching.annotate(search_rank=rank, search_headline=headline)
        .annotate(search_total=Window(Count("pk")))
        .order_by("-search_rank", *kind.ordering)[:limit]
    )
    words = query_words(query)
    return hits(
        kind,
        records,
        lambda record: _marked(record.search_headline),
        matching.capped,
        words,
        highlight,
    )


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
    # Every word in the entry's texts; its rank, the best weight of the fields it is in.
    *better, lowest = kind.fields
    rank = Value(0.0, output_field=FloatField())
    for word in words:
        found = {
            weight: Q(**{f"{ENTRY}__text_{weight.lower()}__icontains": word}) for weight in better
        }
        rank = rank + Case(
            *(When(condition, then=WEIGHTS[weight]) for weight, condition in found.items()),
            default=Value(WEIGHTS[lowest]),
            output_field=FloatField(),
        )
    snippets = {code: F(f"{ENTRY}__snippet_{code}") for code in languages}
    if kind.grouped:
        rank = Max(rank)
        snippets = {code: TextAgg(text, distinct=True) for code, text in snippets.items()}
    matching = _matching(kind, containing(words))
    records = (
        matching.annotate(
            search_rank=rank, **{f"search_snippet_{c}": s for c, s in snippets.items()}
        )
        .annotate(search_total=Window(Count("pk")))
        .order_by("-search_rank", *kind.ordering)[:limit]
    )

    def snippet(record):
        texts = {
            code: (getattr(record, f"search_snippet_{code}") or "").split(FIELD_SEPARATOR)
            for code in languages
        }
        parts = []
        for position, name in enumerate(kind.snippet_fields):
            # The first language with a text: the one searched in first, else the other.
            found = (texts[code][position] for code in languages if position < len(texts[code]))
            value = next((text for text in found if text), "")
            if name in kind.aggregated:  # GROUP_CONCAT cannot drop duplicates itself
                value = LIST_SEPARATOR.join(dict.fromkeys(value.split(LIST_SEPARATOR)))
            if value.strip():
                parts.append(value.strip())
        return highlight(SEPARATOR.join(parts), words)

    return hits(kind, records, snippet, matching.capped, words, highlight)


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
