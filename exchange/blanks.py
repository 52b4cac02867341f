"""Empty import templates, and what each column of an import accepts.

For the admin's Import pages: a template per kind of record (CSV: the header row; XLSX:
the header row with a note on each header, a "README" sheet describing the columns and a
"Lists" sheet whose values Excel offers in the closed columns), and one workbook for the
whole record, a sheet per kind (named by its backup key) in the order to fill them.
Headers are in the active language; the import reads either language's. What a column
accepts is worked out from its widget and model field, so a new kind of record or a new
closed list (a table of meeting kinds) needs nothing here.
"""

import io
from dataclasses import dataclass

import openpyxl
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .backup import xlsx_cell
from .columns import PartialDateColumn, column_label, model_field, translated_field_of
from .registry import resources
from .widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    IntegerWidget,
    KeysWidget,
    KeyWidget,
)
from .writers import UTF8_BOM, csv_parts

# References to a table with more rows than this are not listed (people, meetings):
# the page says how to find them. One query per referenced table, whatever its size.
LIST_LIMIT = 30
README_SHEET, LISTS_SHEET = "README", "Lists"
# The sheets of a template that hold no records: a workbook import skips them.
HELP_SHEETS = (README_SHEET, LISTS_SHEET)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass
class ColumnGuide:
    """One column of an import, as an editor needs to know it."""

    label: str  # the header, in the active language
    need: str  # "key", "required" or "optional"
    what: str  # what to write, in a sentence or two
    values: list | None = None  # a closed list: [(value, label)]
    reference: bool = False  # names other records by their keys
    many: bool = False  # several values, separated by "|"
    kinds: str = ""  # the referenced kind ("countries")
    too_many: bool = False  # the referenced table has too many rows to list
    export_url: str | None = None  # where they are: its export

    @property
    def need_label(self):
        return {
            "key": gettext("key"),
            "required": gettext("required"),
            "optional": gettext("optional"),
        }[self.need]

    @property
    def none_yet(self):
        """A reference to a table with no rows yet."""
        return self.reference and self.values == []

    def values_text(self):
        """The accepted values as one text (a note, a README cell)."""
        if self.none_yet:
            return gettext("None yet.")
        if self.values is not None:
            return ", ".join(
                value if value == label else f"{value} ({label})" for value, label in self.values
            )
        if self.too_many:
            return more_than_text(self.kinds)
        return ""


def more_than_text(kinds):
    return gettext("More than %(limit)s %(kinds)s: their keys are in the export of %(kinds)s.") % {
        "limit": LIST_LIMIT,
        "kinds": kinds,
    }


class KeyLists:
    """The rows a reference may name, read once per referenced table (at most
    ``LIST_LIMIT`` + 1 of them): {model: [(key, name)]}."""

    def __init__(self):
        self.found = {}

    def rows(self, widget):
        model = widget.model
        if model not in self.found:
            objects = model._default_manager.order_by(widget.field)[: LIST_LIMIT + 1]
            self.found[model] = [(str(getattr(obj, widget.field)), str(obj)) for obj in objects]
        return self.found[model]


def column_guides(resource, key_lists=None):
    """A ``ColumnGuide`` for each column ``resource`` imports, in the file's order."""
    key_lists = KeyLists() if key_lists is None else key_lists
    model = resource._meta.model
    required = resource.required_columns()
    keys = {resource.fields[name].column_name for name in resource.natural_key}
    guides = []
    for column in resource.import_columns():
        field = model_field(model, column.attribute)
        # Required: the file needs the column, or its field a value (an empty "Kind" is
        # refused even though a file without the column gets the default).
        filled = (
            field is not None and not field.blank and not isinstance(column.widget, BooleanWidget)
        )
        need = "optional"
        if column.column_name in keys:
            need = "key"
        elif column.column_name in required or filled:
            need = "required"
        what = what_to_write(column, model, with_help=need != "key")
        guide = ColumnGuide(column_label(column, model), need, what)
        widget = column.widget
        if isinstance(widget, ChoiceWidget):
            guide.values = [(str(value), str(label)) for value, label in widget.choices]
        elif isinstance(widget, BooleanWidget):
            guide.values = [("yes", gettext("Yes")), ("no", gettext("No"))]
        elif isinstance(widget, KeyWidget):
            guide.reference = True
            guide.kinds = str(widget.model._meta.verbose_name_plural)
            guide.many = isinstance(widget, KeysWidget)
            rows = key_lists.rows(widget)
            if len(rows) > LIST_LIMIT:
                guide.too_many = True
                guide.export_url = export_url(widget.model)
            else:
                guide.values = rows
        guides.append(guide)
    return guides


def export_url(model):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
    except NoReverseMatch:
        return None


