"""/api/v1/'s endpoints: a list and a detail view per kind of record, read-only.

Every queryset is the public pages' own: ``published()`` records, and people, series,
themes and funds only as far as published records reach them (the rule of their pages and
filters). No authentication: every answer is the same for everyone (and may come from the
page cache). ``?expand=`` embeds related records; an unknown name is a 400 naming it."""

from django.db import connection
from django.db.models import DateField, Exists, IntegerField, OuterRef, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import PublicationStatus
from documents.filters import DocumentFilter
from documents.models import Document
from meetings.filters import NEWEST_FIRST, ORDER_BY, MeetingFilter
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.filters import ProgrammeFilter
from programmes.models import Discussion, Fund, Programme, Theme

from . import serializers
from .filters import DiscussionFilter, ParticipationFilter
from .pagination import KeysetPagination

# The query parameters every list reads beyond its filters (the page cache keys on them).
LIST_PARAMETERS = {"cursor": False, "page_size": False, "expand": False, "format": False}
DETAIL_PARAMETERS = {"expand": False, "format": False}


class FirstRenderer(BaseContentNegotiation):
    """The first renderer (JSON) whatever the Accept header says, another only by
    ``?format=``: one representation per address, so a cached answer suits every client."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get("format")
        if wanted:
            renderers = [renderer for renderer in renderers if renderer.format == wanted]
            if not renderers:
                raise Http404
        return renderers[0], renderers[0].media_type


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: JSON, or YAML with ``?format=yaml``."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    content_negotiation_class = FirstRenderer
    authentication_classes = []
    page_cache_parameters = {"format": False}


class RecordView:
    """What every endpoint shares: JSON, no authentication, read-only, ``expand``."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer
    authentication_classes = []
    permission_classes = [AllowAny]
    # name: (select_related paths, prefetch_related paths) it needs when expanded
    expansions = {}
    selected = ()
    prefetched = ()

    def expanded(self):
        raw = self.request.query_params.get("expand", "")
        names = {name.strip() for name in raw.split(",") if name.strip()}
        unknown = sorted(names - set(self.expansions))
        if unknown:
            allowed = ", ".join(self.expansions) or _("none")
            raise ValidationError(
                {"expand": [_("Unknown: %(names)s. Allowed: %(allowed)s.") % {
                    "names": ", ".join(unknown), "allowed": allowed}]}
            )  # fmt: skip
        return frozenset(names)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "expand": self.expanded()}

    def get_queryset(self):
        queryset = self.records()
        selected, prefetched = list(self.selected), list(self.prefetched)
        for name in self.expanded():
            more_selected, more_prefetched = self.expansions[name]
            selected += more_selected
            prefetched += more_prefetched
        if selected:
            queryset = queryset.select_related(*selected)
        if prefetched:
            queryset = queryset.prefetch_related(*prefetched)
        return queryset


class FilterBackend(DjangoFilterBackend):
    """The list's FilterSet, built only when the request names one of its filters: its
    form builds every choice's queryset (15 ms a request), which an unfiltered list skips."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and set(request.query_params) & set(filterset_class.base_filters):
            return super().filter_queryset(request, queryset, view)
        return queryset


class RecordList(RecordView, generics.ListAPIView):
    pagination_class = KeysetPagination
    page_cache_parameters = LIST_PARAMETERS
    ordering = ("id",)

    @property
    def filter_backends(self):
        return [FilterBackend] if getattr(self, "filterset_class", None) else []

    def ordering_for(self, request):
        return self.ordering


class RecordDetail(RecordView, generics.RetrieveAPIView):
    page_cache_parameters = DETAIL_PARAMETERS


def expand_parameter(view_class):
    names = ", ".join(view_class.expansions)
    return OpenApiParameter(
        "expand",
        str,
        description=f"Comma-separated: embed these related records whole ({names}).",
        required=False,
    )


def documented(view_class, summary):
    """The view with its summary and its ``expand`` parameter in the schema."""
    parameters = [expand_parameter(view_class)] if view_class.expansions else []
    return extend_schema(summary=summary, parameters=parameters)(view_class)


# --- The querysets: the public pages' rules ----------------------------------------------


def published_participations():
    return Participation.objects.published()


def reached_people():
    """People named at a published meeting (the others have no public page)."""
    return Person.objects.filter(Exists(published_participations().filter(person=OuterRef("pk"))))


def reached_series():
    """Series with a published meeting (as the meetings filter offers them)."""
    return MeetingSeries.objects.filter(
        Exists(Meeting.objects.published().filter(series=OuterRef("pk")))
    )


def published_discussions():
    """Discussions of a published programme at a published meeting."""
    now = timezone.now()
    return Discussion.objects.filter(
        meeting__status=PublicationStatus.PUBLISHED,
        meeting__published_at__lte=now,
        programme__status=PublicationStatus.PUBLISHED,
        programme__published_at__lte=now,
    )


def reached_themes():
    """Themes of published programmes (as the programmes filter offers them)."""
    return Theme.objects.filter(pk__in=Programme.objects.published().values("themes"))


def reached_funds():
    return Fund.objects.filter(pk__in=Programme.objects.published().values("fund"))


def listed_documents():
    """Published documents, newest first as the list shows them: ``sort_date`` is the date
    with an empty one where this database sorts it (PostgreSQL: first, newest first;
    SQLite: last), so the cursor, which needs a value, keeps the list's order."""
    empty = empty_sorts_as("0001-01-01", "9999-12-31")
    return (
        Document.objects.published()
        .defer("text")
        .annotate(sort_date=Coalesce("date", Value(empty, output_field=DateField())))
    )


