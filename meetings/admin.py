from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    Country,
    Meeting,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
    PublicationStatus,
)

PUBLICATION_FIELDS = ("status", "published_at")
# Inline rows stay one line high: a note is a sentence or two, not a page.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}
TIMESTAMP_FIELDS = ("created_at", "updated_at")


class PublishableAdmin(admin.ModelAdmin):
    """Publish and unpublish for records the public sees.

    Only users with the model's ``publish_<model>`` permission (the Publisher group and
    superusers) get the actions and may change the publication fields.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *TIMESTAMP_FIELDS]
        if not self.has_publish_permission(request):
            readonly += PUBLICATION_FIELDS
        return readonly

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        now = timezone.now()
        drafts = queryset.exclude(status=PublicationStatus.PUBLISHED)
        # Keep an existing publish time (it may schedule the record); set it where missing.
        count = 0
        for record in drafts:
            record.status = PublicationStatus.PUBLISHED
            record.published_at = record.published_at or now
            record.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d record published.", "%d records published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected records (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for record in queryset.filter(status=PublicationStatus.PUBLISHED):
            record.status = PublicationStatus.DRAFT
            record.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d record unpublished.", "%d records unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_asean_member"]
    list_filter = ["is_asean_member"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["organisers"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    formfield_overrides = COMPACT_TEXT
    autocomplete_fields = ["person", "organisation", "country"]
    fields = ["order", "country", "person", "organisation", "role", "title", "note"]


@admin.register(Meeting)
class MeetingAdmin(PublishableAdmin):
    list_display = [
        "display_title", "series_short_name", "date_display", "city", "host_country", "status",
        "published_at", "updated_at",
    ]  # fmt: skip
    list_display_links = ["display_title"]
    list_filter = ["status", "series", "kind", "host_country"]
    list_select_related = ["series", "host_country"]
    search_fields = ["title", "slug", "city", "venue", "outline"]
    autocomplete_fields = ["series", "host_country"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["series", "kind", "number", "title", "slug"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start_date",
                    "date_precision",
                    "end_date",
                    "venue",
                    "city",
                    "host_country",
                ]
            },
        ),
        (_("Outline"), {"fields": ["outline"]}),
        (_("Publication"), {"fields": [*PUBLICATION_FIELDS, *TIMESTAMP_FIELDS]}),
    ]

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
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "country", "person", "organisation", "role", "title"]
    list_filter = ["role", "country", "meeting__series"]
    list_select_related = ["meeting", "country", "person", "organisation"]
    search_fields = [
        "person__name",
        "organisation__name",
        "country__name",
        "title",
        "meeting__title",
    ]
    autocomplete_fields = ["meeting", "person", "organisation", "country"]
