"""Reading an uploaded table (CSV or XLSX) into rows, within limits, and the cell
conventions every file shares.

Files are what a person reads in a spreadsheet: natural keys instead of database ids,
many-to-many values separated by "|", dates at their precision. A file is read as it
streams, with limits on its size, rows, columns and cells (``ImportLimits``); a file
that breaks one is refused with a ``FileProblem`` naming the limit. XLSX is read by
exchange/xlsx.py.

A CSV file is UTF-8 unless told otherwise (``encoding="shift_jis"``, what Japanese Excel
writes): the encoding is chosen by the person, never guessed, and decoded strictly, so a
file in another one is refused with its line rather than read into mojibake.
"""

import codecs
import csv
import dataclasses
import hashlib
import io

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cells import cell_text, is_blank
from .limits import FileProblem, ImportLimits, check_size
from .xlsx import read_xlsx, read_xlsx_sheets

# Reading files --------------------------------------------------------------------------
#
# A file is read as it streams, row by row (``csv.reader`` over the text; the worksheet's
# XML parsed element by element), and refused as soon as it passes a limit: a small file
# of a shape no table has (a million blank lines, a workbook that unpacks to millions of
# cells) costs a worker a second, not its memory or its timeout. The limits are settings
# (``ImportLimits.from_settings``), generous for real files.

FORMATS = ("csv", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive


# The encodings a CSV file may be read in: the name a person chooses (the admin's form,
# ``import_records --encoding``) -> Python's codec. Japanese Excel's "CSV" is Windows'
# Shift_JIS (cp932, with its extra characters such as ① and ㈱).
ENCODINGS = {"utf-8": "utf-8-sig", "shift_jis": "cp932"}
DEFAULT_ENCODING = "utf-8"
ENCODING_LABELS = {
    "utf-8": gettext_lazy("UTF-8"),
    "shift_jis": gettext_lazy("Shift_JIS (Japanese Excel)"),
}

# Files people upload by mistake, recognised by their first bytes.
FOREIGN_FILES = [
    (b"%PDF", gettext_lazy("This is a PDF document, not a table: upload a CSV or XLSX file.")),
    (b"\x89PNG", gettext_lazy("This is a PNG image, not a table: upload a CSV or XLSX file.")),
    (
        b"\xff\xd8\xff",
        gettext_lazy("This is a JPEG image, not a table: upload a CSV or XLSX file."),
    ),
    (b"GIF8", gettext_lazy("This is a GIF image, not a table: upload a CSV or XLSX file.")),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_lazy(
            "This is an old Excel (.xls) or Word file, not a table: save it as XLSX or "
            "CSV UTF-8 and upload that."
        ),
    ),
]


class NotUTF8(FileProblem):
    """A CSV file read as UTF-8 that is not: the message names the encoding choice of the
    admin's form; the command line words its own (``line`` says where)."""

    def __init__(self, line):
        self.line = line
        super().__init__(
            _(
                "Line %(line)s of the file is not UTF-8 text. If Japanese Excel saved it "
                "as CSV, choose the encoding “Shift_JIS (Japanese Excel)” and upload it "
                "again; or save it in Excel as “CSV UTF-8” or XLSX."
            )
            % {"line": line}
        )


def file_sha256(data=None, chunks=()):
    """The SHA-256 of what was received: ``data``, or ``chunks`` hashed as they come (an
    oversize upload is never held in memory whole)."""
    digest = hashlib.sha256()
    for chunk in [data] if data is not None else chunks:
        digest.update(chunk)
    return digest.hexdigest()


