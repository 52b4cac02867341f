"""Record files on the command line: which resource a name means, exports written as
they are read, and the whole-site backup (one CSV per kind of record, in dependency
order) written to and read from a folder or a zip archive. Reading one goes through
exchange/workbook.py, as the admin's import of a whole record does.

The resources and their order come from exchange/registry.py. The management commands
are thin shells around what is here.
"""

import datetime
import io
import os
import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path

import openpyxl
from django.db import connection, transaction
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

from exchange.cells import FORMULA_TRIGGERS
from exchange.files import file_sha256
from exchange.limits import FileProblem, ImportLimits
from exchange.widgets import IntegerWidget

from . import stored_files
from .registry import resources
from .workbook import csv_sheet, import_sheets, kind_of, read_upload, record_sheets
from .writers import csv_parts, json_parts, write_rows

# Files written to disk carry a UTF-8 byte-order mark, so that Excel opens them as UTF-8
# (the import accepts files with or without it). Standard output gets none: it is a pipe.
FILE_ENCODING = "utf-8-sig"
README_NAME = "README.txt"


# Which records a name means ---------------------------------------------------------------


def resolve_resource(name):
    """``"meetings"``, ``"meeting"``, ``"meeting series"`` -> (key, resource class)."""
    key = kind_of(name)
    if key is None:
        raise LookupError(
            f"No records are called “{name}”. Choose one of: {', '.join(resources())}."
        )
    return key, resources()[key]


def model_label(resource_class, count=2):
    opts = resource_class._meta.model._meta
    return str(opts.verbose_name if count == 1 else opts.verbose_name_plural)


# Exports, streamed ------------------------------------------------------------------------


def plain_rows(resource):
    """Header then each record's cells as typed (not formula-escaped), streamed.

    For formats no spreadsheet runs formulas from (JSON) or that say a cell is text
    (XLSX): the data exactly as the record holds it. CSV uses ``resource.iter_rows()``,
    which escapes.
    """
    return resource.iter_rows(escape=False)


def write_xlsx(rows, resource, target):
    """A write-only workbook (rows go to disk as they come), every cell typed as text.

    A cell that would start a formula is stored as text with Excel's "quote prefix", as
    if typed with a leading apostrophe: shown as written, never run, and read back as
    written. Whole numbers in number columns are numbers.
    """
    numeric = [isinstance(column.widget, IntegerWidget) for column in resource.export_columns()]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=model_label(type(resource)).capitalize()[:31])
    rows = iter(rows)
    sheet.append(next(rows))
    count = 0
    for row in rows:
        sheet.append(
            [
                xlsx_cell(sheet, value, is_number)
                for value, is_number in zip(row, numeric, strict=True)
            ]
        )
        count += 1
    workbook.save(target)
    return count


def xlsx_cell(sheet, value, is_number):
    if is_number and value.isdigit():
        return int(value)
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        # The import takes a leading apostrophe before a formula character for an
        # escape and removes it: one more keeps the text's own ("'=x" stays "'=x").
        value = "'" + value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would take "=..." for a formula
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def export_records(resource, file_format, stream):
    """Write every record of ``resource`` to ``stream`` (text for CSV/JSON, binary for
    XLSX); returns the number of records written."""
    if file_format == "csv":
        return write_rows(csv_parts, resource.iter_rows(), stream)
    if file_format == "json":
        return write_rows(json_parts, plain_rows(resource), stream)
    if file_format == "xlsx":
        return write_xlsx(plain_rows(resource), resource, stream)
    raise ValueError(f"Unknown format {file_format!r}.")


# The site backup ----------------------------------------------------------------------


def backup_file_names():
    """{key: "01-countries.csv", ...} in dependency order."""
    return {key: f"{index:02d}-{key}.csv" for index, key in enumerate(resources(), start=1)}


README_TEMPLATE = """\
Backup of the Japan-ASEAN Dialogue on Environmental Cooperation record
Written {written} by `manage.py export_site`.

One CSV file per kind of record, numbered in the order they must be read: a file
names records of the files before it by their natural keys (ISO country codes,
slugs), never by database ids.

{listing}

The files are UTF-8 (with a byte-order mark, so that Excel reads them as such), one
row per record, with the headers the admin uses. Many-to-many values are separated
by "|"; dates are written as precisely as they are known (2015, 2008-03,
2013-09-26); publish times are in UTC. A cell that a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) is written with a
leading apostrophe, which the import removes again.

To read the whole backup into a site (in one transaction: if any file has a
problem, nothing is written and every problem is listed):

    python manage.py import_site {target} --dry-run   # check only
    python manage.py import_site {target}

Records are created or updated by their natural keys; records of the site that
the backup does not name are left as they are. One file can also be imported on
its own, once the records it names exist:

    python manage.py import_records meetings 05-meetings.csv
"""


def readme_text(counts, target, files=0):
    width = max(len(name) for name in counts)
    listing = "\n".join(
        f"  {name.ljust(width)}  {model_label(resources()[key]):<15} {rows:>7,} "
        f"row{'' if rows == 1 else 's'}"
        for (key, name), rows in zip(backup_file_names().items(), counts.values(), strict=True)
    )
    listing += f"\n  {stored_files.FOLDER + '/':<{width}}  {'stored files':<15} {files:>7,}"
    written = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return README_TEMPLATE.format(written=written, listing=listing, target=target)


