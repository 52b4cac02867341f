"""The filters of the public list of meetings, shared by the page and its calendar.

Every value in the query string is a natural key (``host=TH``, ``programme=<slug>``), so
a filtered list can be linked, bookmarked and subscribed to. ``person`` and
``organisation`` (slugs) are query-string only: the directory's pages link to them, the
form renders no field for them (a choice of every person would be enormous) and an
active-filter chip names the person or organisation. Filters that reach through
a to-many relation (participants, programmes discussed) are correlated EXISTS: a
meeting is listed once however many of its rows match, the page count stays right, and
each meeting is checked by an indexed lookup. The text box reads the search index.

``meetings`` must not import ``programmes`` (``programmes`` imports ``meetings``, never
the reverse), so programmes and themes are reached through the reverse relation
``Meeting.discussions`` and, for the choices, looked up by name in the app registry.
"""

import django_filters
from django import forms
from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.derived import per_version
from core.models import PublicationStatus

from .models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)

# A search is at most this many words; each word must match somewhere.
MAX_SEARCH_TERMS = 10
# The programme choice offers the programmes discussed at most meetings, no more: the form
# stays small however many programmes the record holds; Search finds any other by name.
MAX_PROGRAMME_OPTIONS = 30

NEWEST_FIRST = "newest"
OLDEST_FIRST = "oldest"
ORDERINGS = [(NEWEST_FIRST, _("Newest first")), (OLDEST_FIRST, _("Oldest first"))]
ORDER_BY = {
    NEWEST_FIRST: ("-start_date", "-number", "-pk"),
    OLDEST_FIRST: ("start_date", "number", "pk"),
}


def in_any_language(lookup, value):
    """``lookup`` (on a translated field) matched in any language's column: a search
    finds English text on a Japanese page and Japanese text on an English one.

    django-modeltranslation would read only the page's language (``title__icontains``
    becomes ``title_ja__icontains`` on a Japanese page, and misses English-only records).
    """
    path, _separator, operator = lookup.rpartition("__")
    matches = Q()
    for code, _name in settings.LANGUAGES:
        matches |= Q(**{f"{path}_{code}__{operator}": value})
    return matches


def published_programme_lookups():
    """Lookups from a meeting to a *published* programme it discussed.

    Used inside one ``filter()`` call with the other ``discussions__programme__``
    conditions, so they all apply to the same discussion row: a draft programme never
    makes a meeting match a search, a programme or a theme.
    """
    return {
        "discussions__programme__status": PublicationStatus.PUBLISHED,
        "discussions__programme__published_at__lte": timezone.now(),
    }


# The choices below are callables (django-filter calls them with the request) so the
# querysets are built per request, and they look the programmes models up by name in the
# app registry: importing programmes.models here would make meetings depend on
# programmes, which depends on meetings.


# Each a semi-join (EXISTS): the form validates a value with one indexed lookup of that
# record (``country=LA`` reads Laos's participations, not every participation's country).


def series_choices(request):
    """Series with at least one published meeting."""
    return MeetingSeries.objects.filter(
        Exists(Meeting.objects.published().filter(series=OuterRef("pk")))
    )


def kind_choices(request):
    """Kinds of at least one published meeting, in their order (``?kind=dialogue``)."""
    return MeetingKind.objects.filter(
        Exists(Meeting.objects.published().filter(kind=OuterRef("pk")))
    )


def host_choices(request):
    """Countries that hosted at least one published meeting."""
    return Country.objects.filter(
        Exists(Meeting.objects.published().filter(host_country=OuterRef("pk")))
    )


def participant_country_choices(request):
    """Countries that took part in at least one published meeting: represented or host."""
    represented = Participation.objects.published().filter(country=OuterRef("pk"))
    hosted = Meeting.objects.published().filter(host_country=OuterRef("pk"))
    return Country.objects.filter(Exists(represented) | Exists(hosted))


def programme_choices(request):
    """Published programmes that a published meeting discussed."""
    programme_model = apps.get_model("programmes", "Programme")  # no import: see above
    discussed = Meeting.objects.published().filter(discussions__programme=OuterRef("pk"))
    return programme_model.objects.published().filter(Exists(discussed))


def theme_choices(request):
    """Themes of the programmes offered by ``programme_choices``."""
    theme_model = apps.get_model("programmes", "Theme")  # no import: see above
    return theme_model.objects.filter(
        Exists(programme_choices(request).filter(themes=OuterRef("pk")))
    )


def person_choices(request):
    """People named at a published meeting: the others have no public page, and a chip
    would leak a draft meeting's participant."""
    return Person.objects.filter(
        Exists(Participation.objects.published().filter(person=OuterRef("pk")))
    )


def most_discussed_programmes(request=None):
    """The ``MAX_PROGRAMME_OPTIONS`` programmes discussed at most published meetings."""
    published = Meeting.objects.published()
    most = (
        programme_choices(request)
        .annotate(
            meetings=Count(
                "discussions__meeting",
                filter=Q(discussions__meeting__in=published.values("pk")),
                distinct=True,
            )
        )
        .order_by("-meetings", "pk")
        .values("pk")[:MAX_PROGRAMME_OPTIONS]
    )
    return programme_choices(request).filter(pk__in=most)


