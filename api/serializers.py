"""How each kind of record reads in the API: natural keys, both languages of every
translated field, dates at their precision, links to related records (expandable).

Every serializer is read-only and reads only what its view selected or prefetched (the
query counts are pinned in tests/api/test_api_queries.py)."""

from rest_framework import serializers

from documents.models import Document
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Fund, Programme, Theme

from .fields import (
    ApiUrlField,
    HtmlUrlField,
    ListsField,
    PartialDateField,
    TranslatedField,
    link,
)


class ThemeSerializer(serializers.ModelSerializer):
    url = ApiUrlField("theme", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()

    class Meta:
        model = Theme
        fields = ["slug", "url", "html_url", "name"]


class FundSerializer(serializers.ModelSerializer):
    url = ApiUrlField("fund", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()
    description = TranslatedField()

    class Meta:
        model = Fund
        fields = ["slug", "url", "html_url", "name", "acronym", "description"]


class CountrySerializer(serializers.ModelSerializer):
    url = ApiUrlField("country", "code")
    html_url = HtmlUrlField()
    name = TranslatedField()
    lists = ListsField(
        "code", {"meetings": ("meeting", "host"), "participations": ("participation", "country")}
    )

    class Meta:
        model = Country
        fields = ["code", "url", "html_url", "slug", "name", "is_asean_member", "lists"]


class OrganisationSerializer(serializers.ModelSerializer):
    url = ApiUrlField("organisation", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()
    country = link("country", "code", lambda: CountrySerializer)
    lists = ListsField(
        "slug",
        {
            "meetings": ("meeting", "organisation"),
            "participations": ("participation", "organisation"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["slug", "url", "html_url", "name", "acronym", "kind", "country", "lists"]


class PersonSerializer(serializers.ModelSerializer):
    url = ApiUrlField("person", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()
    lists = ListsField(
        "slug", {"meetings": ("meeting", "person"), "participations": ("participation", "person")}
    )

    class Meta:
        model = Person
        fields = ["slug", "url", "html_url", "name", "honorific", "lists"]


class SeriesSerializer(serializers.ModelSerializer):
    url = ApiUrlField("series", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()
    short_name = TranslatedField()
    description = TranslatedField()
    organisers = link("organisation", "slug", lambda: OrganisationSerializer, many=True)
    lists = ListsField("slug", {"meetings": ("meeting", "series")})

    class Meta:
        model = MeetingSeries
        fields = [
            "slug", "url", "html_url", "name", "short_name", "description", "organisers",
            "order", "featured", "lists",
        ]  # fmt: skip


class KindSerializer(serializers.Serializer):
    """A meeting's kind, inline (the kinds have no endpoint: a handful of values)."""

    slug = serializers.CharField(read_only=True)
    name = TranslatedField()


class MeetingSerializer(serializers.ModelSerializer):
    url = ApiUrlField("meeting", "slug")
    html_url = HtmlUrlField()
    title = TranslatedField()
    series = link("series", "slug", lambda: SeriesSerializer)
    kind = KindSerializer(read_only=True)
    date = PartialDateField("start_date")
    venue = TranslatedField()
    city = TranslatedField()
    host_country = link("country", "code", lambda: CountrySerializer)
    outline = TranslatedField()
    lists = ListsField(
        "slug",
        {
            "participations": ("participation", "meeting"),
            "discussions": ("discussion", "meeting"),
            "documents": ("document", "meeting"),
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "slug", "url", "html_url", "title", "series", "kind", "number", "date",
            "date_precision", "end_date", "venue", "city", "host_country", "outline",
            "published_at", "updated_at", "lists",
        ]  # fmt: skip


class ParticipationSerializer(serializers.ModelSerializer):
    url = ApiUrlField("participation", "id")
    html_url = HtmlUrlField()
    meeting = link("meeting", "slug", lambda: MeetingSerializer)
    person = link("person", "slug", lambda: PersonSerializer)
    organisation = link("organisation", "slug", lambda: OrganisationSerializer)
    country = link("country", "code", lambda: CountrySerializer)
    title = TranslatedField()

    class Meta:
        model = Participation
        fields = [
            "id", "url", "html_url", "meeting", "person", "organisation", "country", "role",
            "title", "note", "order",
        ]  # fmt: skip


class ProgrammeSerializer(serializers.ModelSerializer):
    url = ApiUrlField("programme", "slug")
    html_url = HtmlUrlField()
    name = TranslatedField()
    other_names = TranslatedField()
    summary = TranslatedField()
    description = TranslatedField()
    fund = link("fund", "slug", lambda: FundSerializer)
    themes = link("theme", "slug", lambda: ThemeSerializer, many=True)
    countries = link("country", "code", lambda: CountrySerializer, many=True)
    lists = ListsField(
        "slug", {"discussions": ("discussion", "programme"), "documents": ("document", "programme")}
    )

    class Meta:
        model = Programme
        fields = [
            "slug", "url", "html_url", "name", "acronym", "other_names", "kind", "summary",
            "description", "fund", "themes", "countries", "start_year", "end_year",
            "programme_status", "published_at", "updated_at", "lists",
        ]  # fmt: skip


class DiscussionSerializer(serializers.ModelSerializer):
    url = ApiUrlField("discussion", "id")
    html_url = HtmlUrlField()
    meeting = link("meeting", "slug", lambda: MeetingSerializer)
    programme = link("programme", "slug", lambda: ProgrammeSerializer)

    class Meta:
        model = Discussion
        fields = ["id", "url", "html_url", "meeting", "programme", "stage", "note"]


class DocumentSerializer(serializers.ModelSerializer):
    url = ApiUrlField("document", "slug")
    html_url = HtmlUrlField(help_text="The file's download, or the address it is published at.")
    title = TranslatedField()
    meeting = link("meeting", "slug", lambda: MeetingSerializer)
    programme = link("programme", "slug", lambda: ProgrammeSerializer)
    date = PartialDateField("date")

    class Meta:
        model = Document
        fields = [
            "slug", "url", "html_url", "title", "kind", "language", "date", "date_precision",
            "meeting", "programme", "format", "media_type", "size", "pages", "sha256",
            "published_at", "updated_at",
        ]  # fmt: skip
