"""Import and export in the admin, for every record's admin, and the import log's admin.

Import is upload, preview, confirm (django-import-export's flow) with the exchange's own
engine underneath: files are read by ``read_file``, the preview lists what will be
created, updated and left unchanged, a refused file shows every problem at once, and
every attempt is written down as an ``ImportRecord``. Only users who may both add and
change a model may import it; viewing it is enough to export it. The upload form (a
format and, for CSV, an encoding) and the import formats are in forms.py.
"""

import functools
import logging
import os

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from import_export.results import Error, Result, RowResult
from import_export.signals import post_export

from core.admin import PUBLICATION_FIELDS

from .blanks import template_context, template_urls, workbook_template_url
from .columns import column_label
from .files import file_sha256
from .forms import IMPORT_FORMATS, RecordConfirmImportForm, RecordImportForm, refusal
from .limits import FileProblem, human_size, max_import_bytes
from .models import ImportRecord, problems, record_import
from .workbook_admin import WorkbookImport
from .writers import csv_pieces, json_pieces

logger = logging.getLogger(__name__)


class CSVExport(base_formats.CSV):
    """CSV with a byte-order mark, so that Excel opens it as UTF-8 (the import accepts it)."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


EXPORT_FORMATS = [CSVExport, base_formats.XLSX, base_formats.JSON]
# The formats the admin streams, with the public downloads' writers (BOM for CSV).
STREAMED_EXPORTS = {CSVExport: csv_pieces, base_formats.JSON: json_pieces}
# django-import-export's Japanese catalogue lacks this string of its export page: marked
# here so that the site's catalogue (locale/ja) translates it.
LIBRARY_STRINGS = [gettext_noop("This exporter will export the following fields: ")]
# The previews waiting for confirmation in a session: the confirm step reads only these.
PENDING_IMPORTS = "pending_imports"


class RecordImportExportMixin(ImportExportMixin):
    """Import (upload, preview, confirm) and export for a record's ModelAdmin.

    Set ``resource_classes`` to the model's resource from ``resources.py``.
    """

    import_form_class = RecordImportForm
    confirm_form_class = RecordConfirmImportForm
    # Every column, always: an export is re-importable only if nothing is left out.
    export_form_class = ExportForm
    import_template_name = "admin/import_export/record_import.html"

    def get_urls(self):
        return [*template_urls(self), *super().get_urls()]

    def get_import_formats(self):
        return list(IMPORT_FORMATS)

    def get_export_formats(self):
        return list(EXPORT_FORMATS)

    def has_import_permission(self, request):
        """Importing creates and changes records: both permissions are needed."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """CSV and JSON go out streamed, like the commands' and the public downloads'
        (memory flat, however many rows); XLSX is built by the library, in memory.

        Overrides django-import-export 4.4's own (private) method, which every export
        of the admin goes through; the version is pinned in requirements.txt.
        """
        writer = STREAMED_EXPORTS.get(type(file_format))
        if writer is None:
            return super()._do_file_export(file_format, request, queryset, export_form)
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(**self.get_export_resource_kwargs(request))
        response = StreamingHttpResponse(
            writer(resource.iter_rows(queryset)), content_type=file_format.get_content_type()
        )
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        post_export.send(sender=None, model=self.model)
        return response

    # Reading the upload ------------------------------------------------------------

    def write_to_tmp_storage(self, import_file, input_format):
        data = b"".join(import_file.chunks())
        # Kept on the upload for the import record (the library only keeps a file name).
        import_file.import_bytes = data
        tmp_storage = self.get_tmp_storage_class()(
            encoding=None, read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        tmp_storage.save(data)
        return tmp_storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileProblem):
            form.add_error("import_file", refusal(form.cleaned_data["import_file"].name, e))
            form.file_problem = e
            return
        logger.exception("An uploaded import file could not be read")
        super().add_data_read_fail_error_to_form(form, e)

    def remove_tmp_file(self, upload):
        name = getattr(upload, "tmp_storage_name", None)
        if name:
            storage = self.get_tmp_storage_class()(
                name=name, encoding=None, read_mode="rb", **self.get_tmp_storage_class_kwargs()
            )
            try:
                storage.remove()
            except OSError:
                logger.warning("Could not remove the temporary import file %s", name)

    # Upload and preview ----------------------------------------------------------------

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        result = context.get("result")
        upload = request.FILES.get("import_file") if request.method == "POST" else None
        data = getattr(upload, "import_bytes", None)
        form = context.get("form")
        problem = getattr(form, "file_problem", None)
        if upload is not None and data is None and problem is not None:
            # Refused for its size before it was read: on record all the same, with the
            # hash of what was received, read in chunks (never held whole).
            refused = Result()
            refused.append_base_error(Error(problem))
            upload.seek(0)
            sha256 = file_sha256(chunks=upload.chunks())
            self.record_attempt(request, form, refused, upload.name, sha256=sha256, dry_run=True)
        if data is not None:
            if result is None and problem is not None:
                result = Result()
                result.append_base_error(Error(problem))
            if result is not None:
                self.record_attempt(request, form, result, upload.name, data, dry_run=True)
            if "confirm_form" in context:
                self.remember_pending(request, upload.tmp_storage_name)
            else:
                self.remove_tmp_file(upload)  # refused: no confirm step will read it
        if upload is not None and "confirm_form" not in context:
            context["refused_file_name"] = upload.name  # the form keeps format and encoding
        context.update(self.import_page_context(request, context.get("result")))
        return response

    def import_page_context(self, request, result=None):
        resource = self.get_import_resource_classes(request)[0]()
        required = resource.required_columns()
        labels = {c.column_name: column_label(c, self.model) for c in resource.import_columns()}
        context = {
            "fields_list": [(resource.get_display_name(), list(labels.values()))],
            "required_columns": [label for name, label in labels.items() if name in required],
            "max_import_size": human_size(max_import_bytes()),
            "ignored_columns": self.ignored_import_columns(request),
            **template_context(self, resource),
        }
        if result is not None:
            totals = result.totals
            context.update(
                {
                    "problems": problems(result),
                    "new_count": totals[RowResult.IMPORT_TYPE_NEW],
                    "update_count": totals[RowResult.IMPORT_TYPE_UPDATE],
                    "skip_count": totals[RowResult.IMPORT_TYPE_SKIP],
                    "invalid_count": len(result.invalid_rows),
                    "shows_differences": any(row.diff is not None for row in result.rows),
                }
            )
        return context

    def ignored_import_columns(self, request):
        """Columns of the export the user's import leaves alone (see PublishableAdmin)."""
        return []

    def record_attempt(
        self, request, form, result, file_name, data=None, dry_run=True, sha256=None
    ):
        resource = self.choose_import_resource_class(form, request)()
        return record_import(
            resource=resource,
            result=result,
            file_name=file_name or "",
            data=data,
            sha256=sha256,
            user=request.user,
            source=ImportRecord.Source.ADMIN,
            dry_run=dry_run,
        )

    # Confirm ---------------------------------------------------------------------------

    def remember_pending(self, request, tmp_name):
        pending = request.session.get(PENDING_IMPORTS, [])
        request.session[PENDING_IMPORTS] = [*pending, os.path.basename(tmp_name)][-10:]

    def claim_pending(self, request):
        """Whether the confirmed file is one this session previewed; it can be claimed once.

        The confirm form names the waiting file; without this check, a tampered name
        would import (and show the cells of) another file in the temporary folder.
        """
        name = os.path.basename(request.POST.get("import_file_name", ""))
        pending = request.session.get(PENDING_IMPORTS, [])
        if not name or name not in pending:
            return False
        request.session[PENDING_IMPORTS] = [other for other in pending if other != name]
        return True

    def process_import(self, request, **kwargs):
        if request.method == "POST":
            if not self.has_import_permission(request):
                raise PermissionDenied
            if not self.claim_pending(request):
                return self.file_gone(request)
        try:
            return super().process_import(request, **kwargs)
        except (FileProblem, FileNotFoundError):
            return self.file_gone(request)

    def file_gone(self, request):
        # Confirmed twice, or the preview's copy of the file is gone: nothing written.
        messages.error(
            request,
            gettext(
                "The file to import is no longer available (was it already imported?). "
                "Nothing was written; upload it again."
            ),
        )
        return HttpResponseRedirect(self.import_url())

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name")
        result = super().process_dataset(dataset, form, request, **kwargs)
        result.import_record = self.record_attempt(
            request, form, result, file_name, dataset.source_bytes, dry_run=False
        )
        return result

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The record changed between the preview and the confirmation.
            return self.refused_confirmation(result, request)
        return super().process_result(result, request)

    def refused_confirmation(self, result, request):
        # The upload form as it was filled in, for the corrected file.
        form = self.get_import_form_class(request)(
            self.get_import_formats(),
            self.get_import_resource_classes(request),
            initial=RecordImportForm.initial_for(request.POST.get("format", "")),
        )
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        context.update(
            {
                "title": _("Import"),
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
                "result": result,
                "import_error_display": self.import_error_display,
                "refused_on_confirm": True,
                "refused_file_name": request.POST.get("original_file_name", ""),
            }
        )
        context.update(self.import_page_context(request, result))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def generate_log_entries(self, result, request):
        """One history entry per created or changed record, written in bulk.

        (The library's version needs the model instances in the results; the engine keeps
        only their ids and names, which is all a history entry needs.)
        """
        if self.get_skip_admin_log():
            return
        flags = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        record = getattr(result, "import_record", None)
        # Stored as worded in the editor's language, like the import log's problems.
        if record:
            message = gettext("Imported from %(file)s.") % {"file": record.file_name}
        else:
            message = gettext("Imported.")
        now = timezone.now()
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    action_time=now,
                    user_id=request.user.pk,
                    content_type=content_type,
                    object_id=str(row.object_id),
                    object_repr=(row.object_repr or "")[:200],
                    action_flag=flags[row.import_type],
                    change_message=message,
                )
                for row in result.rows
                if row.import_type in flags and row.object_id is not None
            ],
            batch_size=500,
        )

    def add_success_message(self, result, request):
        totals = result.totals
        record = getattr(result, "import_record", None)
        counts = {
            "file": record.file_name if record else "",
            "what": self.model._meta.verbose_name_plural,
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP],
        }
        messages.success(
            request,
            gettext(
                "Imported %(file)s: %(new)s created, %(update)s updated, %(skip)s unchanged "
                "%(what)s."
            )
            % counts,
        )

    def import_url(self):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_import", current_app=self.admin_site.name
        )


