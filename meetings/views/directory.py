"""The directory of who took part: countries, people and organisations.

Countries, people and organisations are not publishable themselves, but everything these
pages list about them comes from published meetings (and published programmes) only: a
draft meeting never shows through a country, a person or an organisation.

Each page runs a fixed number of SQL queries, however large the record.
"""

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from meetings.models import Country, Meeting, Organisation, Participation, Person

# Oldest first: these pages read as a history.
BY_MEETING_DATE = ("meeting__start_date", "meeting__number", "meeting__pk", "order", "pk")
CHRONOLOGICAL = ("start_date", "number", "pk")


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
    """A country: the published meetings it hosted and attended, the people who
    represented it there, and the published programmes it takes part in."""

    model = Country
    template_name = "meetings/country_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        published_meetings = Meeting.objects.published().select_related("series", "host_country")
        represented = Participation.objects.published().filter(country=country)
        context["meetings_hosted"] = published_meetings.filter(host_country=country).order_by(
            *CHRONOLOGICAL
        )
        # A host attends its own meeting, whether or not the record names its delegation.
        context["meetings_attended"] = published_meetings.filter(
            Q(host_country=country) | Exists(represented.filter(meeting=OuterRef("pk")))
        ).order_by(*CHRONOLOGICAL)
        context["representatives"] = Person.objects.filter(
            Exists(represented.filter(person=OuterRef("pk")))
        )
        # Through the reverse relation, so that meetings never imports programmes.
        context["programmes"] = country.programmes.published().select_related("fund")
        context["crumbs"] = [(_("Countries"), reverse("countries:list")), (country.name, None)]
        return context


class PersonDetailView(DetailView):
    """A person and their participations at published meetings, oldest first.

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
        context["participations"] = (
            Participation.objects.published()
            .filter(person=self.object)
            .select_related("meeting__series", "meeting__host_country", "organisation", "country")
            .order_by(*BY_MEETING_DATE)
        )
        context["crumbs"] = [(str(self.object), None)]
        return context


class OrganisationDetailView(DetailView):
    """An organisation, the series it organises, and its participations at published
    meetings, oldest first.

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
        context["series_organised"] = self.object.series_organised.all()
        context["participations"] = (
            Participation.objects.published()
            .filter(organisation=self.object)
            .select_related("meeting__series", "meeting__host_country", "person", "country")
            .order_by(*BY_MEETING_DATE)
        )
        context["crumbs"] = [(str(self.object), None)]
        return context