def read_file(
    data, name="", file_format=None, max_bytes=None, limits=None, encoding=DEFAULT_ENCODING
):
    """The table in an uploaded file, as a tablib Dataset, or a FileProblem saying why not.

    Accepts what people's spreadsheets write: CSV in UTF-8 with or without a byte-order
    mark, Windows line endings, and XLSX. The type is decided by the content, not the
    name: a spreadsheet saved under a .csv name is still read as what it is. ``limits``
    (an ``ImportLimits``; by default the settings') bound its size and shape;
    ``max_bytes``, when given, replaces the limit on bytes (0: none). ``encoding`` (a key
    of ENCODINGS) is a CSV file's; an XLSX workbook has its own.
    """
    limits = limits or ImportLimits.from_settings()
    if max_bytes is not None:
        limits = dataclasses.replace(limits, bytes=max_bytes)
    if not data:
        raise FileProblem(_("The file is empty."))
    check_size(len(data), limits.bytes)
    for signature, what in FOREIGN_FILES:
        if data.startswith(signature):
            raise FileProblem(str(what))
    detected = "xlsx" if data.startswith(ZIP_MAGIC) else "csv"
    if file_format and file_format != detected:
        if detected == "xlsx":
            message = _("The file was sent as %(format)s but its content is an XLSX workbook.")
        else:
            message = _("The file was sent as %(format)s but its content is not an XLSX workbook.")
        raise FileProblem(message % {"format": file_format.upper()})
    table = TableBuilder(limits)
    if detected == "xlsx":
        read_xlsx(data, table)
    else:
        read_csv(data, table, encoding)
    return table.dataset()


def read_workbook_sheets(data, limits=None):
    """Every worksheet of an XLSX workbook: [(name, hidden, Dataset, None for an empty
    sheet, or the FileProblem that refused it)]. Each sheet is held to the limits on rows,
    columns and cells as a file is; the workbook's size and what it unpacks to are
    checked once."""
    limits = limits or ImportLimits.from_settings()
    if not data.startswith(ZIP_MAGIC):
        raise FileProblem("The file is not an XLSX workbook.")
    sheets = []
    for sheet, table in read_xlsx_sheets(data, limits, lambda: TableBuilder(limits)):
        if isinstance(table, TableBuilder):
            try:
                table = table.dataset() if table.headers is not None else None
            except FileProblem as problem:
                table = problem
        sheets.append((sheet.name, sheet.hidden, table))
    return sheets


class TableBuilder:
    """Rows in as they are read, a Dataset out; the limits are checked on every row.

    Blank rows before the header and after the table go; blank rows inside the table
    stay, so that every row keeps its line number (the engine skips them). Blank rows are
    only counted until a row with something in it comes: a run of them costs no memory.
    """

    def __init__(self, limits):
        self.limits = limits
        self.headers = None
        self.body = []
        self.pending = 0  # blank rows since the last row with something in it
        self.blank = 0  # blank rows read, wherever they are

    def number(self):
        """The line number the next row gets (the header is row 1)."""
        return len(self.body) + self.pending + 2 if self.headers is not None else 1

    def add_blank(self, count=1):
        self.blank += count
        if self.limits.rows and self.blank > self.limits.rows:
            raise FileProblem(
                _(
                    "The file has more than %(limit)s empty rows; the limit is %(limit)s. "
                    "Delete the empty rows and upload it again."
                )
                % {"limit": f"{self.limits.rows:,}"}
            )
        if self.headers is not None:
            self.pending += count

    def check_cells(self, cells, first_column=1):
        """Cell length; ``cells`` is a row's cells from ``first_column`` on."""
        limit = self.limits.cell_chars
        if limit and cells and max(map(len, cells)) > limit:
            for column, cell in enumerate(cells, start=first_column):
                if len(cell) > limit:
                    raise FileProblem(
                        _(
                            "Row %(row)s, column %(column)s holds %(count)s characters; "
                            "the limit is %(limit)s characters a cell."
                        )
                        % {
                            "row": self.number(),
                            "column": f"{column:,}",
                            "count": f"{len(cell):,}",
                            "limit": f"{limit:,}",
                        }
                    )

    def check_column(self, column):
        """A value in ``column``: refused past the limit on columns."""
        limit = self.limits.columns
        if limit and column > limit:
            raise FileProblem(
                _("Row %(row)s has a value in column %(column)s; the limit is %(limit)s columns.")
                % {"row": self.number(), "column": f"{column:,}", "limit": f"{limit:,}"}
            )

    def add(self, cells):
        """A row with something in it (``cells``: its values, no wider than the limit on
        columns allows)."""
        if self.headers is None:
            headers = [cell_text(cell) for cell in cells]
            while headers and headers[-1] == "":
                headers.pop()
            self.headers = headers
            return
        width = len(self.headers)
        line = self.number()
        if self.limits.rows and line - 1 > self.limits.rows:
            raise FileProblem(
                _(
                    "The file has more than %(limit)s rows; the limit is %(limit)s. Split it "
                    "into smaller files."
                )
                % {"limit": f"{self.limits.rows:,}"}
            )
        cells = list(cells)
        if len(cells) > width and any(cell_text(cell) != "" for cell in cells[width:]):
            raise FileProblem(
                _(
                    "Row %(row)s has more cells than the header names (%(cells)s for "
                    "%(columns)s columns)."
                )
                % {"row": line, "cells": len(cells), "columns": width}
            )
        if self.pending:
            self.body.extend([[""] * width for _ in range(self.pending)])
            self.pending = 0
        self.body.append((cells + [""] * width)[:width])

    def dataset(self):
        if self.headers is None:
            raise FileProblem(_("The file is empty."))
        if not self.headers:
            raise FileProblem(_("The first row should name the columns, and it is empty."))
        return tablib.Dataset(*self.body, headers=self.headers)


