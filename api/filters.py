"""Filters of the lists that have no public page of their own (participations and
discussions), natural keys as everywhere: ``/api/v1/participations/?meeting=<slug>``.
A value names a published record (or a public one: a country, an organisation), else 400."""

import django_filters

from meetings.filters import person_choices
from meetings.models import Country, Meeting, Organisation, Participation
from programmes.models import Discussion, Programme


def published_meetings(request):
    return Meeting.objects.published()


def published_programmes(request):
    return Programme.objects.published()


class ParticipationFilter(django_filters.FilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=published_meetings, to_field_name="slug")
    person = django_filters.ModelChoiceFilter(queryset=person_choices, to_field_name="slug")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug"
    )
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), to_field_name="code")
    role = django_filters.ChoiceFilter(choices=Participation.Role.choices)

    class Meta:
        model = Participation
        fields = []


class DiscussionFilter(django_filters.FilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=published_meetings, to_field_name="slug")
    programme = django_filters.ModelChoiceFilter(
        queryset=published_programmes, to_field_name="slug"
    )
    stage = django_filters.ChoiceFilter(choices=Discussion.Stage.choices)

    class Meta:
        model = Discussion
        fields = []