def is_zip_path(path):
    return str(path).lower().endswith(".zip")


def export_site(path, progress=None):
    """Write every record to ``path``, a folder or a ``.zip``; returns {file name: rows}.

    All files are read in one transaction, so they agree with each other. A zip archive
    is written to a temporary file first and moved into place only when complete.
    """
    path = Path(path)
    counts = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # PostgreSQL's default isolation lets each query see a newer state; a backup
            # needs one state for all its files. (SQLite's transactions already do.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        if is_zip_path(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".zip.part")
            os.close(handle)
            try:
                with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    for key, name in backup_file_names().items():
                        with archive.open(name, "w") as raw:
                            text = io.TextIOWrapper(raw, encoding=FILE_ENCODING, newline="")
                            counts[name] = write_rows(
                                csv_parts, resources()[key]().iter_rows(), text
                            )
                            text.flush()
                            text.detach()
                        if progress:
                            progress(name, counts[name])
                    files = stored_files.write_to_zip(archive)
                    archive.writestr(README_NAME, readme_text(counts, path.name, files))
                os.replace(temporary, path)
                counts[f"{stored_files.FOLDER}/"] = files
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        else:
            if path.exists() and not path.is_dir():
                raise FileProblem(f"{path} exists and is not a folder.")
            path.mkdir(parents=True, exist_ok=True)
            for key, name in backup_file_names().items():
                with open(path / name, "w", encoding=FILE_ENCODING, newline="") as stream:
                    counts[name] = write_rows(csv_parts, resources()[key]().iter_rows(), stream)
                if progress:
                    progress(name, counts[name])
            files = stored_files.write_to_folder(path)
            (path / README_NAME).write_text(readme_text(counts, path.name, files), encoding="utf-8")
    return {**counts, f"{stored_files.FOLDER}/": files}


def read_backup(path):
    """{key: (file name, bytes)} of a backup folder or zip, in dependency order.

    Other files (README.txt) are ignored; a CSV file that is not one of the backup's
    refuses the backup, so that a misnamed file is never silently left out.
    """
    path = Path(path)
    if path.is_dir():
        entries = {p.name: p.read_bytes for p in sorted(path.iterdir()) if p.is_file()}
        contents = {name: read() for name, read in entries.items() if name.lower().endswith(".csv")}
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            contents = {
                Path(info.filename).name: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".csv")
                and not info.filename.startswith(f"{stored_files.FOLDER}/")
            }
    elif path.exists():
        raise FileProblem(f"{path} is neither a folder nor a zip archive.")
    else:
        raise FileProblem(f"{path} does not exist.")

    found, unknown = {}, []
    for name, data in sorted(contents.items()):
        key = kind_of(name)
        if key is None:
            unknown.append(name)
        elif key in found:
            raise FileProblem(f"Two files hold the {key}: {found[key][0]} and {name}.")
        else:
            found[key] = (name, data)
    expected = ", ".join(backup_file_names().values())
    if unknown:
        raise FileProblem(
            f"Not files of a backup: {', '.join(unknown)}. A backup's files are {expected}."
        )
    if not found:
        raise FileProblem(f"{path} holds none of a backup's files ({expected}).")
    return {key: found[key] for key in resources() if key in found}


def import_site(path, dry_run=False, progress=None):
    """Read a backup (a folder or zip of CSV files, or an XLSX workbook with one sheet per
    kind) in dependency order, all in one transaction; returns [Sheet].

    Each file is imported for real inside the transaction, because a later file names
    the records of the earlier ones; the transaction is rolled back if any file has a
    problem (every file is still checked, so every problem is reported at once) and at
    the end of a dry run (exchange/workbook.py). Each attempt is then recorded
    (ImportRecord), after the transaction, so that refused attempts and dry runs are
    recorded too.
    """
    path = Path(path)
    # A backup is as large as the record: the web upload's limits on bytes, rows and
    # cell length do not apply (the shape limits stay: a backup is far within them).
    limits = ImportLimits.for_backup()
    if path.is_file() and path.suffix.lower() == ".xlsx":
        data = path.read_bytes()
        sheets = read_upload(data, limits)
        sha256 = file_sha256(data)
    else:
        sheets = [
            csv_sheet(key, name, data, limits) for key, (name, data) in read_backup(path).items()
        ]
        sha256 = None
    with ExitStack() as stack:
        archive = None
        if path.is_file() and zipfile.is_zipfile(path):
            archive = stack.enter_context(zipfile.ZipFile(path))
        files = stored_files.backup_files(path, archive) if not sha256 else []
        # The files first: the records that name them check that the storage has them.
        restore = stack.enter_context(stored_files.restored(files))
        written = import_sheets(sheets, dry_run=dry_run, source=path.name, progress=progress)
        restore.keep = written and not dry_run
    record_sheets(
        sheets,
        path.name,
        dry_run=dry_run,
        refusal="Not written: another file of the backup was refused.",
        sha256=sha256,
    )
    return sheets
