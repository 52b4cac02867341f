"""File formats of the meetings app's records (import and export, admin and commands).

The columns, their order and their headers are here; how a file is read and written is
in the exchange app. A translated field has a column per language ("Name (English)",
"Name (Japanese)"; see translation.py); a file with only the English one (or the old
"Name") still imports.
"""

from django.utils.translation import gettext as _

from exchange.cells import cell_text
from exchange.columns import Column, PartialDateColumn
from exchange.resources import RecordResource
from exchange.widgets import CodeWidget, KeyWidget

from .models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)


class KindWidget(KeyWidget):
    """A meeting's kind by its slug ("dialogue"); an unknown one is an error that lists the
    kinds known (a new kind is added in the admin, or in the file of kinds, first)."""

    def __init__(self, **kwargs):
        super().__init__(MeetingKind, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        known = self.by_key()
        if text and text not in known:
            # An older file's label ("Ministerial dialogue") still names its kind.
            by_name = {str(kind.name_en).casefold(): kind for kind in known.values()}
            if text.casefold() in by_name:
                return by_name[text.casefold()]
            raise ValueError(
                _("No meeting kind has the slug “%(slug)s”; the kinds are: %(known)s.")
                % {"slug": text, "known": ", ".join(sorted(known))}
            )
        return super().clean(value, row, **kwargs)


class CountryResource(RecordResource):
    file_key = "countries"
    natural_key = ("code",)
    code = Column(attribute="code", column_name="ISO code", widget=CodeWidget())

    class Meta:
        model = Country
        fields = ("code", "name_en", "name_ja", "slug", "is_asean_member")
        export_order = fields


class OrganisationResource(RecordResource):
    file_key = "organisations"
    natural_key = ("slug",)

    class Meta:
        model = Organisation
        fields = ("slug", "name_en", "name_ja", "acronym", "kind", "country")
        export_order = fields


class PersonResource(RecordResource):
    file_key = "people"
    natural_key = ("slug",)

    class Meta:
        model = Person
        fields = ("slug", "name_en", "name_ja", "honorific")
        export_order = fields


class MeetingKindResource(RecordResource):
    file_key = "meeting_kinds"
    natural_key = ("slug",)

    class Meta:
        model = MeetingKind
        fields = ("slug", "name_en", "name_ja", "noun_en", "noun_ja", "numbered", "order")
        export_order = fields


class MeetingSeriesResource(RecordResource):
    file_key = "series"
    natural_key = ("slug",)

    def check_uniqueness(self, plans):
        """Also: one featured series at most, counting the database's (a condition the
        engine's generic check leaves aside)."""
        super().check_uniqueness(plans)
        rows = [p for p in plans if not p.errors and p.instance is not None]
        unfeatured = {p.instance.pk for p in rows if p.instance.pk and not p.instance.featured}
        featured = list(
            MeetingSeries.objects.filter(featured=True)
            .exclude(pk__in=unfeatured)
            .values_list("pk", flat=True)
        )
        for plan in rows:
            if plan.instance.featured:
                if any(pk != plan.instance.pk for pk in featured):
                    message = _("Another series is already featured: unfeature it first.")
                    plan.errors.setdefault(self.label_for("featured"), []).append(message)
                featured.append(plan.instance.pk)

    class Meta:
        model = MeetingSeries
        fields = (
            "slug", "name_en", "name_ja", "short_name_en", "short_name_ja", "description_en",
            "description_ja", "organisers", "featured", "order",
        )  # fmt: skip
        export_order = fields


class MeetingResource(RecordResource):
    file_key = "meetings"
    natural_key = ("slug",)
    start_date = PartialDateColumn("start_date", "date_precision", column_name="Start date")

    @classmethod
    def widget_for(cls, django_field):
        if django_field.name == "kind":
            return KindWidget()
        return super().widget_for(django_field)

    class Meta:
        model = Meeting
        fields = (
            "slug", "series", "kind", "number", "title_en", "title_ja", "start_date", "end_date",
            "venue_en", "venue_ja", "city_en", "city_ja", "host_country", "outline_en",
            "outline_ja", "status", "published_at",
        )  # fmt: skip
        export_order = fields


class ParticipationResource(RecordResource):
    file_key = "participations"
    natural_key = ("meeting", "order")

    class Meta:
        model = Participation
        fields = (
            "meeting", "order", "country", "person", "organisation", "role", "title_en",
            "title_ja", "note",
        )  # fmt: skip
        export_order = fields
