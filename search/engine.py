"""One search across the published record: meetings, programmes, people, organisations.

``search(query)`` is the only interface. It returns, for each kind in ``KINDS`` order, a
``Hits`` list of ``SearchResult`` (title, url, snippet, rank, meta), best first, with
``Hits.total`` counting every match (the list holds at most ``limit_per_kind``).

Texts are in English and Japanese (``title_en``, ``title_ja``: the apps'
translation.py). Two engines, one behaviour:

- PostgreSQL, a query in Latin letters: full-text search
  (``django.contrib.postgres.search``) of the English texts with the "english"
  configuration and web-search syntax (``"exact phrase"``, ``or``, ``-word``). Fields are
  weighted (name or title A; acronym, other names, city, venue, host country, titles held
  B; outline, summary, description, participants C), results are ordered by
  ``SearchRank`` and snippets come from ``ts_headline``.
- A query with Japanese characters (kana or kanji), on any database, and any query
  elsewhere (SQLite on a laptop): substring matching. PostgreSQL has no Japanese
  dictionary, and Japanese does not separate its words with spaces, so each part of the
  query between spaces must appear (case-insensitively, anywhere: ``icontains``, which
  works like n-gram matching) in one of the same fields, in Japanese or in English; the
  rank adds, for each part, the weight of the best field it was found in; the snippet is
  cut around the first match in Python, from the Japanese text for a Japanese query
  (English where a record has none yet), from the English text otherwise.

Only what the public may see is searched: published meetings and programmes, and the
people and organisations who took part in at least one published meeting (their titles
are those held at published meetings). Each kind costs one query, whatever the size of
the record.

Snippets are safe HTML: the text is escaped first and the only tags are the ``<mark>``
elements added here. On PostgreSQL the headline is computed over text escaped in SQL,
with control characters as selection markers that are turned into ``<mark>`` in Python.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import NullIf, Replace
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, Organisation, Participation, Person
from programmes.models import Programme

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10  # the fallback's words; more would only make a longer WHERE clause
SNIPPET_CHARS = 240  # the fallback's snippet length
SEARCH_CONFIG = "english"
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}  # PostgreSQL's default rank weights, used by both
SEPARATOR = " · "  # between the fields of a snippet
LIST_SEPARATOR = "; "  # between the names or titles aggregated from participations
START_SEL, STOP_SEL = "\x02", "\x03"  # cannot be typed into a form; become <mark> and </mark>
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_INVISIBLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SELECTION = re.compile(f"([{START_SEL}{STOP_SEL}])")
# Kana, kanji (and their iteration marks), half-width katakana: a query with any of them
# is Japanese, searched by substring.
_JAPANESE = re.compile(
    "[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)


@dataclass(frozen=True)
class SearchResult:
    """One record found: what a result card shows."""

    kind: str
    title: str
    url: str
    snippet: SafeString
    rank: float
    meta: str = ""


class Hits(list):
    """The best results of one kind, best first; ``total`` counts every match."""

    def __init__(self, kind, label, results=(), total=0):
        super().__init__(results)
        self.kind = kind
        self.label = label
        self.total = total


def clean_query(raw):
    """The query as searched, and whether it had to be shortened.

    Control characters become spaces, runs of whitespace one space; a query longer than
    ``MAX_QUERY_LENGTH`` is cut at the last whole word that fits.
    """
    query = " ".join(_CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(query) <= MAX_QUERY_LENGTH:
        return query, False
    cut = query[: MAX_QUERY_LENGTH + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return cut[:MAX_QUERY_LENGTH].strip(), True


def is_japanese(query):
    """Whether ``query`` has Japanese characters (kana or kanji)."""
    return bool(_JAPANESE.search(query))


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


# What each kind searches --------------------------------------------------------------


class TextAgg(Aggregate):
    """The values of a column joined into one string (STRING_AGG, or SQLite's GROUP_CONCAT)."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(LIST_SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite allows DISTINCT only without a separator: duplicates are dropped later.
        clone = self.copy()
        clone.distinct = False
        return clone.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _joined(queryset, group_by, column):
    """A subquery: ``column`` of the rows of ``queryset`` joined into one string."""
    return Subquery(
        queryset.exclude(**{column: ""})
        .exclude(**{f"{column}__isnull": True})
        .order_by()
        .values(group_by)
        .annotate(joined=TextAgg(column, distinct=True))
        .values("joined"),
        output_field=TextField(),
    )


def _published_participations():
    return Participation.objects.filter(meeting__in=Meeting.objects.published().values("pk"))


def _meetings():
    names = _joined(Participation.objects.filter(meeting=OuterRef("pk")), "meeting", "person__name")
    return (
        Meeting.objects.published().select_related("host_country").annotate(participant_names=names)
    )


def _programmes():
    return Programme.objects.published().select_related("fund")


def _people():
    took_part = _published_participations().filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(took_part)).annotate(
        **{
            f"titles_held_{code}": _joined(took_part, "person", f"title_{code}")
            for code in LANGUAGES
        }
    )


