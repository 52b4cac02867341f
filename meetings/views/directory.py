"""The directory of who took part: countries, people and organisations.

Countries, people and organisations are not publishable themselves, but everything these
pages show about them comes from published meetings (and published programmes) only: a
draft meeting never shows through a country, a person or an organisation.

Each page is a summary of bounded size, however large the record: counts per series,
the latest few meetings (or participations), and links to the filtered, paginated
meetings list for the rest (``?host=``, ``?country=``, ``?person=``, ``?organisation=``,
with ``series=`` for one series). Each page runs a fixed number of SQL queries.
"""

from django.apps import apps
from django.db.models import Count, Exists, F, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.paths import with_query
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person

# How much of a long record each page shows; the meetings list has the rest.
LATEST_SHOWN = 10  # meetings hosted or attended, participations
REPRESENTATIVES_SHOWN = 20
PROGRAMMES_SHOWN = 10

NEWEST_FIRST = ("-start_date", "-number", "-pk")
PARTICIPATIONS_NEWEST_FIRST = (
    "-meeting__start_date",
    "-meeting__number",
    "-meeting__pk",
    "order",
    "pk",
)


def count_subquery(queryset, group_by, counted):
    """``COUNT(DISTINCT counted)`` of ``queryset`` (already filtered on an ``OuterRef``)."""
    counts = (
        queryset.order_by().values(group_by).annotate(n=Count(counted, distinct=True)).values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def count_rows(queryset):
    """The number of rows of ``queryset`` as a subquery (it may use OuterRef)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def meetings_list_url(**filters):
    """The meetings list filtered by ``filters`` (natural keys), newest first."""
    return with_query(reverse("meetings:list"), filters)


def attended_by(country):
    """A country's published meetings: those it hosted, and those where the record names
    its delegation (a host attends its own meeting, whether or not its delegation is
    named). The meetings list's ``country`` filter selects the same meetings."""
    represented = Participation.objects.published().filter(country=country).values("meeting")
    return Meeting.objects.published().filter(Q(host_country=country) | Q(pk__in=represented))


def published_programmes():
    """Programmes lives above meetings: reached through the app registry, never imported."""
    return apps.get_model("programmes", "Programme").objects.published()


class CountryListView(ListView):
    """Every country, ASEAN member states first, with how many published meetings each
    hosted and attended (both counted in the one query that lists the countries)."""

    template_name = "meetings/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        hosted = Meeting.objects.published().filter(host_country=OuterRef("pk"))
        # A host attends its own meeting, whether or not the record names its delegation.
        represented = Participation.objects.filter(country=OuterRef(OuterRef("pk")))
        attended = Meeting.objects.published().filter(
            Q(host_country=OuterRef("pk")) | Q(pk__in=represented.values("meeting"))
        )
        return Country.objects.annotate(
            meetings_hosted_count=count_subquery(hosted, "host_country", "pk"),
            meetings_attended_count=count_rows(attended),
        ).order_by("-is_asean_member", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(context["countries"])
        groups = [
            ("asean", _("ASEAN member states"), [c for c in countries if c.is_asean_member]),
            ("others", _("Other countries"), [c for c in countries if not c.is_asean_member]),
        ]
        context["country_groups"] = [group for group in groups if group[2]]
        context["crumbs"] = [(_("Countries"), None)]
        return context


class CountryDetailView(DetailView):
    """A country's summary: its published meetings hosted and attended per series, the
    latest of each, who represented it most recently, and the first of the published
    programmes it takes part in, each with its total and a link to the full list.

    Six queries: the country with its two totals of people and programmes, the counts
    per series, the latest hosted, the latest attended, the people, the programmes.
    """

    model = Country
    template_name = "meetings/country_detail.html"

    def get_queryset(self):
        represented = Participation.objects.published().filter(
            country=OuterRef("pk"), person__isnull=False
        )
        return Country.objects.annotate(
            representatives_count=count_subquery(represented, "country", "person"),
            programmes_count=count_rows(published_programmes().filter(countries=OuterRef("pk"))),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        attended = attended_by(country)
        series_counts = list(
            MeetingSeries.objects.filter(meetings__in=attended.values("pk")).annotate(
                attended=Count("meetings"),
                hosted=Count("meetings", filter=Q(meetings__host_country=country)),
            )
        )
        for series in series_counts:
            series.hosted_url = meetings_list_url(host=country.code, series=series.slug)
            series.attended_url = meetings_list_url(country=country.code, series=series.slug)
        latest = attended.select_related("series", "host_country").order_by(*NEWEST_FIRST)
        represented = Participation.objects.published().filter(country=country)
        context.update(
            series_counts=series_counts,
            hosted_count=sum(series.hosted for series in series_counts),
            attended_count=sum(series.attended for series in series_counts),
            hosted_url=meetings_list_url(host=country.code),
            attended_url=meetings_list_url(country=country.code),
            latest_hosted=list(latest.filter(host_country=country)[:LATEST_SHOWN]),
            latest_attended=list(latest[:LATEST_SHOWN]),
            # Those who represented it most recently first.
            representatives=list(
                Person.objects.filter(participations__in=represented.values("pk"))
                .annotate(last_seen=Max("participations__meeting__start_date"))
                .order_by("-last_seen", "name", "pk")[:REPRESENTATIVES_SHOWN]
            ),
            # Through the reverse relation, so that meetings never imports programmes.
            programmes=list(
                country.programmes.published().select_related("fund")[:PROGRAMMES_SHOWN]
            ),
            programmes_url=with_query(reverse("programmes:list"), {"country": country.code}),
            crumbs=[(_("Countries"), reverse("countries:list")), (country.name, None)],
        )
        return context


def participation_summary(participations, **filters):
    """[series with ``meetings`` and ``participations`` counted, and ``url``, the meetings
    list filtered by ``filters`` and the series] for these published participations."""
    series_counts = list(
        MeetingSeries.objects.filter(meetings__participations__in=participations.values("pk"))
        .annotate(
            meetings_count=Count("meetings", distinct=True),
            participations_count=Count("meetings__participations"),
        )
        .order_by("name", "pk")
    )
    for series in series_counts:
        series.url = meetings_list_url(**filters, series=series.slug)
    return series_counts


def latest_participations(participations):
    return list(
        participations.select_related(
            "meeting__series", "meeting__host_country", "person", "organisation", "country"
        ).order_by(*PARTICIPATIONS_NEWEST_FIRST)[:LATEST_SHOWN]
    )


def summary_context(participations, **filters):
    """What a person's or an organisation's page shows of its participations."""
    series_counts = participation_summary(participations, **filters)
    return {
        "series_counts": series_counts,
        "meetings_count": sum(series.meetings_count for series in series_counts),
        "participations_count": sum(series.participations_count for series in series_counts),
        "participations": latest_participations(participations),
        "meetings_url": meetings_list_url(**filters),
    }


class PersonDetailView(DetailView):
    """A person's summary: their published meetings per series, their latest
    participations (newest first, with the title held at the time), and a link to the
    meetings list for all of them. Three queries.

    A person who took part in no published meeting (only in drafts or scheduled
    meetings, or in none yet) is a 404, to everyone: the page would be empty, and its
    very existence would leak the name of a draft meeting's participant.
    """

    model = Person
    template_name = "meetings/person_detail.html"

    def get_queryset(self):
        return Person.objects.filter(
            Exists(Participation.objects.published().filter(person=OuterRef("pk")))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        participations = Participation.objects.published().filter(person=person)
        context.update(summary_context(participations, person=person.slug))
        context["crumbs"] = [(str(person), None)]
        return context


class OrganisationDetailView(DetailView):
    """An organisation's summary: the series it organises, its published meetings and
    participations per series, the latest participations (newest first), and a link to
    the meetings list for all of them. Four queries.

    Unlike a person, an organisation's page exists even when no published meeting records
    it (an organiser, or one whose only participations are in drafts): an institution's
    name is public, and the page lists nothing from draft meetings.
    """

    model = Organisation
    template_name = "meetings/organisation_detail.html"

    def get_queryset(self):
        return Organisation.objects.select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        participations = Participation.objects.published().filter(organisation=organisation)
        context.update(summary_context(participations, organisation=organisation.slug))
        context["series_organised"] = organisation.series_organised.all()
        context["crumbs"] = [(str(organisation), None)]
        return context
