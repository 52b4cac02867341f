"""The whole record in one upload: an XLSX workbook with one sheet per kind of record, or
the zip of CSV files that ``export_site`` writes, read into sheets in dependency order
and imported in ONE transaction (everything, or nothing and every problem listed).

A sheet (or file) is named by its kind's backup key ("meetings"), numbered as the
backup numbers it ("05-meetings"), or by the model's name in English or Japanese. The
sheets are imported in the registry's order whatever their order in the file, each by
the import engine, for real inside the transaction: a later sheet names the records of
the earlier ones. The admin's "Import a whole record" page (workbook_admin.py) and
``manage.py import_site`` (backup.py) both go through ``import_sheets``.
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import Error, RowResult

from .cells import cell_text
from .files import read_file, read_workbook_sheets
from .limits import FileProblem, ImportLimits, check_size, human_size
from .models import ImportRecord, header_of, problems, record_import
from .registry import normalise_name, resource_names, resources

NUMBERED = re.compile(r"^\d+\s*[-_.]?\s*")
# Sheets that are notes for people, not records (the backup's README.txt, a template's
# README and Lists sheets, exchange/blanks.py): never imported, never refused.
NOTES = {"readme", "read me", "notes", "lists"}


@dataclass
class Sheet:
    """One sheet of a workbook (or file of a backup) and what its import did."""

    key: str
    name: str
    data: bytes = b""  # a backup file's bytes (a workbook's sheets share the upload's)
    dataset: object = None
    problem: FileProblem = None  # the sheet could not be read
    result: object = None
    empty: bool = False  # headers only: no records of this kind
    lines: list = field(default_factory=list)

    @property
    def refused(self):
        return bool(self.lines)

    def totals(self):
        totals = self.result.totals if self.result is not None else {}
        return (
            totals.get(RowResult.IMPORT_TYPE_NEW, 0),
            totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
            totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
        )


# Which kind a sheet holds ---------------------------------------------------------------


def kind_of(name):
    """The key of the records a sheet or file name means, or None: "05-meetings.csv",
    "meetings", "Meeting series", "会議"."""
    name = str(name).strip()
    if name.lower().endswith(".csv"):
        name = name[:-4]
    return resource_names().get(normalise_name(NUMBERED.sub("", name)))


def by_kind(named, twice):
    """{key: (name, value)} in dependency order, from ``named`` ({name: value}). A name
    that is no kind of record, or a kind named twice (``twice``: the message), refuses
    the whole upload: nothing is silently left out."""
    found, unknown = {}, []
    for name, value in named.items():
        key = kind_of(name)
        if key is None:
            unknown.append(name)
        elif key in found:
            raise FileProblem(twice % {"kind": key, "first": found[key][0], "second": name})
        else:
            found[key] = (name, value)
    if unknown:
        raise FileProblem(
            _("Not a kind of record: %(names)s. Name each one after its records: %(keys)s.")
            % {"names": ", ".join(f"“{name}”" for name in unknown), "keys": ", ".join(resources())}
        )
    if not found:
        raise FileProblem(
            _("The file holds no records. Name each sheet after its records: %(keys)s.")
            % {"keys": ", ".join(resources())}
        )
    return {key: found[key] for key in resources() if key in found}


# Reading an upload ------------------------------------------------------------------------


def read_upload(data, limits=None):
    """[Sheet] in dependency order from an uploaded workbook or backup zip, within the
    upload's limits (each sheet or file as one file; the whole upload's bytes once)."""
    limits = limits or ImportLimits.from_settings()
    if not data:
        raise FileProblem(_("The file is empty."))
    check_size(len(data), limits.bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(
            _(
                "Upload an XLSX workbook with one sheet per kind of record, or the zip "
                "archive that export_site writes. To import one CSV file, use the Import "
                "page of its records."
            )
        ) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
            return workbook_sheets(data, limits)
        return zip_sheets(archive, limits)


def workbook_sheets(data, limits):
    named = {}
    for name, hidden, table in read_workbook_sheets(data, limits):
        if hidden or table is None or normalise_name(name) in NOTES:
            continue  # a template's lists, an empty sheet, notes
        named[name] = table
    return [
        dataset_sheet(key, name, table)
        for key, (name, table) in by_kind(
            named, _("Two sheets hold the %(kind)s: “%(first)s” and “%(second)s”.")
        ).items()
    ]


def zip_sheets(archive, limits):
    entries = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".csv")
        # What macOS adds to the zips it makes: not files of the backup.
        and not info.filename.rpartition("/")[2].startswith(".")
        and not info.filename.startswith("__MACOSX/")
    ]
    unpacked = sum(info.file_size for info in entries)
    if limits.xlsx_xml_bytes and unpacked > limits.xlsx_xml_bytes:
        raise FileProblem(
            _("The archive unpacks to %(size)s; the limit is %(limit)s.")
            % {"size": human_size(unpacked), "limit": human_size(limits.xlsx_xml_bytes)}
        )
    named = {info.filename.rpartition("/")[2]: info for info in entries}
    sheets = []
    for key, (name, info) in by_kind(
        named, _("Two files hold the %(kind)s: “%(first)s” and “%(second)s”.")
    ).items():
        try:
            check_size(info.file_size, limits.bytes)  # before it is unpacked
            data = unpack(archive, info)
        except FileProblem as problem:
            sheets.append(Sheet(key=key, name=name, problem=problem))
            continue
        sheets.append(csv_sheet(key, name, data, limits))
    return sheets


def unpack(archive, info):
    try:
        return archive.read(info)
    except Exception:  # damaged, encrypted, or compressed in a way zipfile cannot read
        raise FileProblem(_("This file of the archive could not be unpacked.")) from None


def csv_sheet(key, name, data, limits):
    """A backup's CSV file as a sheet (a file of headers only is ``empty``)."""
    try:
        dataset = read_file(data, name, "csv", limits=limits)
    except FileProblem as problem:
        return Sheet(key=key, name=name, data=data, problem=problem)
    return dataset_sheet(key, name, dataset, data)


