"""What each kind of record searches and shows: meetings, programmes, people, organisations.

Only what the public may see: published meetings and programmes, and the people and
organisations who took part in at least one published meeting (their titles are those
held at published meetings); a meeting is also found by the names and acronyms of the
published programmes it discussed. Fields are weighted A (name or title), B and C; texts are in
English and Japanese (``title_en``, ``title_ja``: the apps' translation.py).

A kind's ``source`` is what the index holds (indexing.py writes one ``SearchEntry`` per
row of it, drafts included); its ``queryset`` and ``visible`` are what a search may show,
checked when searching.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Aggregate,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest, Length, Lower, Replace, StrIndex, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus
from documents.models import Document
from meetings.models import Meeting, Organisation, Participation, Person
from programmes.models import Discussion, Programme

LIST_SEPARATOR = "; "  # between the names or titles aggregated from participations
# A document's text indexed: its first this many characters (about 120 pages; PostgreSQL's
# tsvector holds at most 1 MB); the excerpt shown around the words found.
DOCUMENT_INDEXED_CHARS = 300_000
EXCERPT_CHARS = 400
PAGE_BREAK = "\f"


def _documents():
    return Document.objects.published().select_related("meeting", "programme").defer("text")


def _document_texts():
    """A document's title, the names of its meeting and programme, and the start of its
    text (DOCUMENT_INDEXED_CHARS)."""
    return Document.objects.annotate(
        body=Substr("text", 1, DOCUMENT_INDEXED_CHARS),
        **{f"meeting_title_{code}": F(f"meeting__title_{code}") for code in LANGUAGES},
        **{f"programme_name_{code}": F(f"programme__name_{code}") for code in LANGUAGES},
    )


def _document_card(document):
    meta = [str(document.get_kind_display())]
    if document.meeting:
        meta.append(document.meeting.display_title)
    elif document.programme:
        meta.append(document.programme.name)
    if document.format_label:
        meta.append(document.format_label)
    page = getattr(document, "search_page", None)
    if page:
        meta.append(_("page %(page)s") % {"page": page})
    return document.title, document.get_absolute_url(), " · ".join(meta)


def _locate_in_documents(pks, words):
    """{pk: (page or None, excerpt)}: where the first of ``words`` is in each document's
    text, and the text around it; read for the few results shown, never the whole text."""
    if not pks or not words:
        return {}
    position = StrIndex(Lower("text"), Value(words[0].lower()))
    start = Greatest(position - EXCERPT_CHARS // 3, Value(1))
    before = Substr("text", 1, position)
    breaks = Length(before) - Length(Replace(before, Value(PAGE_BREAK), Value("")))
    rows = (
        Document.objects.filter(pk__in=pks)
        .annotate(found_at=position)
        .annotate(
            excerpt=Substr("text", start, EXCERPT_CHARS),
            page=Case(
                When(found_at__gt=0, pages__isnull=False, then=breaks + 1),
                output_field=IntegerField(),
            ),
        )
        .values_list("pk", "page", "excerpt", "found_at")
    )
    return {
        pk: (page, excerpt.replace(PAGE_BREAK, " ") if found else "")
        for pk, page, excerpt, found in rows
    }


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
    """The best results of one kind, best first; ``total`` counts the matches ranked, and
    ``capped`` says there were more (engine.MAX_RANKED)."""

    def __init__(self, kind, label, results=(), total=0, capped=False):
        super().__init__(results)
        self.kind = kind
        self.label = label
        self.total = total
        self.capped = capped


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


def _meetings():
    return Meeting.objects.published().select_related("host_country")


def _programmes():
    return Programme.objects.published().select_related("fund")


def _people():
    """Anyone: a person is found through an entry of a participation at a published
    meeting (``visible``), never otherwise."""
    return Person.objects.all()


def _organisations():
    took_part = Participation.objects.published().filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(took_part)).select_related("country")


def _people_visible():
    return Q(search_entries__via_meeting__in=Meeting.objects.published().values("pk"))


# What is indexed: every row, published or not (the search checks that when it runs).


def _meeting_texts():
    """A meeting's texts, its participants' names, and the names (both languages) and
    acronyms of the programmes it discussed: only programmes published now, so a draft's
    name never finds a meeting (a programme's save reindexes its meetings, signals.py)."""
    names = _joined(
        Participation.objects.filter(meeting=OuterRef("pk")), "meeting", "person__name_en"
    )
    discussed = Discussion.objects.filter(
        meeting=OuterRef("pk"),
        programme__status=PublicationStatus.PUBLISHED,
        programme__published_at__lte=timezone.now(),
    )
    return Meeting.objects.annotate(
        participant_names=names,
        programme_acronyms=_joined(discussed, "meeting", "programme__acronym"),
        **{
            f"programmes_discussed_{code}": _joined(discussed, "meeting", f"programme__name_{code}")
            for code in LANGUAGES
        },
    )


def _participation_texts():
    """A participation with a person: the person's name and the title held there, each
    in both languages."""
    return Participation.objects.filter(person__isnull=False).annotate(
        **{f"name_{code}": F(f"person__name_{code}") for code in LANGUAGES},
        **{f"titles_held_{code}": F(f"title_{code}") for code in LANGUAGES},
    )


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
    queryset: object  # a callable returning the published records to show
    source: object  # a callable returning every row to index (SearchEntry), with its texts
    links: dict  # SearchEntry's link -> the source's column (the record the entry finds)
    fields: dict  # weight ("A", "B", "C") -> names of the source's fields or annotations
    snippet_fields: tuple  # the text the snippet is cut from, in this order
    ordering: tuple  # after the rank
    card: object  # record -> (title, url, meta)
    aggregated: tuple = field(default=())  # fields joined from several rows
    translated: tuple = field(default=())  # fields with a column per language (name_en, ...)
    # A condition on the record's entries: only those the public may see count (people).
    visible: object = Q
    # Several entries find one record (people: one per participation): a record's rank is
    # its best entry's, its snippet the texts of its matching entries joined.
    grouped: bool = False
    # (pks, words) -> {pk: (page, excerpt)}: the snippet and page of records whose text is
    # too long to keep in the index twice (documents).
    locate: object = None

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
            source=_meeting_texts,
            links={"meeting_id": "pk"},
            fields={
                "A": ("title",),
                # The programmes discussed: below the meeting's own title, with its place.
                "B": (
                    "city",
                    "venue",
                    "host_country__name",
                    "programmes_discussed",
                    "programme_acronyms",
                ),
                "C": ("outline", "participant_names"),
            },
            snippet_fields=(
                "outline",
                "venue",
                "city",
                "participant_names",
                "programmes_discussed",
                "programme_acronyms",
            ),
            ordering=("-start_date", "-number"),
            card=_meeting_card,
            aggregated=("participant_names", "programmes_discussed", "programme_acronyms"),
            translated=(
                "title",
                "city",
                "venue",
                "host_country__name",
                "outline",
                "programmes_discussed",
            ),
        ),
        Kind(
            name="programmes",
            label=_("Programmes"),
            queryset=_programmes,
            source=Programme.objects.all,
            links={"programme_id": "pk"},
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
            source=_participation_texts,
            links={"person_id": "person_id", "via_meeting_id": "meeting_id"},
            fields={"A": ("name",), "B": ("titles_held",)},
            snippet_fields=("titles_held",),
            ordering=("name",),
            card=_person_card,
            aggregated=("titles_held",),
            translated=("name", "titles_held"),
            visible=_people_visible,
            grouped=True,
        ),
        Kind(
            name="organisations",
            label=_("Organisations"),
            queryset=_organisations,
            source=Organisation.objects.all,
            links={"organisation_id": "pk"},
            fields={"A": ("name",), "B": ("acronym",)},
            snippet_fields=("name", "acronym"),
            ordering=("name",),
            card=_organisation_card,
            translated=("name",),
        ),
        Kind(
            name="documents",
            label=_("Documents"),
            queryset=_documents,
            source=_document_texts,
            links={"linked_document_id": "pk"},
            fields={
                "A": ("title",),
                "B": ("meeting_title", "programme_name"),
                "C": ("body",),
            },
            # The snippet is cut from the document's own text (locate), not kept twice.
            snippet_fields=("meeting_title", "programme_name"),
            ordering=("-date", "-pk"),
            card=_document_card,
            translated=("title", "meeting_title", "programme_name"),
            locate=_locate_in_documents,
        ),
    )
}


def hits(kind, records, snippet, capped=False, words=(), highlight=None):
    """The ``Hits`` of ``records``, each annotated with ``search_rank`` and ``search_total``;
    for a kind that locates its words (documents), the page and the excerpt around them."""
    records = list(records)
    located = kind.locate([r.pk for r in records], words) if kind.locate else {}
    results = []
    total = 0
    for record in records:
        total = record.search_total
        page, excerpt = located.get(record.pk, (None, ""))
        record.search_page = page
        shown = highlight(excerpt, words) if excerpt and highlight else snippet(record)
        title, url, meta = kind.card(record)
        results.append(SearchResult(kind.name, title, url, shown, float(record.search_rank), meta))
    return Hits(kind.name, kind.label, results, total, capped)