def _organisations():
    took_part = _published_participations().filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(took_part)).select_related("country")


def _meeting_card(meeting):
    where = ", ".join(part for part in (meeting.city, meeting.host_country.name) if part)
    return meeting.display_title, meeting.get_absolute_url(), f"{meeting.date_display}, {where}"


def _programme_card(programme):
    meta = [programme.get_kind_display()]
    if programme.acronym:
        meta.insert(0, programme.acronym)
    if programme.fund:
        meta.append(
            _("funded by %(fund)s") % {"fund": programme.fund.acronym or programme.fund.name}
        )
    return programme.name, programme.get_absolute_url(), " · ".join(meta)


def _person_card(person):
    return str(person), reverse("people:detail", kwargs={"slug": person.slug}), ""


def _organisation_card(organisation):
    meta = [organisation.get_kind_display()]
    if organisation.country:
        meta.append(organisation.country.name)
    url = reverse("organisations:detail", kwargs={"slug": organisation.slug})
    return str(organisation), url, " · ".join(meta)


LANGUAGES = ("en", "ja")  # the languages of the texts (MODELTRANSLATION_LANGUAGES)


@dataclass(frozen=True)
class Kind:
    """How one kind of record is searched and shown."""

    name: str
    label: str
    queryset: object  # a callable returning the published queryset to search
    fields: dict  # weight ("A", "B", "C") -> names of fields or annotations
    snippet_fields: tuple  # the text the snippet is cut from, in this order
    ordering: tuple  # after the rank
    card: object  # record -> (title, url, meta)
    aggregated: tuple = field(default=())  # fields joined from several rows
    translated: tuple = field(default=())  # fields with a column per language (name_en, ...)

    def column(self, name, language):
        """The column (or annotation) of field ``name`` holding ``language``'s text."""
        return f"{name}_{language}" if name in self.translated else name

    def columns(self, names, languages):
        return list(dict.fromkeys(self.column(n, code) for n in names for code in languages))


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            name="meetings",
            label=_("Meetings"),
            queryset=_meetings,
            fields={
                "A": ("title",),
                "B": ("city", "venue", "host_country__name"),
                "C": ("outline", "participant_names"),
            },
            snippet_fields=("outline", "venue", "city", "participant_names"),
            ordering=("-start_date", "-number"),
            card=_meeting_card,
            aggregated=("participant_names",),
            translated=("title", "city", "venue", "host_country__name", "outline"),
        ),
        Kind(
            name="programmes",
            label=_("Programmes"),
            queryset=_programmes,
            fields={
                "A": ("name",),
                "B": ("acronym", "other_names"),
                "C": ("summary", "description"),
            },
            snippet_fields=("summary", "description", "other_names"),
            ordering=("name",),
            card=_programme_card,
            translated=("name", "other_names", "summary", "description"),
        ),
        Kind(
            name="people",
            label=_("People"),
            queryset=_people,
            fields={"A": ("name",), "B": ("titles_held",)},
            snippet_fields=("titles_held",),
            ordering=("name",),
            card=_person_card,
            aggregated=("titles_held",),
            translated=("titles_held",),
        ),
        Kind(
            name="organisations",
            label=_("Organisations"),
            queryset=_organisations,
            fields={"A": ("name",), "B": ("acronym",)},
            snippet_fields=("name", "acronym"),
            ordering=("name",),
            card=_organisation_card,
            translated=("name",),
        ),
    )
}


def _hits(kind, records, snippet):
    results = []
    total = 0
    for record in records:
        total = record.search_total
        title, url, meta = kind.card(record)
        results.append(
            SearchResult(kind.name, title, url, snippet(record), float(record.search_rank), meta)
        )
    return Hits(kind.name, kind.label, results, total)


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
    return _hits(kind, records, lambda record: _marked(record.search_headline))


# Japanese queries, and elsewhere (SQLite): every word, anywhere -------------------------


def query_words(query):
    """The words the fallback looks for: letters and digits, at most ``MAX_WORDS``.

    Japanese has no spaces between its words: a run of kana and kanji is one "word",
    matched as a substring (「ベトナム」 in 「ベトナム社会主義共和国」)."""
    words = list(dict.fromkeys(word.lower() for word in re.findall(r"\w+", query)))
    return words[:MAX_WORDS]


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

    return _hits(kind, records, snippet)


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
