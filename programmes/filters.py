"""The programmes list's filters: every value in the query string is a natural key.

``/programmes/?theme=biodiversity&fund=jaif&country=ID&status=ongoing&kind=programme``
is readable, linkable and stable across databases (slugs and ISO codes, never ids).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.filters import in_any_language
from meetings.models import Country

from .models import Fund, Programme, Theme

# The text fields a search looks in: translated ones in every language's column.
SEARCH_FIELDS = ("acronym",)
TRANSLATED_SEARCH_FIELDS = ("name", "other_names", "summary", "description")
# A search is split into words, each of which must match somewhere; beyond this many words
# the rest are ignored (a pasted paragraph must not build an enormous query).
MAX_SEARCH_TERMS = 10


class ProgrammeFilter(django_filters.FilterSet):
    """Search, theme, fund, status, country, kind and ordering for the programmes list."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        widget=forms.SearchInput,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=lambda request: Theme.objects.filter(
            pk__in=Programme.objects.published().values("themes")
        ),
        to_field_name="slug",
        empty_label=_("Any theme"),
    )
    fund = django_filters.ModelChoiceFilter(
        label=_("Fund"),
        queryset=lambda request: Fund.objects.filter(
            pk__in=Programme.objects.published().values("fund")
        ),
        to_field_name="slug",
        empty_label=_("Any fund"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="programme_status",
        choices=Programme.Status.choices,
        empty_label=_("Any status"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("Any country"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Programme.Kind.choices,
        empty_label=_("Any kind"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"),),
        choices=(("name", _("Name, A to Z")), ("-name", _("Name, Z to A"))),
        empty_label=_("Default (name, A to Z)"),
    )

    class Meta:
        model = Programme
        fields = []  # every filter is declared above, in the order the form shows them

    def search(self, queryset, name, value):
        """Every word must appear in one of the programme's names or texts."""
        for term in value.split()[:MAX_SEARCH_TERMS]:
            matches = Q()
            for field in SEARCH_FIELDS:
                matches |= Q(**{f"{field}__icontains": term})
            for field in TRANSLATED_SEARCH_FIELDS:
                matches |= in_any_language(f"{field}__icontains", term)
            queryset = queryset.filter(matches)
        return queryset
