"""File formats of the programmes app's records; see meetings/importing.py for the engine."""

from meetings.importing import RecordResource

from .models import Discussion, Fund, Programme, Theme


class ThemeResource(RecordResource):
    natural_key = ("slug",)

    class Meta:
        model = Theme
        fields = ("slug", "name")
        export_order = fields


class FundResource(RecordResource):
    natural_key = ("slug",)

    class Meta:
        model = Fund
        fields = ("slug", "name", "acronym", "description")
        export_order = fields


class ProgrammeResource(RecordResource):
    natural_key = ("slug",)

    class Meta:
        model = Programme
        fields = (
            "slug", "name", "acronym", "other_names", "kind", "summary", "description", "fund",
            "themes", "countries", "start_year", "end_year", "programme_status", "status",
            "published_at",
        )  # fmt: skip
        export_order = fields


class DiscussionResource(RecordResource):
    natural_key = ("meeting", "programme")

    class Meta:
        model = Discussion
        fields = ("meeting", "programme", "stage", "note")
        export_order = fields
