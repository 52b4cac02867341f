"""File formats of the programmes app's records; the engine is the exchange app's.

Translated fields have a column per language, as in meetings/resources.py.
"""

from exchange.resources import RecordResource

from .models import Discussion, Fund, Programme, Theme


class ThemeResource(RecordResource):
    file_key = "themes"
    natural_key = ("slug",)

    class Meta:
        model = Theme
        fields = ("slug", "name_en", "name_ja")
        export_order = fields


class FundResource(RecordResource):
    file_key = "funds"
    natural_key = ("slug",)

    class Meta:
        model = Fund
        fields = ("slug", "name_en", "name_ja", "acronym", "description_en", "description_ja")
        export_order = fields


class ProgrammeResource(RecordResource):
    file_key = "programmes"
    natural_key = ("slug",)

    class Meta:
        model = Programme
        fields = (
            "slug", "name_en", "name_ja", "acronym", "other_names_en", "other_names_ja", "kind",
            "summary_en", "summary_ja", "description_en", "description_ja", "fund", "themes",
            "countries", "start_year", "end_year", "programme_status", "status", "published_at",
        )  # fmt: skip
        export_order = fields


class DiscussionResource(RecordResource):
    file_key = "discussions"
    natural_key = ("meeting", "programme")

    class Meta:
        model = Discussion
        fields = ("meeting", "programme", "stage", "note")
        export_order = fields