def dataset_sheet(key, name, table, data=b""):
    if isinstance(table, FileProblem):
        return Sheet(key=key, name=name, data=data, problem=table)
    return Sheet(key=key, name=name, data=data, dataset=table, empty=len(table) == 0)


# Importing the sheets ---------------------------------------------------------------------


def import_sheets(
    sheets, resource_classes=None, dry_run=False, user=None, source="", progress=None
):
    """Import ``sheets`` in their order, all in one transaction, rolled back if any sheet
    is refused (every sheet is still checked: every problem at once) and after a dry run.

    ``resource_classes``: {key: resource class} (the admin's, for the user), by default
    the registry's. ``source`` (the upload's name) goes into the reason the versions
    give: "Imported from record.xlsx/meetings". Returns whether all went in.
    """
    classes = resource_classes or resources()
    with transaction.atomic():
        for sheet in sheets:
            started = time.monotonic()
            import_sheet(sheet, classes[sheet.key](), user, source)
            if progress:
                progress(sheet, time.monotonic() - started)
        refused = any(sheet.refused for sheet in sheets)
        if refused or dry_run:
            transaction.set_rollback(True)
    return not refused


def import_sheet(sheet, resource, user, source):
    if sheet.problem is None and sheet.empty:
        try:
            # No records of this kind; the headers must still be the right ones.
            resource.match_headers(sheet.dataset.headers or [])
            return
        except FileProblem as problem:
            sheet.problem = problem
    if sheet.problem is not None:
        sheet.result = resource.get_result_class()()
        sheet.result.append_base_error(Error(sheet.problem))
    else:
        sheet.result = resource.import_data(
            sheet.dataset,
            dry_run=False,
            file_name=f"{source}/{sheet.name}" if source else sheet.name,
            user=user,
            retain_instance_in_row_result=True,
        )
    sheet.lines = problems(sheet.result)


def record_sheets(sheets, source, *, dry_run, refusal, user=None, sha256=None, origin=None):
    """An ImportRecord per sheet imported (``source``/sheet name; the sheet's own bytes
    or the upload's ``sha256``), after the transaction so that refused attempts are on
    record too. When one sheet was refused, the others say they were not written
    (``refusal``)."""
    refused = any(sheet.refused for sheet in sheets)
    for sheet in sheets:
        if sheet.result is None:
            continue
        if refused and not sheet.refused:
            sheet.result.append_base_error(Error(FileProblem(refusal)))
        sheet.result.import_record = record_import(
            resource=resources()[sheet.key](),
            result=sheet.result,
            file_name=f"{source}/{sheet.name}",
            data=sheet.data,
            sha256=None if sheet.data else sha256,
            source=origin or ImportRecord.Source.COMMAND,
            user=user,
            dry_run=dry_run,
        )


def sheet_problems(sheet):
    """The problems of one sheet as lines a person reads, naming the sheet, the row and
    the column: "Sheet meetings, row 4, column “Host country” (value “BRN”): ..."."""
    result = sheet.result
    if result is None:
        return []
    lines = [
        _("Sheet %(sheet)s: %(problem)s") % {"sheet": sheet.name, "problem": error.error}
        for error in result.base_errors
    ]
    for row in result.invalid_rows:
        values = dict(zip(result.diff_headers, row.values, strict=False))
        for column, messages in row.error_dict.items():
            where = {"sheet": sheet.name, "row": row.number, "column": header_of(result, column)}
            value = cell_text(values.get(column, ""))
            for message in messages:
                if value:
                    line = _(
                        "Sheet %(sheet)s, row %(row)s, column “%(column)s” (value "
                        "“%(value)s”): %(message)s"
                    ) % {**where, "value": value, "message": message}
                else:
                    line = _("Sheet %(sheet)s, row %(row)s, column “%(column)s”: %(message)s") % {
                        **where,
                        "message": message,
                    }
                lines.append(line)
    return lines