@functools.cache
def without_publication_columns(resource_class):
    """``resource_class`` with the publication columns left alone by imports.

    For users who may not publish: as on the admin form, the columns are ignored (an
    exported file still goes back in) and new records are drafts.
    """

    class Resource(resource_class):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            for name in PUBLICATION_FIELDS:
                if name in self.fields:
                    self.fields[name].readonly = True

    Resource.__name__ = Resource.__qualname__ = resource_class.__name__
    return Resource


class PublishableImportExportMixin(RecordImportExportMixin):
    """Import and export for a ``PublishableAdmin``: users who may not publish import
    with the publication columns ignored (an exported file still goes back in), and
    their new records are drafts, as on the admin form."""

    def get_import_resource_classes(self, request):
        classes = super().get_import_resource_classes(request)
        if self.has_publish_permission(request):
            return classes
        return [without_publication_columns(resource_class) for resource_class in classes]

    def ignored_import_columns(self, request):
        if self.has_publish_permission(request):
            return []
        resource = super().get_import_resource_classes(request)[0]()
        return [resource.fields[name].column_name for name in PUBLICATION_FIELDS]


class RecordsFilter(admin.SimpleListFilter):
    """The kinds of records imported, named in the page's language (stored in English)."""

    title = _("records")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        stored = ImportRecord.objects.order_by("model").values_list("model", flat=True)
        return [(name, ImportRecord(model=name).records_name()) for name in stored.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Every import attempt, as it happened: nobody adds, changes or deletes one."""

    # A refused attempt or a dry run wrote nothing: its counts are shown as what would
    # have been written, never as created (ImportRecord.written / not_written).
    list_display = [
        "started_at", "user", "source", "records", "file_name", "outcome", "rows", "written",
        "not_written", "invalid",
    ]  # fmt: skip
    list_filter = ["outcome", "source", RecordsFilter]
    list_select_related = ["user"]
    search_fields = ["file_name", "file_sha256", "user__username"]
    date_hierarchy = "started_at"
    fields = [
        "started_at", "who", "source", "records", "file_name", "file_sha256", "outcome", "rows",
        "written", "not_written", "invalid", "problem_list",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # "Import a whole record": every kind in one upload (exchange/workbook_admin.py).
        view = self.admin_site.admin_view(WorkbookImport(self))
        url = path("import-workbook/", view, name="exchange_importrecord_import_workbook")
        return [url, workbook_template_url(self), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import_workbook": bool(WorkbookImport(self).importable(request))}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    @admin.display(description=_("who"))
    def who(self, obj):
        # The name only: a link would lead editors to a user page they may not open.
        return obj.user.get_username() if obj.user else "–"

    @admin.display(description=_("records"), ordering="model")
    def records(self, obj):
        return obj.records_name()

    @admin.display(description=_("written"))
    def written(self, obj):
        return obj.written()

    @admin.display(description=_("not written"))
    def not_written(self, obj):
        return obj.not_written() or "–"

    @admin.display(description=_("problems"))
    def problem_list(self, obj):
        lines = [line for line in obj.problems.splitlines() if line.strip()]
        if not lines:
            return "–"
        return format_html(
            '<ul class="import-problems">{}</ul>',
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )
