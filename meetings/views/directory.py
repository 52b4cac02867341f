"""The directory of who took part: countries, people and organisations.

Countries, people and organisations are not publishable themselves, but everything these
pages show about them comes from published meetings (and published programmes) only: a
draft meeting never shows through a country, a person or an organisation.

Each page is a summary of bounded size, however large the record: counts per series,
the latest few meetings (or participations), and links to the filtered, paginated
meetings list for the rest (``?host=``, ``?country=``, ``?person=``, ``?organisation=``,
with ``series=`` for one series). Each page runs a fixed number of SQL queries.

The counts per series of every country (and the countries list's totals) derive from the
whole record: counted once per content version (``core.derived.per_version``) in a few
aggregate queries. An organisation's and a person's are read from their own
participations, which the index finds (an organisation's once per version too).
"""

from django.apps import apps
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.derived import per_version
from core.paths import with_query
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person

# How much of a long record each page shows; the meetings list has the rest.
LATEST_SHOWN = 10  # meetings hosted or attended, participations
REPRESENTATIVES_SHOWN = 20
REPRESENTATIVES_READ = 200  # the latest participations they are found in
PROGRAMMES_SHOWN = 10

NEWEST_FIRST = ("-start_date", "-number", "-pk")
PARTICIPATIONS_NEWEST_FIRST = (
    "-meeting__start_date",
    "-meeting__number",
    "-meeting__pk",
    "order",
    "pk",
)


def meetings_list_url(**filters):
    """The meetings list filtered by ``filters`` (natural keys), newest first."""
    return with_query(reverse("meetings:list"), filters)


def latest_attended(country, latest_hosted):
    """A country's latest published meetings: those it hosted (``latest_hosted``, newest
    first), and those where the record names its delegation (a host attends its own
    meeting, whether or not its delegation is named), as the meetings list's ``country``
    filter selects them. Two bounded reads merged: one query with ``hosted OR
    represented`` would first read every participation of the country."""
    represented = Participation.objects.filter(country=country, meeting=OuterRef("pk"))
    latest_represented = (
        Meeting.objects.published()
        .filter(Exists(represented))
        .select_related("series", "host_country")
        .order_by(*NEWEST_FIRST)[:LATEST_SHOWN]
    )
    merged = {meeting.pk: meeting for meeting in [*latest_hosted, *latest_represented]}
    newest_first = sorted(
        merged.values(),
        key=lambda m: (m.start_date, m.number if m.number is not None else -1, m.pk),
        reverse=True,
    )
    return newest_first[:LATEST_SHOWN]


