"""File formats of the meetings app's records (import and export, admin and commands).

The columns, their order and their headers are here; how a file is read and written is
in the exchange app. A translated field has a column per language ("Name (English)",
"Name (Japanese)"; see translation.py); a file with only the English one (or the old
"Name") still imports.
"""

from exchange.columns import Column, PartialDateColumn
from exchange.resources import RecordResource
from exchange.widgets import CodeWidget

from .models import Country, Meeting, MeetingSeries, Organisation, Participation, Person


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
        fields = ("slug", "name", "honorific")
        export_order = fields


class MeetingSeriesResource(RecordResource):
    file_key = "series"
    natural_key = ("slug",)

    class Meta:
        model = MeetingSeries
        fields = (
            "slug", "name_en", "name_ja", "short_name_en", "short_name_ja", "description_en",
            "description_ja", "organisers",
        )  # fmt: skip
        export_order = fields


class MeetingResource(RecordResource):
    file_key = "meetings"
    natural_key = ("slug",)
    start_date = PartialDateColumn("start_date", "date_precision", column_name="Start date")

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