# What each choice field offers, worked out once per content version and language (plain
# (value, label) pairs); the field itself still accepts any valid value (a programme
# beyond the list, linked from its page).
OFFERED = {
    "series": (series_choices, "slug"),
    "kind": (kind_choices, "slug"),
    "host": (host_choices, "code"),
    "country": (participant_country_choices, "code"),
    "programme": (most_discussed_programmes, "slug"),
    "theme": (theme_choices, "slug"),
}


def offered_choices(name):
    choices, key = OFFERED[name]

    def build():
        return [(getattr(record, key), str(record)) for record in choices(None)]

    return per_version(f"meeting-filter:{name}:{get_language()}", build)


def programme_total():
    return per_version("meeting-filter:programmes", lambda: programme_choices(None).count())


def programme_hint():
    """How to find a programme the choice does not offer, when it offers fewer than all."""
    total = programme_total()
    if total <= MAX_PROGRAMME_OPTIONS:
        return ""
    return ngettext(
        "The %(shown)d programmes discussed most, of %(total)d; Search finds any "
        "programme by name.",
        "The %(shown)d programmes discussed most, of %(total)d; Search finds any "
        "programme by name.",
        total,
    ) % {"shown": MAX_PROGRAMME_OPTIONS, "total": total}


class OfferedSelect(forms.Select):
    """A choice that lists what ``offered_choices(name)`` offers, worked out when the form
    is rendered (never when it is only validated), and the chosen record if it is not
    among them (a programme beyond the list, linked from its page)."""

    def __init__(self, name, attrs=None):
        super().__init__(attrs)
        self.offered_name = name

    def optgroups(self, name, value, attrs=None):
        every = self.choices  # the field's own: every valid record
        offered = offered_choices(self.offered_name)
        shown = {key for key, _label in offered}
        chosen = [key for key in value if key and key not in shown]
        extra = []
        if chosen and hasattr(every, "queryset"):
            field = every.field
            records = every.queryset.filter(**{f"{field.to_field_name}__in": chosen})
            extra = [(getattr(r, field.to_field_name), str(r)) for r in records]
        self.choices = [("", every.field.empty_label), *offered, *extra]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every

    def render(self, name, value, attrs=None, renderer=None):
        if value in (None, "") and not (attrs or {}).keys() - {"id"}:
            # Unchosen (nearly every field of every page): the same HTML for everyone
            # until the record changes, kept once per version (the widget's templates
            # take longer to render than the rest of the list).
            key = f"meeting-filter-html:{get_language()}:{name}:{(attrs or {}).get('id')}"
            return per_version(key, lambda: self.render_now(name, value, attrs, renderer))
        return self.render_now(name, value, attrs, renderer)

    def render_now(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        hint = programme_hint() if self.offered_name == "programme" else ""
        return format_html('{}<p class="field__help">{}</p>', html, hint) if hint else html


class QueryStringOnlyFilter(django_filters.ModelChoiceFilter):
    """A record named by its slug in the query string, with no field on the form (see
    ``MeetingFilterForm``): the record is looked up, never listed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year typed as a whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class OrderingField(forms.ChoiceField):
    """The order of the results. The default order cleans to "": it is not a filter in use,
    so it shows no active-filter chip, whether or not the form sent it."""

    def clean(self, value):
        value = super().clean(value)
        return "" if value == NEWEST_FIRST else value


class MeetingOrderFilter(django_filters.Filter):
    """Newest first (the default) or oldest first; applied by ``MeetingFilter.order``."""

    field_class = OrderingField


class MeetingFilterForm(forms.Form):
    """Cross-field rules of the filter form.

    Hidden fields (``QueryStringOnlyFilter``) are left out when the form is iterated, so
    the filter panel shows no empty field for them; their errors are shown with the
    form's own errors, each after its field's label.
    """

    def __iter__(self):
        for name in self.fields:
            if not self[name].is_hidden:
                yield self[name]

    def hidden_fields(self):
        return [self[name] for name in self.fields if self[name].is_hidden]

    def non_field_errors(self):
        errors = super().non_field_errors().copy()
        for field in self.hidden_fields():
            if field.errors:
                text = " ".join(field.errors)
                errors.append(_("%(label)s: %(errors)s") % {"label": field.label, "errors": text})
        return errors

    def clean(self):
        cleaned_data = super().clean()
        year_from, year_to = cleaned_data.get("year_from"), cleaned_data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error(
                "year_to",
                _("The end year cannot be before the start year (%(year)s).") % {"year": year_from},
            )
        return cleaned_data


class MeetingFilter(django_filters.FilterSet):
    """Filters for ``/meetings/`` and ``/meetings/calendar.ics``.

    The queryset it is given must already be ``Meeting.objects.published()``.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Place, programme, participant…")}
        ),
    )
    series = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("series"),
        label=_("Series"),
        queryset=series_choices,
        to_field_name="slug",
        empty_label=_("Any series"),
    )
    kind = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("kind"),
        label=_("Kind"),
        queryset=kind_choices,
        to_field_name="slug",
        empty_label=_("Any kind"),
    )
    host = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("host"),
        label=_("Host country"),
        field_name="host_country",
        queryset=host_choices,
        to_field_name="code",
        empty_label=_("Any host country"),
    )
    country = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("country"),
        label=_("Participating country"),
        queryset=participant_country_choices,
        to_field_name="code",
        method="filter_country",
        empty_label=_("Any country"),
    )
    programme = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("programme"),
        label=_("Programme discussed"),
        queryset=programme_choices,
        to_field_name="slug",
        method="filter_programme",
        empty_label=_("Any programme"),
    )
    theme = django_filters.ModelChoiceFilter(
        widget=OfferedSelect("theme"),
        label=_("Theme"),
        queryset=theme_choices,
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("Any theme"),
    )
    person = QueryStringOnlyFilter(
        label=_("Person"), queryset=person_choices, method="filter_person"
    )
    organisation = QueryStringOnlyFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), method="filter_organisation"
    )
    year_from = YearFilter(
        label=_("From year"),
        field_name="start_date",
        lookup_expr="year__gte",
        min_value=1900,
        max_value=2100,
    )
    year_to = YearFilter(
        label=_("To year"),
        field_name="start_date",
        lookup_expr="year__lte",
        min_value=1900,
        max_value=2100,
    )
    ordering = MeetingOrderFilter(label=_("Order"), choices=ORDERINGS, method="order")

    class Meta:
        model = Meeting
        fields = []
        form = MeetingFilterForm

    def search(self, queryset, name, value):
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(self.term_matches(term))
        return queryset

    @staticmethod
    def term_matches(term):
        """A meeting matches a word in its own text, its place, a published programme it
        discussed, or who took part (person, organisation, country represented).

        The meeting's own texts (both languages), its host country and its participants'
        names are read from the search index (``search.SearchEntry``, kept current on
        every write; its trigram and bigram indexes answer the word, where ``icontains``
        over the meetings would read every one); organisations, countries and programmes
        are small tables, matched here.
        """
        entries = apps.get_model("search", "SearchEntry").objects  # no import: see above
        own = entries.containing([term]).filter(kind="meetings").values("meeting_id")
        # Small tables, read first (a few ids): the participations are then found by index.
        organisations = list(
            Organisation.objects.filter(
                in_any_language("name__icontains", term) | Q(acronym__icontains=term)
            ).values_list("pk", flat=True)
        )
        countries = list(
            Country.objects.filter(in_any_language("name__icontains", term)).values_list(
                "pk", flat=True
            )
        )
        found = [own]
        if organisations or countries:
            participants = Participation.objects.filter(
                Q(organisation__in=organisations) | Q(country__in=countries)
            ).values("meeting")
            found.append(participants)
        programmes = Meeting.objects.filter(
            in_any_language("discussions__programme__name__icontains", term)
            | Q(discussions__programme__acronym__icontains=term)
            | in_any_language("discussions__programme__other_names__icontains", term),
            **published_programme_lookups(),
        ).values("pk")
        found.append(programmes)
        # One IN (a UNION): the database joins the meetings to the set found (hashing it
        # however large); IN ... OR IN ... made it rescan a large set for every meeting.
        found = [values.order_by() for values in found]
        return Q(pk__in=found[0].union(*found[1:]))

    # Each a correlated EXISTS: for a page, the meetings are read newest first by their
    # index and each checked with an indexed lookup, until the page is full; an IN
    # (subquery) would first read every matching row of the record (a country's
    # thousands of participations).

    def filter_country(self, queryset, name, value):
        # A host takes part in its own meeting, whether or not its delegation is named.
        represented = Participation.objects.filter(meeting=OuterRef("pk"), country=value)
        return queryset.filter(Exists(represented) | Q(host_country=value))

    def filter_person(self, queryset, name, value):
        return queryset.filter(Exists(self.participated(person=value)))

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(Exists(self.participated(organisation=value)))

    @staticmethod
    def participated(**who):
        """The meeting's participations naming ``who`` (the meeting is published: the
        list's queryset is)."""
        return Participation.objects.filter(meeting=OuterRef("pk"), **who)

    @staticmethod
    def discussed(**programme):
        """The meeting's discussions of a published programme matching ``programme``."""
        discussion_model = apps.get_model("programmes", "Discussion")  # no import: see above
        published = {
            lookup.removeprefix("discussions__"): wanted
            for lookup, wanted in published_programme_lookups().items()
        }
        return discussion_model.objects.filter(
            meeting=OuterRef("pk"),
            **published,
            **{f"programme__{lookup}": wanted for lookup, wanted in programme.items()},
        )

    def filter_programme(self, queryset, name, value):
        return queryset.filter(Exists(self.discussed(pk=value.pk)))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(Exists(self.discussed(themes=value)))

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDER_BY[value])
