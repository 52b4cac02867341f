"""The editors' admin for documents: their own list and form, and an inline on the meeting
and programme forms. Same roles, history and restore as the other records (core.admin)."""

from django.contrib import admin, messages
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.admin import (
    PUBLICATION_FIELDS,
    TIMESTAMP_FIELDS,
    JapaneseTranslationFilter,
    PublishableAdmin,
    both_languages,
    in_both_languages,
)
from exchange.admin import PublishableImportExportMixin
from meetings.admin import MeetingAdmin
from programmes.admin import ProgrammeAdmin

from .forms import DocumentAdminForm
from .models import Document, TextStatus
from .resources import DocumentResource

READ_FIELDS = ["file_facts", "text_read"]
# An address typed without its scheme is read as https (Django 6's default, said now).
HTTPS_ADDRESSES = {models.URLField: {"assume_scheme": "https"}}


def file_facts(document):
    """ "PDF, 1.2 MB, 12 pages" (empty for an address)."""
    if not document.file:
        return ""
    parts = [document.format_label or "?", filesizeformat(document.size or 0)]
    if document.pages:
        parts.append(_("%(pages)s pages") % {"pages": document.pages})
    return ", ".join(str(part) for part in parts)


def text_read(document):
    if document.text_status == TextStatus.UNREADABLE:
        return _(
            "Its text could not be read (an encrypted or damaged file, or one too slow to "
            "read): it is kept and downloadable, but search does not find its words."
        )
    if document.text_status == TextStatus.READ:
        return _("Read: %(characters)s characters.") % {"characters": len(document.text)}
    return document.get_text_status_display() if document.file else ""


class PublishFieldInline(admin.StackedInline):
    """A document inline: its publication status only for those who may publish."""

    model = Document
    extra = 0
    form = DocumentAdminForm
    formfield_overrides = HTTPS_ADDRESSES
    fields = [
        ("kind", "language", "order"),
        both_languages("title"),
        ("file", "url"),
        "date",
        "status",
        *READ_FIELDS,
    ]
    readonly_fields = READ_FIELDS
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("documents.publish_document"):
            readonly.append("status")
        return readonly

    @admin.display(description=_("file"))
    def file_facts(self, obj):
        return file_facts(obj)

    @admin.display(description=_("text"))
    def text_read(self, obj):
        return text_read(obj)


class DocumentOfMeetingInline(PublishFieldInline):
    fk_name = "meeting"
    autocomplete_fields = ["programme"]


class DocumentOfProgrammeInline(PublishFieldInline):
    fk_name = "programme"


@admin.register(Document)
class DocumentAdmin(PublishableImportExportMixin, PublishableAdmin):
    resource_classes = [DocumentResource]
    form = DocumentAdminForm
    formfield_overrides = HTTPS_ADDRESSES
    list_display = [
        "title", "kind", "meeting", "programme", "language", "format", "human_size", "pages",
        "text_status", "status", "updated_at",
    ]  # fmt: skip
    list_filter = [
        "status", "kind", "language", "format", "text_status", "meeting__series",
        JapaneseTranslationFilter,
    ]  # fmt: skip
    list_select_related = ["meeting", "programme"]
    search_fields = [*in_both_languages("title"), "slug", "original_name"]
    autocomplete_fields = ["meeting", "programme"]
    readonly_fields = [*READ_FIELDS, "original_name", "sha256", "read_at"]
    fieldsets = [
        (None, {"fields": ["meeting", "programme", "kind", both_languages("title"), "slug"]}),
        (
            _("File or address"),
            {"fields": ["file", "url", *READ_FIELDS, "original_name", "sha256", "read_at"]},
        ),
        (_("About"), {"fields": ["language", "date", "order"]}),
        (_("Publication"), {"fields": [*PUBLICATION_FIELDS, *TIMESTAMP_FIELDS]}),
    ]

    @admin.display(description=_("size"), ordering="size")
    def human_size(self, obj):
        return filesizeformat(obj.size) if obj.size else ""

    @admin.display(description=_("file"))
    def file_facts(self, obj):
        return file_facts(obj)

    @admin.display(description=_("text"))
    def text_read(self, obj):
        return text_read(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data and obj.text_status == TextStatus.UNREADABLE:
            messages.warning(request, text_read(obj))


# Documents depend on meetings and programmes, never the reverse: the inlines are added
# from here (as programmes adds the discussions to the meeting form).
MeetingAdmin.extra_inlines.append(DocumentOfMeetingInline)
ProgrammeAdmin.inlines = [*ProgrammeAdmin.inlines, DocumentOfProgrammeInline]
