"""The editors' admin for the programmes app (base classes: core.admin; files: exchange)."""

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
from exchange.admin import PublishableImportExportMixin, RecordImportExportMixin
from meetings.admin import MeetingAdmin

from .models import Discussion, Fund, Programme, Theme
from .resources import DiscussionResource, FundResource, ProgrammeResource, ThemeResource


@admin.register(Theme)
class ThemeAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [ThemeResource]
    list_display = ["name", "slug"]
    list_filter = [JapaneseTranslationFilter]
    search_fields = in_both_languages("name")
    fields = [both_languages("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Fund)
class FundAdmin(RecordImportExportMixin, admin.ModelAdmin):
    resource_classes = [FundResource]
    list_display = ["name", "acronym"]
    list_filter = [JapaneseTranslationFilter]
    search_fields = [*in_both_languages("name"), "acronym"]
    fields = [both_languages("name"), "acronym", "slug", both_languages("description")]
    prepopulated_fields = {"slug": ["name_en"]}


class DiscussionOfProgrammeInline(admin.TabularInline):
    """On the programme form: the meetings that discussed it."""

    model = Discussion
    extra = 0
    formfield_overrides = COMPACT_TEXT
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "stage", "note"]


class DiscussionAtMeetingInline(admin.TabularInline):
    """On the meeting form: the programmes it discussed."""

    model = Discussion
    extra = 0
    formfield_overrides = COMPACT_TEXT
    autocomplete_fields = ["programme"]
    fields = ["programme", "stage", "note"]


@admin.register(Programme)
class ProgrammeAdmin(PublishableImportExportMixin, PublishableAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["name", "acronym", "kind", "programme_status", "fund", "status", "updated_at"]
    list_filter = [
        "status", "kind", "programme_status", "fund", "themes", "countries",
        JapaneseTranslationFilter,
    ]  # fmt: skip
    list_select_related = ["fund"]
    search_fields = [
        *in_both_languages("name", "other_names", "summary", "description"),
        "acronym",
    ]
    autocomplete_fields = ["fund", "themes", "countries"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [DiscussionOfProgrammeInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    both_languages("name"),
                    "acronym",
                    both_languages("other_names"),
                    "slug",
                    "kind",
                ]
            },
        ),
        (
            _("About"),
            {
                "fields": [
                    both_languages("summary"),
                    both_languages("description"),
                    "fund",
                    "themes",
                    "countries",
                ]
            },
        ),
        (_("Progress"), {"fields": ["programme_status", "start_year", "end_year"]}),
        (_("Publication"), {"fields": [*PUBLICATION_FIELDS, *TIMESTAMP_FIELDS]}),
    ]


@admin.register(Discussion)
class DiscussionAdmin(RecordImportExportMixin, RecordHistoryAdmin):
    resource_classes = [DiscussionResource]
    list_display = ["meeting", "programme", "stage"]
    list_filter = ["stage", "programme", "meeting__series"]
    list_select_related = ["meeting", "programme"]
    search_fields = [*in_both_languages("programme__name", "meeting__title"), "note"]
    autocomplete_fields = ["meeting", "programme"]


# The meeting form also lists the programmes discussed. Discussions live in this app
# (programmes depend on meetings, never the reverse), so the inline is added from here.
MeetingAdmin.extra_inlines.append(DiscussionAtMeetingInline)
