"""Base admin classes every record's admin builds on: both languages, history, publishing.

Import and export are added by exchange.admin's mixins, in each domain's admin.py.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from core.history import restore_reason, tracked_links, write_versions
from core.models import PublicationStatus
from core.translation import translated_fields

logger = logging.getLogger(__name__)

PUBLICATION_FIELDS = ("status", "published_at")
# Inline rows stay one line high: a note is a sentence or two, not a page.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}
TIMESTAMP_FIELDS = ("created_at", "updated_at")


# English and Japanese ------------------------------------------------------------------


def both_languages(name):
    """A translated field's columns side by side on one row of the form: (name_en, name_ja)."""
    return (f"{name}_en", f"{name}_ja")


def in_both_languages(*names):
    """Search fields (or lookups) for both languages' columns of translated fields."""
    return [column for name in names for column in both_languages(name)]


def lacks_japanese(model):
    """A record lacking Japanese: some translated field has English text and no Japanese."""
    missing = Q()
    for name in translated_fields(model):
        english, japanese = both_languages(name)
        missing |= (Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})) & (
            Q(**{f"{japanese}__isnull": True}) | Q(**{japanese: ""})
        )
    return missing


class JapaneseTranslationFilter(admin.SimpleListFilter):
    """The changelist's "Japanese translation: missing / present" filter."""

    title = _("Japanese translation")
    parameter_name = "japanese"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("present", _("present"))]

    def queryset(self, request, queryset):
        missing = lacks_japanese(queryset.model)
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "present":
            return queryset.exclude(pk__in=queryset.filter(missing).values("pk"))
        return queryset


# History ----------------------------------------------------------------------------------

# django-simple-history has no Japanese catalogue: the strings of its pages the editors
# see, marked here so that the site's catalogue (locale/ja) translates them.
SIMPLE_HISTORY_STRINGS = [
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View history: %s"),
    gettext_noop("Revert %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
    gettext_noop("Close"),
]


class VersionAfterLinksForm(forms.ModelForm):
    """Writes the version of a record whose versions include links once the links are
    saved (see ``RecordHistoryAdmin.save_model``), on the change form and on a restore."""

    def _save_m2m(self):
        super()._save_m2m()
        pending = self.instance.__dict__.pop("_version_pending", None)
        if pending is not None:
            del self.instance.skip_history_when_saving
            change, user = pending
            reason = getattr(self.instance, "_change_reason", None)
            write_versions(
                type(self.instance), [self.instance], update=change, user=user, reason=reason
            )


class RecordHistoryAdmin(SimpleHistoryAdmin):
    """Every version of a record (django-simple-history): who, when, why, what changed.

    - The "History" button lists the versions, newest first: date, who (the user; none
      for a command), the reason ("Seed", "Imported from meetings.csv", "Restored
      ...") and each field changed since the version before ("old → new").
    - A version opens as a form. Users who may change the record restore it with
      "Revert"; users who may only view it see it without the button, and a restore
      they post anyway is refused (403).
    - A restore brings back the version's fields and, for a programme, its themes and
      countries; its reason says which version it restored. Publication is not part of
      a restore (see ``PublishableAdmin.prepare_restore``).
    - A record whose versions include links (a programme's themes and countries) gets
      one version per save, written once the links are saved, instead of one for the
      save and one more per change of links.
    """

    form = VersionAfterLinksForm
    object_history_list_template = "admin/record_history/object_history_list.html"
    # Changed by every save: listing it under every version says nothing.
    history_diff_excluded_fields = ("updated_at",)

    def get_history_diff_excluded_fields(self):
        # A translated field's own column repeats one of its languages (the one the record
        # was saved in): the changes are listed under title [en] and title [ja].
        return (*self.history_diff_excluded_fields, *translated_fields(self.model))

    def save_model(self, request, obj, form, change):
        if tracked_links(type(obj)):
            # The version is written by VersionAfterLinksForm._save_m2m.
            obj.skip_history_when_saving = True
            obj._version_pending = (change, request.user)
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library checks only the view permission, also for the restore it saves.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) if obj else None
        if version is None:
            return form
        # A version opened to be restored.
        when = timezone.localtime(version.history_date).strftime("%Y-%m-%d %H:%M:%S %Z")
        obj._change_reason = restore_reason(when)
        self.prepare_restore(request, obj)
        links = {
            field.name: [
                getattr(row, f"{field.m2m_reverse_field_name()}_id")
                for row in getattr(version, field.name).all()
            ]
            for field in tracked_links(self.model)
            if field.name in form.base_fields
        }
        if not links:
            return form

        class RestoreForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(links)  # the version's links, not today's

        return RestoreForm

    def prepare_restore(self, request, obj):
        """Adjust ``obj``, the version about to be shown or restored (override to use)."""

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=self.get_history_diff_excluded_fields(),
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


class PublishableAdmin(RecordHistoryAdmin):
    """Publish and unpublish for records the public sees, with their history.

    Only users with the model's ``publish_<model>`` permission (the Publisher group and
    superusers) get the actions and may change the publication fields, on the form, by
    import and by restoring a version alike. For the others (Editors) the fields are
    read-only, a posted value is ignored, and a new record is a draft.

    An Editor may edit a record that is already published: the edit is saved and the
    record stays published (with its publish time), so that a correction reaches the
    public at once. The edit is in the record's history with the Editor's name; a
    Publisher can unpublish the record or restore an earlier version.

    "View on site" opens the record's public page; for a draft or a scheduled record the
    link reads "Preview on site" and the page is the editors' preview
    (``core.views``): a "draft preview" banner, never cached.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def view_on_site(self, obj):
        # The public page itself (for editors, the preview of a draft), without the
        # admin's redirect through the content type.
        return obj.get_absolute_url()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["is_unpublished"] = obj is not None and not obj.is_published
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            self.keep_publication(obj)
        super().save_model(request, obj, form, change)

    def keep_publication(self, obj):
        """The publication fields as the database has them (a new record: a draft)."""
        obj.status, obj.published_at = self.current_publication(obj) or (
            PublicationStatus.DRAFT,
            None,
        )

    def current_publication(self, obj):
        """(status, publish time) of the record as saved, or None if it is not (yet)."""
        if obj.pk is None:
            return None
        return type(obj).objects.filter(pk=obj.pk).values_list(*PUBLICATION_FIELDS).first()

    def prepare_restore(self, request, obj):
        """A restore starts from the record's current publication, not the version's:
        restoring the text of a draft version does not unpublish a published record.
        A Publisher may still change it on the restore form; for an Editor it is read-only
        (and kept by ``save_model`` whatever is posted)."""
        super().prepare_restore(request, obj)
        current = self.current_publication(obj)
        if current is not None:  # else a deleted record, restored as the version had it
            obj.status, obj.published_at = current

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