def country_counts():
    """{country id: {"series": {series id: [hosted, attended]}, "people": n}}: the
    published meetings each country hosted and attended in each series, and how many
    people represented it. Three aggregate queries, once per content version."""
    counts = {}

    def series_of(country_id):
        entry = counts.setdefault(country_id, {"series": {}, "people": 0})
        return entry["series"]

    hosted = Meeting.objects.published().values_list("host_country", "series")
    for country_id, series_id, number in hosted.annotate(n=Count("pk")).order_by():
        series_of(country_id)[series_id] = [number, number]  # a host attends
    # Meetings where its delegation is named, but that it did not host (counted above).
    represented = (
        Participation.objects.published()
        .filter(country__isnull=False)
        .exclude(meeting__host_country=F("country"))
        .values_list("country", "meeting__series")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    )
    for country_id, series_id, number in represented:
        series_of(country_id).setdefault(series_id, [0, 0])[1] += number
    people = (
        Participation.objects.published()
        .filter(country__isnull=False, person__isnull=False)
        .values_list("country")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    for country_id, number in people:
        series_of(country_id)  # (never without meetings; kept consistent all the same)
        counts[country_id]["people"] = number
    return counts


def participation_counts(participations):
    """{series id: [meetings, participations]} of ``participations`` (one query)."""
    rows = (
        participations.values_list("meeting__series")
        .annotate(meetings=Count("meeting", distinct=True), participations=Count("pk"))
        .order_by()
    )
    return {series_id: [meetings, total] for series_id, meetings, total in rows}


def with_series(counts, fields):
    """The series named in ``counts`` ({series id: [numbers]}), by name, each with its
    numbers as attributes named ``fields`` (one query, on the small table of series)."""
    series_list = list(MeetingSeries.objects.filter(pk__in=list(counts)).order_by("name", "pk"))
    for series in series_list:
        for field, number in zip(fields, counts[series.pk], strict=True):
            setattr(series, field, number)
    return series_list


def published_programmes():
    """Programmes lives above meetings: reached through the app registry, never imported."""
    return apps.get_model("programmes", "Programme").objects.published()


class CountryListView(ListView):
    """Every country, ASEAN member states first, with how many published meetings each
    hosted and attended (counted once per content version: one query for the list)."""

    template_name = "meetings/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.order_by("-is_asean_member", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(context["countries"])
        counts = per_version("directory:country-counts", country_counts)
        for country in countries:
            numbers = counts.get(country.pk, {"series": {}})["series"].values()
            country.meetings_hosted_count = sum(hosted for hosted, _attended in numbers)
            country.meetings_attended_count = sum(attended for _hosted, attended in numbers)
        groups = [
            ("asean", _("ASEAN member states"), [c for c in countries if c.is_asean_member]),
            ("others", _("Other countries"), [c for c in countries if not c.is_asean_member]),
        ]
        context["country_groups"] = [group for group in groups if group[2]]
        context["crumbs"] = [(_("Countries"), None)]
        return context


class CountryDetailView(DetailView):
    """A country's summary: its published meetings hosted and attended per series, the
    latest of each, who represented it lately, and the first of the published programmes
    it takes part in, each with its total and a link to the full list.

    Six queries: the country (with its number of programmes), its series, the latest
    hosted, the latest attended, the latest representatives, the programmes; the counts
    are the record's, counted once per content version.
    """

    model = Country
    template_name = "meetings/country_detail.html"

    def get_queryset(self):
        programmes = (
            published_programmes()
            .filter(countries=OuterRef("pk"))
            .order_by()
            .values("countries")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Country.objects.annotate(
            programmes_count=Coalesce(Subquery(programmes, output_field=IntegerField()), 0)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        counts = per_version("directory:country-counts", country_counts).get(
            country.pk, {"series": {}, "people": 0}
        )
        series_counts = with_series(counts["series"], ("hosted", "attended"))
        for series in series_counts:
            series.hosted_url = meetings_list_url(host=country.code, series=series.slug)
            series.attended_url = meetings_list_url(country=country.code, series=series.slug)
        meetings = Meeting.objects.published().select_related("series", "host_country")
        latest_hosted = list(
            meetings.filter(host_country=country).order_by(*NEWEST_FIRST)[:LATEST_SHOWN]
        )
        context.update(
            series_counts=series_counts,
            hosted_count=sum(series.hosted for series in series_counts),
            attended_count=sum(series.attended for series in series_counts),
            hosted_url=meetings_list_url(host=country.code),
            attended_url=meetings_list_url(country=country.code),
            latest_hosted=latest_hosted,
            latest_attended=latest_attended(country, latest_hosted),
            representatives=self.latest_representatives(country),
            representatives_count=counts["people"],
            # Through the reverse relation, so that meetings never imports programmes.
            programmes=list(
                country.programmes.published().select_related("fund")[:PROGRAMMES_SHOWN]
            ),
            programmes_url=with_query(reverse("programmes:list"), {"country": country.code}),
            crumbs=[(_("Countries"), reverse("countries:list")), (country.name, None)],
        )
        return context

    @staticmethod
    def latest_representatives(country):
        """Up to REPRESENTATIVES_SHOWN people, those who represented it last first, read
        from its latest participations (a bounded read, newest first by the index)."""
        participations = (
            Participation.objects.published()
            .filter(country=country, person__isnull=False)
            .select_related("person")
            .order_by(*PARTICIPATIONS_NEWEST_FIRST)[:REPRESENTATIVES_READ]
        )
        people = {}
        for participation in participations:
            people.setdefault(participation.person_id, participation.person)
        return list(people.values())[:REPRESENTATIVES_SHOWN]


def latest_participations(participations):
    return list(
        participations.select_related(
            "meeting__series", "meeting__host_country", "person", "organisation", "country"
        ).order_by(*PARTICIPATIONS_NEWEST_FIRST)[:LATEST_SHOWN]
    )


def summary_context(participations, counts, **filters):
    """What a person's or an organisation's page shows of its participations, given its
    counts ({series id: [meetings, participations]})."""
    series_counts = with_series(counts, ("meetings_count", "participations_count"))
    for series in series_counts:
        series.url = meetings_list_url(**filters, series=series.slug)
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
    meetings list for all of them. Four queries: the person, the counts (from their own
    participations), the series, the latest participations.

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
        counts = participation_counts(participations)
        context.update(summary_context(participations, counts, person=person.slug))
        context["crumbs"] = [(str(person), None)]
        return context


class OrganisationDetailView(DetailView):
    """An organisation's summary: the series it organises, its published meetings and
    participations per series, the latest participations (newest first), and a link to
    the meetings list for all of them. Four queries: the organisation, the series it
    organises, the series it took part in, the latest participations; its counts are
    counted once per content version.

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
        # An organisation may have thousands of participations: counted once per content
        # version, each organisation on its own (the value stays the size of its series).
        counts = per_version(
            f"directory:organisation-counts:{organisation.pk}",
            lambda: participation_counts(participations),
        )
        context.update(summary_context(participations, counts, organisation=organisation.slug))
        context["series_organised"] = organisation.series_organised.all()
        context["crumbs"] = [(str(organisation), None)]
        return context
