"""The editors' admin for the meetings app: the records, their history and their files.

The base classes are core.admin's; import and export come from exchange.admin.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    COMPACT_TEXT,
    PUBLICATION_FIELDS,
    TIMESTAMP_FIELDS,
    JapaneseTranslationFilter,
    PublishableAdmin,
    RecordHistoryAdmin,
    both_languages,
    in_both_languages,
)
from core.dates import format_partial
from exchange.admin import PublishableImportExportMixin, RecordImportExportMixin

from .forms import MeetingAdminForm
from .models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)
from .resources import (
    CountryResource,
    MeetingKindResource,
    MeetingResource,
    MeetingSeriesResource,
    OrganisationResource,
    ParticipationResource,
    PersonResource,
)


@admin.register(Country)
class CountryAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [CountryResource]
    list_display = ["name", "code", "is_asean_member"]
    list_filter = ["is_asean_member", JapaneseTranslationFilter]
    search_fields = [*in_both_languages("name"), "code"]
    fields = [both_languages("name"), "code", "slug", "is_asean_member"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organisation)
class OrganisationAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country", JapaneseTranslationFilter]
    search_fields = [*in_both_languages("name"), "acronym"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    fields = [both_languages("name"), "acronym", "kind", "country", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Person)
class PersonAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "honorific"]
    list_filter = [JapaneseTranslationFilter]
    search_fields = in_both_languages("name")
    fields = [both_languages("name"), "honorific", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(MeetingKind)
class MeetingKindAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [MeetingKindResource]
    list_display = ["name", "noun", "slug", "numbered", "order"]
    list_editable = ["order"]
    list_filter = ["numbered", JapaneseTranslationFilter]
    search_fields = [*in_both_languages("name", "noun"), "slug"]
    fields = [both_languages("name"), both_languages("noun"), "slug", "numbered", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [MeetingSeriesResource]
    list_display = ["name", "short_name", "featured", "order"]
    list_editable = ["order"]
    list_filter = [JapaneseTranslationFilter]
    search_fields = in_both_languages("name", "short_name")
    fields = [
        both_languages("name"),
        both_languages("short_name"),
        "slug",
        both_languages("description"),
        "organisers",
        ("featured", "order"),
    ]
    prepopulated_fields = {"slug": ["short_name_en"]}
    autocomplete_fields = ["organisers"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    formfield_overrides = COMPACT_TEXT
    autocomplete_fields = ["person", "organisation", "country"]
    fields = [
        "order", "country", "person", "organisation", "role", *both_languages("title"), "note",
    ]  # fmt: skip


@admin.register(Meeting)
class MeetingAdmin(PublishableImportExportMixin, PublishableAdmin):
    resource_classes = [MeetingResource]
    # One start date box ("2008-03"): the precision is what was typed, not a field of its own.
    form = MeetingAdminForm
    list_display = [
        "display_title", "series_short_name", "date_display", "city", "host_country", "status",
        "published_at", "updated_at",
    ]  # fmt: skip
    list_display_links = ["display_title"]
    list_filter = ["status", "series", "kind", "host_country", JapaneseTranslationFilter]
    list_select_related = ["series", "host_country"]
    search_fields = [*in_both_languages("title", "city", "venue", "outline"), "slug"]
    autocomplete_fields = ["series", "kind", "host_country"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]
    # Apps above meetings add their inlines here (programmes: the discussions), so the
    # meeting admin is registered once, whatever the order of INSTALLED_APPS.
    extra_inlines = []

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.extra_inlines]

    fieldsets = [
        (None, {"fields": ["series", "kind", "number", both_languages("title"), "slug"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start_date",
                    "end_date",
                    both_languages("venue"),
                    both_languages("city"),
                    "host_country",
                ]
            },
        ),
        (_("Outline"), {"fields": [both_languages("outline")]}),
        (_("Publication"), {"fields": [*PUBLICATION_FIELDS, *TIMESTAMP_FIELDS]}),
    ]

    # Staff who may only view a meeting see its start date at its precision ("March
    # 2008"): the date column alone, read-only, would show an invented day.
    readonly_fields = ["start_date_at_precision"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [
                "start_date_at_precision" if field == "start_date" else field
                for field in options["fields"]
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    @admin.display(description=_("start date"))
    def start_date_at_precision(self, obj):
        return format_partial(obj.start_date, obj.date_precision)

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title

    @admin.display(description=_("series"), ordering="series__short_name")
    def series_short_name(self, obj):
        return obj.series.short_name

    @admin.display(description=_("date"), ordering="start_date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Participation)
class ParticipationAdmin(RecordImportExportMixin, RecordHistoryAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["meeting", "country", "person", "organisation", "role", "title"]
    list_filter = ["role", "country", "meeting__series", JapaneseTranslationFilter]
    list_select_related = ["meeting", "country", "person", "organisation"]
    search_fields = [
        *in_both_languages(
            "person__name", "organisation__name", "country__name", "title", "meeting__title"
        ),
    ]
    fields = [
        "meeting", "person", "organisation", "country", "role", both_languages("title"), "note",
        "order",
    ]  # fmt: skip
    autocomplete_fields = ["meeting", "person", "organisation", "country"]
