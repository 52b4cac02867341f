"""The admin's "Import a whole record" page: one upload (an XLSX workbook with one sheet
per kind of record, or the zip that ``export_site`` writes), a preview of every sheet,
then confirm; all in one transaction (exchange/workbook.py).

It asks each kind's own admin what its import page would: whether the user may import
it (add and change), with which resource (publication columns ignored for users who
may not publish), where the upload waits between preview and confirm (its temporary
storage, claimed once by this session), and the history entries a confirmed import
writes. Every attempt is on the import log, refused ones too.
"""

import os

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import Error, Result
from import_export.signals import post_import

from .files import file_sha256
from .limits import FileProblem, check_size, human_size, max_import_bytes
from .models import ImportRecord, header_of, problems
from .registry import resources
from .workbook import import_sheets, read_upload, record_sheets, sheet_problems


class WorkbookForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("Workbook or backup to import"), allow_empty_file=True
    )


class WorkbookConfirmForm(forms.Form):
    import_file_name = forms.CharField(widget=forms.HiddenInput)
    original_file_name = forms.CharField(widget=forms.HiddenInput)


class WorkbookImport:
    """The page's view; ``model_admin`` is the import log's admin, which owns the URL."""

    template_name = "admin/exchange/import_workbook.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.site = model_admin.admin_site

    def importable(self, request):
        """{key: the kind's admin} for every kind the user may import."""
        found = {}
        for key, resource_class in resources().items():
            kind_admin = self.site._registry.get(resource_class._meta.model)
            if kind_admin is not None and kind_admin.has_import_permission(request):
                found[key] = kind_admin
        return found

    def __call__(self, request):
        admins = self.importable(request)
        if not admins:
            raise PermissionDenied
        if request.method != "POST":
            return self.render(request, admins, form=WorkbookForm())
        if "confirm" in request.POST:
            return self.confirm(request, admins)
        return self.preview(request, admins)

    # Upload and preview ---------------------------------------------------------------

    def preview(self, request, admins):
        form = WorkbookForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, admins, form=form)
        upload = form.cleaned_data["import_file"]
        try:
            # Over the limit: refused before it is read into memory, hashed as it comes.
            check_size(upload.size)
            data = b"".join(upload.chunks())
            sheets = read_upload(data)
        except FileProblem as problem:
            self.record_refusal(request, upload.name, problem, upload.chunks())
            form.add_error("import_file", str(problem))
            return self.render(request, admins, form=form)
        refused = self.refuse_kinds(request, admins, sheets, upload.name, data)
        if refused is not None:
            return refused
        accepted = self.run(request, admins, sheets, upload.name, data, dry_run=True)
        context = {"form": form, "sheets": sheets, "file_name": upload.name}
        if accepted:
            kind_admin = next(iter(admins.values()))
            storage = kind_admin.write_to_tmp_storage(upload, None)
            kind_admin.remember_pending(request, storage.name)
            context["confirm_form"] = WorkbookConfirmForm(
                initial={
                    "import_file_name": os.path.basename(storage.name),
                    "original_file_name": upload.name,
                }
            )
        return self.render(request, admins, **context)

    def refuse_kinds(self, request, admins, sheets, file_name, data):
        """The refusal page (403) when the file holds kinds the user may not import; each
        of those is on the import log."""
        forbidden = [sheet for sheet in sheets if sheet.key not in admins]
        if not forbidden:
            return None
        kinds = ", ".join(label(sheet.key) for sheet in forbidden)
        message = _(
            "You may not import %(kinds)s: it takes permission to add and change them. "
            "Nothing was written."
        ) % {"kinds": kinds}
        for sheet in forbidden:
            sheet.result = Result()
            sheet.result.append_base_error(Error(FileProblem(message)))
        record_sheets(
            forbidden,
            file_name,
            dry_run=True,
            refusal=message,
            user=request.user,
            sha256=file_sha256(data),
            origin=ImportRecord.Source.ADMIN,
        )
        response = self.render(request, admins, form=WorkbookForm(), forbidden=message)
        response.status_code = 403
        return response

    def run(self, request, admins, sheets, file_name, data, dry_run):
        """Import every sheet with its admin's resource in one transaction; on record."""
        classes = {key: admins[key].get_import_resource_classes(request)[0] for key in admins}
        accepted = import_sheets(
            sheets, classes, dry_run=dry_run, user=request.user, source=file_name
        )
        record_sheets(
            sheets,
            file_name,
            dry_run=dry_run,
            refusal=_("Not written: another sheet of the file was refused."),
            user=request.user,
            sha256=file_sha256(data),
            origin=ImportRecord.Source.ADMIN,
        )
        return accepted

    def record_refusal(self, request, file_name, problem, chunks):
        """A file refused as a whole (its size, its shape): one line on the import log."""
        result = Result()
        result.append_base_error(Error(problem))
        ImportRecord.objects.create(
            user=request.user,
            source=ImportRecord.Source.ADMIN,
            model=_("whole record"),
            file_name=(file_name or "")[:255],
            file_sha256=file_sha256(chunks=chunks),
            outcome=ImportRecord.Outcome.REFUSED,
            problems="\n".join(problems(result)),
        )

    # Confirm --------------------------------------------------------------------------

    def confirm(self, request, admins):
        form = WorkbookConfirmForm(request.POST)
        kind_admin = next(iter(admins.values()))
        if not form.is_valid() or not kind_admin.claim_pending(request):
            return self.file_gone(request)
        storage = kind_admin.get_tmp_storage_class()(
            name=os.path.basename(form.cleaned_data["import_file_name"]),
            encoding=None,
            read_mode="rb",
            **kind_admin.get_tmp_storage_class_kwargs(),
        )
        try:
            data = storage.read()
            storage.remove()
        except OSError:
            return self.file_gone(request)
        file_name = form.cleaned_data["original_file_name"]
        try:
            sheets = read_upload(data or b"")
        except FileProblem:
            return self.file_gone(request)
        refused = self.refuse_kinds(request, admins, sheets, file_name, data)
        if refused is not None:
            return refused
        if not self.run(request, admins, sheets, file_name, data, dry_run=False):
            # The record changed between the preview and the confirmation.
            return self.render(
                request, admins, form=WorkbookForm(), sheets=sheets, refused_on_confirm=True
            )
        for sheet in sheets:
            if sheet.result is not None:
                admins[sheet.key].generate_log_entries(sheet.result, request)
                post_import.send(sender=None, model=admins[sheet.key].model)
        created, updated, unchanged = totals(sheets)
        messages.success(
            request,
            _(
                "Imported %(file)s in one transaction: %(new)s created, %(update)s updated, "
                "%(skip)s unchanged."
            )
            % {"file": file_name, "new": created, "update": updated, "skip": unchanged},
        )
        return HttpResponseRedirect(self.url("changelist"))

    def file_gone(self, request):
        messages.error(
            request,
            _(
                "The file to import is no longer available (was it already imported?). "
                "Nothing was written; upload it again."
            ),
        )
        return HttpResponseRedirect(self.url("import_workbook"))

    def url(self, view):
        return reverse(f"admin:exchange_importrecord_{view}", current_app=self.site.name)

    # The page ---------------------------------------------------------------------------

    def render(self, request, admins, form, sheets=(), **extra):
        context = {
            **self.site.each_context(request),
            "title": _("Import a whole record"),
            "opts": self.model_admin.model._meta,
            "form": form,
            "media": self.model_admin.media + form.media,
            "kinds": [(key, label(key), key in admins) for key in resources()],
            "max_import_size": human_size(max_import_bytes()),
            "sheets": [summary(sheet) for sheet in sheets if sheet.result is not None],
            "problems": [line for sheet in sheets for line in sheet_problems(sheet)],
            "ignored_columns": {
                label(key): kind_admin.ignored_import_columns(request)
                for key, kind_admin in admins.items()
                if kind_admin.ignored_import_columns(request)
            },
            **extra,
        }
        if sheets:
            context["new_count"], context["update_count"], context["skip_count"] = totals(sheets)
        request.current_app = self.site.name
        return TemplateResponse(request, self.template_name, context)


def label(key):
    return capfirst(str(resources()[key]._meta.model._meta.verbose_name_plural))


def totals(sheets):
    """(created, updated, unchanged) of all the sheets together."""
    counts = [sheet.totals() for sheet in sheets]
    return tuple(sum(count[index] for count in counts) for index in range(3))


def summary(sheet):
    """What the preview shows of one sheet."""
    result = sheet.result
    new, update, skip = sheet.totals()
    return {
        "key": sheet.key,
        "name": sheet.name,
        "label": label(sheet.key),
        "new_count": new,
        "update_count": update,
        "skip_count": skip,
        "refused": sheet.refused,
        "headers": [header_of(result, h) for h in result.diff_headers],
        "rows": result.valid_rows(),
        "shows_differences": any(row.diff is not None for row in result.rows),
    }