def what_to_write(column, model, with_help=True):
    """What a cell of ``column`` holds, in words, and on a line of its own its field's
    help text (not for a key: "leave empty to derive it" is the form's, not the file's)."""
    widget = column.widget
    field = model_field(model, column.attribute)
    if isinstance(column, PartialDateColumn):
        what = gettext("A date, as precisely as it is known: 2015, 2008-03 or 2013-09-26.")
    elif isinstance(widget, KeyWidget):
        names = {
            "key": widget.model._meta.get_field(widget.field).verbose_name,
            "kind": widget.model._meta.verbose_name,
            "kinds": widget.model._meta.verbose_name_plural,
        }
        if isinstance(widget, KeysWidget):
            what = gettext("The %(key)s of each of the %(kinds)s, separated by “|”.") % names
        else:
            what = gettext("The %(key)s of a %(kind)s.") % names
    elif isinstance(widget, ChoiceWidget):
        what = gettext("One of the values listed (or its label).")
    elif isinstance(widget, BooleanWidget):
        what = gettext("yes or no.")
    elif isinstance(widget, IntegerWidget):
        what = gettext("A whole number.")
    elif isinstance(widget, DateTimeWidget):
        what = gettext("A date and time in UTC, written 2015-06-30T09:00:00+00:00.")
    elif isinstance(widget, DateWidget):
        what = gettext("A date written YYYY-MM-DD.")
    elif getattr(field, "max_length", None):
        what = ngettext(
            "Text, at most %(count)s character.", "Text, at most %(count)s characters.",
            field.max_length,
        ) % {"count": field.max_length}  # fmt: skip
    else:
        what = gettext("Text.")
    source = translated_field_of(field) or field
    help_text = str(getattr(source, "help_text", "") or "") if with_help else ""
    return f"{what}\n{help_text}" if help_text else what


# Files ------------------------------------------------------------------------------------


def csv_template(resource):
    """The header row of ``resource``'s import, in the active language, as CSV (UTF-8
    with a byte-order mark, which Excel needs to read it as UTF-8)."""
    labels = [column_label(column, resource._meta.model) for column in resource.import_columns()]
    return (UTF8_BOM + "".join(csv_parts([labels]))).encode()


def xlsx_template(kinds, whole=False):
    """A workbook with a sheet per (key, resource) of ``kinds``, then "README" and
    "Lists". ``whole``: a workbook for the whole record, whose references may name the
    records of its earlier sheets (the lists then warn rather than refuse)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    lists = ListColumns()
    key_lists = KeyLists()
    described = []
    for key, resource in kinds:
        guides = column_guides(resource, key_lists)
        described.append((key, resource, guides))
        write_data_sheet(book.create_sheet(key), guides, lists, strict_keys=not whole)
    readme = book.create_sheet(README_SHEET)
    write_readme(readme, described, whole)
    lists.write(book.create_sheet(LISTS_SHEET))
    if whole:
        book.active = book.index(readme)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ListColumns:
    """The "Lists" sheet: one column per distinct list of values, which validations
    refer to (a list written into the validation itself may not exceed 255 characters)."""

    def __init__(self):
        self.columns = {}  # {(title, values): column letter}

    def reference(self, title, values):
        key = (title, tuple(values))
        if key not in self.columns:
            self.columns[key] = get_column_letter(len(self.columns) + 1)
        letter = self.columns[key]
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def write(self, sheet):
        for (title, values), letter in self.columns.items():
            sheet[f"{letter}1"] = title
            sheet[f"{letter}1"].font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                sheet[f"{letter}{row}"] = value
                sheet[f"{letter}{row}"].data_type = "s"  # a key, never a formula
            sheet.column_dimensions[letter].width = max(12, min(40, len(title) + 2))


def text_cell(sheet, value):
    """A cell shown as written: names come from the record, and a name starting with "="
    must not become a formula (backup.xlsx_cell, as the exports)."""
    return xlsx_cell(sheet, str(value), is_number=False)


def write_data_sheet(sheet, guides, lists, strict_keys):
    """Headers (bold when a row needs them), a note on each, and a list validation on
    every column with a closed list."""
    for index, guide in enumerate(guides, start=1):
        cell = sheet.cell(row=1, column=index, value=guide.label)
        cell.data_type = "s"
        cell.font = Font(bold=guide.need != "optional")
        note = f"{guide.label} ({guide.need_label})\n{guide.what}"
        if guide.values_text():
            note += "\n" + gettext("Accepted: %(values)s") % {"values": guide.values_text()}
        cell.comment = Comment(note[:2000], "template", width=320, height=160)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(guide.label) + 4))
        if guide.values:
            add_validation(sheet, letter, guide, lists, strict_keys)
    sheet.freeze_panes = "A2"


def add_validation(sheet, letter, guide, lists, strict_keys):
    values = [value for value, _label in guide.values]
    # A reference's list serves every sheet naming that kind; a closed list, its column.
    title = capfirst(guide.kinds) if guide.reference else f"{sheet.title}: {guide.label}"
    reference = lists.reference(title, values)
    closed = not guide.many and (strict_keys or not guide.reference)
    validation = DataValidation(
        type="list",
        formula1=f"={reference}",
        allow_blank=True,
        showErrorMessage=True,
        # Several keys in a cell ("a|b"), or a key the workbook itself adds: warn only.
        errorStyle="stop" if closed else "warning",
        errorTitle=guide.label[:32],
        error=gettext("Not one of the accepted values: see the sheet “README”.")[:255],
    )
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}1048576")


def write_readme(sheet, described, whole):
    """The rules, the order of the sheets and, for each column, what it accepts."""
    lines = [
        gettext("Import template: %(kinds)s")
        % {
            "kinds": ", ".join(
                str(capfirst(resource._meta.model._meta.verbose_name_plural))
                for _k, resource, _g in described
            )
        }
    ]
    lines += rules(whole)
    if whole:
        lines.append(gettext("The sheets, in the order to fill them:"))
        lines += [
            f"{number}. {key}: {capfirst(resource._meta.model._meta.verbose_name_plural)}"
            for number, (key, resource, _guides) in enumerate(described, start=1)
        ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    headers = [
        gettext("Sheet"),
        gettext("Column"),
        gettext("Needed"),
        gettext("What to write"),
        gettext("Accepted values"),
    ]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for key, _resource, guides in described:
        for guide in guides:
            row = [key, guide.label, guide.need_label, guide.what, guide.values_text()]
            sheet.append([text_cell(sheet, value) for value in row])
    for letter, width in zip("ABCDE", (16, 28, 10, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=len(lines) + 3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def rules(whole):
    lines = [
        gettext(
            "Write one record a row, under the header row. The headers may be in English or "
            "in Japanese, in any order; a column that is not needed may be left out."
        ),
        gettext(
            "Every row needs a value in the key and required columns. A row whose key is "
            "already in the record updates that record; any other row adds one. Nothing is "
            "deleted."
        ),
        gettext(
            "Several values in one cell are separated by “|”. Dates are written as precisely "
            "as they are known: 2015, 2008-03 or 2013-09-26."
        ),
        gettext(
            "A column with a closed list offers its values; they are listed below with "
            "their meaning."
        ),
        gettext(
            "Nothing is written until you confirm the preview, and a file with any problem "
            "writes nothing."
        ),
    ]
    if whole:
        lines.append(
            gettext(
                "Fill in the sheets in this order: a sheet may name the records of the sheets "
                "before it by their keys. Leave a sheet with only its header row when there "
                "is nothing to add. The sheets “README” and “Lists” are not imported."
            )
        )
    else:
        lines.append(
            gettext(
                "Upload the workbook on the Import page of its kind as XLSX (only its first "
                "sheet is read), or save that sheet as CSV (UTF-8) first."
            )
        )
    return lines


# The admin: downloads and the Import page's context -------------------------------------


def attachment(content, content_type, file_name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def kind_template(model_admin, request, file_format):
    """A kind's empty template (CSV or XLSX), with the columns the user's import takes."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    resource = model_admin.get_import_resource_classes(request)[0]()
    name = f"{resource.file_key}-template-{get_language()}"
    if file_format == "csv":
        return attachment(csv_template(resource), CSV_TYPE, f"{name}.csv")
    if file_format == "xlsx":
        return attachment(xlsx_template([(resource.file_key, resource)]), XLSX_TYPE, f"{name}.xlsx")
    raise Http404