# What an embedded meeting or programme reads (its own links).
EXPANDED_MEETING = (("meeting__series", "meeting__kind", "meeting__host_country"), ())
EXPANDED_PROGRAMME = (("programme__fund",), ("programme__themes", "programme__countries"))
SERIES_EXPANSIONS = {"organisers": ((), ("organisers__country",))}
MEETING_EXPANSIONS = {
    "series": ((), ("series__organisers",)),
    "host_country": ((), ()),
}
PROGRAMME_EXPANSIONS = {"fund": ((), ()), "themes": ((), ()), "countries": ((), ())}


def empty_sorts_as(smallest, largest):
    """The value an empty (NULL) one sorts as on this database: PostgreSQL puts NULL after
    every value, SQLite before. Given to a sort key so a cursor can hold it, in the order
    the public list (which sorts NULL) shows."""
    return largest if connection.vendor == "postgresql" else smallest


class Meetings:
    serializer_class = serializers.MeetingSerializer
    lookup_field = "slug"
    selected = ("series", "kind", "host_country")
    expansions = MEETING_EXPANSIONS

    def records(self):
        # The list's order is (date, number, id), and a meeting outside the numbered
        # sequence has no number: ``number_key`` sorts it where the list does.
        empty = empty_sorts_as(-1, 2**31 - 1)
        return Meeting.objects.published().annotate(
            number_key=Coalesce("number", Value(empty), output_field=IntegerField())
        )


class MeetingList(Meetings, RecordList):
    """Published meetings, newest first, filtered exactly as /meetings/ is."""

    filterset_class = MeetingFilter

    def ordering_for(self, request):
        chosen = (request.query_params.get("ordering") or "").strip() or NEWEST_FIRST
        if chosen not in ORDER_BY:
            chosen = NEWEST_FIRST
        # The list's (date, number, id), the number with its empty value placed.
        return [name.replace("number", "number_key") for name in ORDER_BY[chosen]]


class Participations:
    serializer_class = serializers.ParticipationSerializer
    lookup_field = "id"
    selected = ("meeting", "person", "organisation", "country")
    expansions = {
        "meeting": EXPANDED_MEETING,
        "person": ((), ()),
        "organisation": (("organisation__country",), ()),
        "country": ((), ()),
    }

    def records(self):
        return published_participations()


class ParticipationList(Participations, RecordList):
    filterset_class = ParticipationFilter


class People:
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    ordering = ("slug",)

    def records(self):
        return reached_people()


class Organisations:
    serializer_class = serializers.OrganisationSerializer
    lookup_field = "slug"
    ordering = ("slug",)
    selected = ("country",)
    expansions = {"country": ((), ())}

    def records(self):
        # Every organisation has a public page (an institution's name is public).
        return Organisation.objects.all()


class Countries:
    serializer_class = serializers.CountrySerializer
    lookup_field = "code"
    ordering = ("code",)

    def records(self):
        return Country.objects.all()  # every country has a public page


class Series:
    serializer_class = serializers.SeriesSerializer
    lookup_field = "slug"
    ordering = ("slug",)
    prefetched = ("organisers",)
    expansions = SERIES_EXPANSIONS

    def records(self):
        return reached_series()


class Programmes:
    serializer_class = serializers.ProgrammeSerializer
    lookup_field = "slug"
    selected = ("fund",)
    prefetched = ("themes", "countries")
    expansions = PROGRAMME_EXPANSIONS

    def records(self):
        return Programme.objects.published()


class ProgrammeList(Programmes, RecordList):
    """Published programmes by name, filtered exactly as /programmes/ is."""

    filterset_class = ProgrammeFilter

    def ordering_for(self, request):
        chosen = (request.query_params.get("ordering") or "").strip()
        return ("-name",) if chosen == "-name" else ("name",)


class Discussions:
    serializer_class = serializers.DiscussionSerializer
    lookup_field = "id"
    selected = ("meeting", "programme")
    expansions = {"meeting": EXPANDED_MEETING, "programme": EXPANDED_PROGRAMME}

    def records(self):
        return published_discussions()


class DiscussionList(Discussions, RecordList):
    filterset_class = DiscussionFilter


class Themes:
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    ordering = ("slug",)

    def records(self):
        return reached_themes()


class Funds:
    serializer_class = serializers.FundSerializer
    lookup_field = "slug"
    ordering = ("slug",)

    def records(self):
        return reached_funds()


class Documents:
    serializer_class = serializers.DocumentSerializer
    lookup_field = "slug"
    selected = ("meeting", "programme")
    expansions = {"meeting": EXPANDED_MEETING, "programme": EXPANDED_PROGRAMME}

    def records(self):
        return listed_documents()


class DocumentList(Documents, RecordList):
    """Published documents, newest first, filtered exactly as /documents/ is."""

    filterset_class = DocumentFilter
    ordering = ("-sort_date", "-id")


def pair(resource, list_class=None):
    """(list view, detail view) of a resource class."""
    list_view = list_class or type(f"{resource.__name__}List", (resource, RecordList), {})
    detail_view = type(f"{resource.__name__}Detail", (resource, RecordDetail), {})
    name = resource.__name__.lower()
    return (
        documented(list_view, f"List {name}"),
        documented(detail_view, f"One of the {name}"),
    )


class ApiRoot(APIView):
    """/api/v1/: the address of every list, of the schema and of the documentation."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer
    authentication_classes = []
    permission_classes = [AllowAny]
    page_cache_parameters = {}
    lists = ()  # (name, list route), given by urls.py
    others = ("schema", "docs")

    @extend_schema(exclude=True)
    def get(self, request):
        def address(route):
            return request.build_absolute_uri(reverse(f"api:{route}"))

        return Response(
            {name: address(f"{route}-list") for name, route in self.lists}
            | {name: address(name) for name in self.others}
        )
