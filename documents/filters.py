"""The documents list's filters, every value a natural key:
``/documents/?kind=agenda&series=japan-asean-dialogue&year=2015&language=ja&q=mangrove``;
``?meeting=<slug>`` and ``?programme=<slug>`` (the "All documents" links of their pages)
have no field on the form."""

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from meetings.filters import MeetingFilterForm, QueryStringOnlyFilter, YearFilter
from meetings.models import Meeting, MeetingSeries
from programmes.models import Programme

from .models import Document, DocumentKind, DocumentLanguage

MAX_SEARCH_TERMS = 10


class DocumentFilter(django_filters.FilterSet):
    """The queryset it is given must already be ``Document.objects.published()``."""

    q = django_filters.CharFilter(
        label=_("Words in the document"),
        method="search",
        max_length=200,
        widget=forms.SearchInput,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DocumentKind.choices, empty_label=_("Any kind")
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        field_name="meeting__series",
        queryset=MeetingSeries.objects.order_by("order", "name"),
        to_field_name="slug",
        empty_label=_("Any series"),
    )
    year = YearFilter(label=_("Year"), method="filter_year", min_value=1900, max_value=2100)
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=DocumentLanguage.choices, empty_label=_("Any language")
    )
    # Published only: a draft's slug is as unknown as a wrong one (an empty list would tell
    # that the draft exists). Callables: "published" is decided at each request.
    meeting = QueryStringOnlyFilter(
        label=_("Meeting"), queryset=lambda request: Meeting.objects.published()
    )
    programme = QueryStringOnlyFilter(
        label=_("Programme"), queryset=lambda request: Programme.objects.published()
    )

    class Meta:
        model = Document
        fields = []
        form = MeetingFilterForm

    def filter_year(self, queryset, name, value):
        # A range on the date, which its index answers (``date__year`` would not be).
        start = datetime.date(int(value), 1, 1)
        return queryset.filter(date__gte=start, date__lt=start.replace(year=start.year + 1))

    def search(self, queryset, name, value):
        """Every word in the document's title or text, read from the search index (its
        trigram and bigram indexes answer a word; ``icontains`` over megabytes would not)."""
        words = value.split()[:MAX_SEARCH_TERMS]
        if not words:
            return queryset
        entries = apps.get_model("search", "SearchEntry").objects  # search sits above
        found = entries.containing(words).filter(kind="documents").values("linked_document_id")
        return queryset.filter(pk__in=found)