def importable_kinds(admin_site, request):
    """[(backup key, resource)] of every kind ``request.user`` may import, in the order
    of the record (registry): the sheets of the whole-record workbook."""
    kinds = []
    for key, resource_class in resources().items():
        try:
            model_admin = admin_site.get_model_admin(resource_class._meta.model)
        except NotRegistered:
            continue
        importer = getattr(model_admin, "get_import_resource_classes", None)
        if importer is not None and model_admin.has_import_permission(request):
            kinds.append((key, importer(request)[0]()))
    return kinds


def workbook_template(admin_site, request):
    """The whole record's template: a sheet per kind the user may import."""
    kinds = importable_kinds(admin_site, request)
    if not kinds:
        raise PermissionDenied
    content = xlsx_template(kinds, whole=True)
    return attachment(content, XLSX_TYPE, f"record-template-{get_language()}.xlsx")


def template_urls(model_admin):
    """``model_admin``'s templates: ``import/template.csv`` and ``import/template.xlsx``."""
    opts = model_admin.model._meta

    def view(request, file_format):
        return kind_template(model_admin, request, file_format)

    return [
        path(
            "import/template.<str:file_format>",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_import_template",
        )
    ]


def workbook_template_url(model_admin):
    """The whole record's template, served by the import log's admin (``model_admin``)."""
    opts = model_admin.model._meta

    def view(request):
        return workbook_template(model_admin.admin_site, request)

    return path(
        "workbook-template/",
        model_admin.admin_site.admin_view(view),
        name=f"{opts.app_label}_{opts.model_name}_workbook_template",
    )


def template_context(model_admin, resource):
    """What the Import page shows of the templates and of each column's values."""
    opts = model_admin.model._meta
    site = model_admin.admin_site.name
    name = f"admin:{opts.app_label}_{opts.model_name}_import_template"
    return {
        "template_links": [
            (label, reverse(name, args=[suffix], current_app=site))
            for label, suffix in (("CSV", "csv"), ("XLSX", "xlsx"))
        ],
        "workbook_template_url": reverse(
            "admin:exchange_importrecord_workbook_template", current_app=site
        ),
        "column_guides": column_guides(resource),
        "list_limit": LIST_LIMIT,
    }
