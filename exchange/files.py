"""Reading an uploaded table (CSV or XLSX) into rows, within limits, and the cell
conventions every file shares.

Files are what a person reads in a spreadsheet: natural keys instead of database ids,
many-to-many values separated by "|", dates at their precision. A file is read as it
streams, with limits on its size, rows, columns and cells (``ImportLimits``); a file
that breaks one is refused with a ``FileProblem`` naming the limit. XLSX is read by
exchange/xlsx.py.
"""

import csv
import dataclasses
import hashlib
import io

import tablib

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


# Files people upload by mistake, recognised by their first bytes.
FOREIGN_FILES = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file: save it as XLSX or CSV UTF-8"),
]


def file_sha256(data=None, chunks=()):
    """The SHA-256 of what was received: ``data``, or ``chunks`` hashed as they come (an
    oversize upload is never held in memory whole)."""
    digest = hashlib.sha256()
    for chunk in [data] if data is not None else chunks:
        digest.update(chunk)
    return digest.hexdigest()


def read_file(data, name="", file_format=None, max_bytes=None, limits=None):
    """The table in an uploaded file, as a tablib Dataset, or a FileProblem saying why not.

    Accepts what people's spreadsheets write: CSV in UTF-8 with or without a byte-order
    mark, Windows line endings, and XLSX. The type is decided by the content, not the
    name: a spreadsheet saved under a .csv name is still read as what it is. ``limits``
    (an ``ImportLimits``; by default the settings') bound its size and shape;
    ``max_bytes``, when given, replaces the limit on bytes (0: none).
    """
    limits = limits or ImportLimits.from_settings()
    if max_bytes is not None:
        limits = dataclasses.replace(limits, bytes=max_bytes)
    if not data:
        raise FileProblem("The file is empty.")
    check_size(len(data), limits.bytes)
    for signature, what in FOREIGN_FILES:
        if data.startswith(signature):
            raise FileProblem(f"This is {what}, not a table: upload a CSV or XLSX file.")
    detected = "xlsx" if data.startswith(ZIP_MAGIC) else "csv"
    if file_format and file_format != detected:
        raise FileProblem(
            f"The file was sent as {file_format.upper()} but its content is "
            f"{'an XLSX workbook' if detected == 'xlsx' else 'not an XLSX workbook'}."
        )
    table = TableBuilder(limits)
    if detected == "xlsx":
        read_xlsx(data, table)
    else:
        read_csv(data, table)
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
                f"The file has more than {self.limits.rows:,} empty rows; the limit is "
                f"{self.limits.rows:,}. Delete the empty rows and upload it again."
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
                        f"Row {self.number()}, column {column:,} holds {len(cell):,} "
                        f"characters; the limit is {limit:,} characters a cell."
                    )

    def check_column(self, column):
        """A value in ``column``: refused past the limit on columns."""
        limit = self.limits.columns
        if limit and column > limit:
            raise FileProblem(
                f"Row {self.number()} has a value in column {column:,}; the limit is "
                f"{limit:,} columns."
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
                f"The file has more than {self.limits.rows:,} rows; the limit is "
                f"{self.limits.rows:,}. Split it into smaller files."
            )
        cells = list(cells)
        if len(cells) > width and any(cell_text(cell) != "" for cell in cells[width:]):
            raise FileProblem(
                f"Row {line} has more cells than the header names ({len(cells)} for "
                f"{width} columns)."
            )
        if self.pending:
            self.body.extend([[""] * width for _ in range(self.pending)])
            self.pending = 0
        self.body.append((cells + [""] * width)[:width])

    def dataset(self):
        if self.headers is None:
            raise FileProblem("The file is empty.")
        if not self.headers:
            raise FileProblem("The first row should name the columns, and it is empty.")
        return tablib.Dataset(*self.body, headers=self.headers)


def read_csv(data, table):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "The file is not UTF-8 text. In Excel or LibreOffice, save it as "
            "“CSV UTF-8” (or upload the XLSX workbook)."
        ) from None
    if "\x00" in text:
        raise FileProblem("The file is not a text table (CSV) or an XLSX workbook.")
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
                f"Row {table.number()} holds a cell of more than {csv.field_size_limit():,} "
                f"characters; the limit is {table.limits.cell_chars or csv.field_size_limit():,}."
            ) from None
        raise FileProblem(f"The file is not a readable CSV table: {problem}.") from None