def line_of(data, offset):
    """The line (from 1) holding byte ``offset``: a line feed is never part of a
    character in UTF-8 or Shift_JIS."""
    return data.count(b"\n", 0, offset) + 1


def is_utf8_text(data):
    """Whether ``data`` reads as UTF-8 with something beyond ASCII in it: what a Shift_JIS
    file practically never does, and a UTF-8 one read as Shift_JIS turns into mojibake."""
    if data.startswith(codecs.BOM_UTF8):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_csv(data, encoding=DEFAULT_ENCODING):
    """The text of a CSV file in ``encoding``, decoded strictly, or a FileProblem."""
    if encoding not in ENCODINGS:
        raise FileProblem(_("Unknown encoding: %(encoding)s.") % {"encoding": encoding})
    if encoding == "shift_jis" and is_utf8_text(data):
        raise FileProblem(
            _(
                "The file is UTF-8 text, not Shift_JIS: choose the encoding “UTF-8” and "
                "upload it again."
            )
        )
    try:
        return data.decode(ENCODINGS[encoding])
    except UnicodeDecodeError as error:
        line = line_of(error.object, error.start)
        if encoding == DEFAULT_ENCODING:
            raise NotUTF8(line) from None
        raise FileProblem(
            _(
                "Line %(line)s of the file is not Shift_JIS text. Check which encoding the "
                "file was saved in, or save it in Excel as “CSV UTF-8” or XLSX."
            )
            % {"line": line}
        ) from None


def read_csv(data, table, encoding=DEFAULT_ENCODING):
    text = decode_csv(data, encoding)
    if "\x00" in text:
        raise FileProblem(_("The file is not a text table (CSV) or an XLSX workbook."))
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = table.limits.columns
    try:
        for row in reader:
            table.check_cells(row)
            if not any(row) or is_blank(row):  # a CSV row's cells are text
                table.add_blank()
                continue
            if columns and len(row) > columns:
                extra = [i for i, cell in enumerate(row[columns:], columns + 1) if cell_text(cell)]
                if extra:
                    table.check_column(extra[0])
                del row[columns:]
            table.add(row)
    except csv.Error as problem:
        if "field larger than field limit" in str(problem):
            raise FileProblem(
                _(
                    "Row %(row)s holds a cell of more than %(count)s characters; the limit "
                    "is %(limit)s."
                )
                % {
                    "row": table.number(),
                    "count": f"{csv.field_size_limit():,}",
                    "limit": f"{table.limits.cell_chars or csv.field_size_limit():,}",
                }
            ) from None
        raise FileProblem(
            _("The file is not a readable CSV table: %(problem)s.") % {"problem": problem}
        ) from None
