"""The import engine and the spreadsheet conventions every resource shares.

Files are what a person reads in a spreadsheet: natural keys (slugs, ISO codes) instead
of database ids, many-to-many values separated by "|", dates at their precision
("2008-03", "2013-09-26", "2015"), headers as the admin labels them.

``RecordResource.import_data`` replaces django-import-export's row-by-row import (one
savepoint, several queries and a deep copy per row: about 350 rows a second) with a
planned one, still returning the library's ``Result`` so the admin's upload, preview and
confirm pages work unchanged:

1. the headers are matched to columns (case and spacing do not matter); an unknown or
   missing required column refuses the whole file;
2. every cell is parsed by its column's widget; a reference to a country, series,
   programme, theme or person that does not exist is an error on that row and column
   (the library's own widgets would silently drop an unknown many-to-many value);
3. every row runs the model's own rules (``full_clean``) in memory; uniqueness (inside
   the file and against the database) is checked for all rows at once;
4. only when no row has an error is anything written: ``bulk_create``, ``bulk_update``
   and the many-to-many links, in one transaction. One bad row, nothing written.
   Records that keep a history (meetings, participations, programmes, discussions) get
   a version each in the same transaction, in bulk, naming the importing user (none on
   the command line) and the reason "Imported from <file name>".

Related records are read once per import (one query per referenced model), so the
number of queries does not grow with the number of rows.
"""

import csv
import dataclasses
import datetime
import hashlib
import io
import itertools
import logging
import operator
import re
from collections import defaultdict
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from import_export import fields, resources, widgets
from import_export.results import Error, RowResult
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse  # defusedxml's when installed, as openpyxl's
from simple_history.utils import get_history_model_for_model

from core.dates import DatePrecision, iso_partial

from .publishing import content_changed

logger = logging.getLogger(__name__)

M2M_SEPARATOR = "|"

# OWASP: a cell a spreadsheet would run as a formula. Escaped on export with a leading
# apostrophe (which spreadsheets hide), unescaped on import so a round trip is lossless.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset("".join(FORMULA_TRIGGERS) + "'")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

# How many rows show their differences in a preview; beyond, the counts are enough.
DIFF_ROW_LIMIT = 1000


def escape_formula(value):
    """``=SUM(A1)`` -> ``'=SUM(A1)``; a plain negative number such as ``-5`` stays usable.

    Text that already starts with apostrophes before a formula character gets one more,
    so that unescaping gives it back exactly.
    """
    if not value or not isinstance(value, str) or value[0] not in FORMULA_STARTS:
        return value  # nearly every cell: one look at its first character
    if value.lstrip("'").startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def unescape_formula(value):
    escaped = isinstance(value, str) and value[:1] == "'"
    if escaped and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_header(header):
    return " ".join(str(header or "").replace("\ufeff", "").split()).casefold()


def cell_text(value):
    """A cell as text: spreadsheets hand over numbers and dates as such."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    # Control characters (other than tab and line breaks) are never meant: drop them.
    return unescape_formula(CONTROL_CHARACTERS.sub("", str(value)).strip())


class FileProblem(Exception):
    """Something wrong with the file as a whole: nothing is imported."""


# Reading files --------------------------------------------------------------------------
#
# A file is read as it streams, row by row (``csv.reader`` over the text; the worksheet's
# XML parsed element by element), and refused as soon as it passes a limit: a small file
# of a shape no table has (a million blank lines, a workbook that unpacks to millions of
# cells) costs a worker a second, not its memory or its timeout. The limits are settings
# (``ImportLimits.from_settings``), generous for real files.

FORMATS = ("csv", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive


def max_import_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024)


@dataclass(frozen=True)
class ImportLimits:
    """What a file may hold; 0 lifts a limit.

    ``rows``: rows under the header (blank rows inside the table count: they keep the
    line numbers); blank rows before the header or after the table are not kept, and at
    most ``rows`` of them are read. ``columns``: the last column holding a value.
    ``cell_chars``: characters in one cell. ``xlsx_cells``: cells a worksheet holds,
    empty ones included. ``xlsx_xml_bytes``: what the workbook's XML unpacks to (a zip
    bomb is refused before anything is unpacked).
    """

    bytes: int = 5 * 1024 * 1024
    rows: int = 50_000
    columns: int = 100
    cell_chars: int = 100_000
    xlsx_cells: int = 1_000_000
    xlsx_xml_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_settings(cls, **overrides):
        defaults = cls()
        values = {
            name: getattr(settings, f"IMPORT_MAX_{name.upper()}", getattr(defaults, name))
            for name in ("bytes", "rows", "columns", "cell_chars", "xlsx_cells", "xlsx_xml_bytes")
        }
        return cls(**(values | overrides))

    @classmethod
    def for_backup(cls):
        """A whole-site backup read on the command line (``import_site``): it is as large
        as the record, so bytes, rows and cell length are not limited; its columns and
        XLSX shape never come near the limits, which stay."""
        return cls.from_settings(bytes=0, rows=0, cell_chars=0)


# Files people upload by mistake, recognised by their first bytes.
FOREIGN_FILES = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file: save it as XLSX or CSV UTF-8"),
]


def human_size(size):
    if size < 1024:
        return f"{size} bytes"
    if size < 1_048_576:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1_048_576:.1f} MB"


def check_size(size, max_bytes=None):
    """Refuse a file over the limit (None: the IMPORT_MAX_BYTES setting; 0: no limit)."""
    # The upload limit protects the web site; the command line may lift it.
    limit = max_import_bytes() if max_bytes is None else max_bytes
    if limit and size > limit:
        raise FileProblem(
            f"The file is {human_size(size)}; the limit is {human_size(limit)}. "
            "Split it into smaller files."
        )


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


def is_blank(cells):
    return all(cell_text(cell) == "" for cell in cells)


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


# XLSX: openpyxl's reader, driven element by element. ``openpyxl.load_workbook`` (even
# read-only) is not used for the worksheet: it looks for the sheet's declared size
# through the whole sheet when the size is missing (a 57 KB workbook of empty rows took
# 500 MB and 8 s before the first row), pads every row to the declared size (a cell at
# XFD1048576 makes each row 16,384 cells) and builds a whole row before handing it over.
# Here the parts are checked for their unpacked size first, then the shared strings and
# the sheet are parsed as they stream, each element dropped once read, and every cell is
# counted as it comes; the values are openpyxl's own (its cell parser: numbers, dates,
# shared and inline strings, booleans), for openpyxl 3.1 (pinned in requirements.txt).

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_CELL, XLSX_ROW, XLSX_DATA = f"{SHEET_NS}c", f"{SHEET_NS}row", f"{SHEET_NS}sheetData"
XLSX_STRING, XLSX_TEXT, XLSX_RUN = f"{SHEET_NS}si", f"{SHEET_NS}t", f"{SHEET_NS}r"
XLSX_MAX_DEPTH = 16  # worksheet > sheetData > row > c > is > r > t is 7 deep
XLSX_MAX_CELL_PARTS = 10_000  # XML elements in one cell (rich text runs)


def read_xlsx(data, table):
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileProblem("The file is not a readable XLSX workbook.") from None
    archive = reader.archive
    try:
        check_unpacked_size(archive, table.limits)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(archive, reader.wb)
        sheet_path = first_worksheet(reader)
        strings = read_shared_strings(reader, table.limits)
        with archive.open(sheet_path) as source:
            parser = WorkSheetParser(
                source,
                strings,
                data_only=True,
                epoch=reader.wb.epoch,
                date_formats=reader.wb._date_formats,
                timedelta_formats=reader.wb._timedelta_formats,
            )
            read_sheet(source, parser, table)
    except FileProblem:
        raise
    except Exception:
        raise FileProblem("The file is not a readable XLSX workbook.") from None
    finally:
        archive.close()


def check_unpacked_size(archive, limits):
    """Refuse a zip bomb before unpacking anything: the parts openpyxl reads (XML) may
    not unpack to more than the limit. (A zip entry never yields more than the size it
    declares: Python's zipfile stops there.)"""
    parts = [i for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels"))]
    unpacked = sum(info.file_size for info in parts)
    limit = limits.xlsx_xml_bytes
    if limit and unpacked > limit:
        raise FileProblem(
            f"The workbook unpacks to {human_size(unpacked)}; the limit is "
            f"{human_size(limit)}. Save it as CSV or split it into smaller files."
        )


def first_worksheet(reader):
    for _sheet, relation in reader.parser.find_sheets():
        if relation.target in reader.valid_files and "chartsheet" not in relation.Type:
            return relation.target
    raise FileProblem("The workbook has no worksheet.")


def unreadable():
    return FileProblem("The file is not a readable XLSX workbook.")


def element_budget(limits):
    """XML elements a workbook part within the limits needs, at most: a cell is 2 or 3
    (c, v; or c, is, t), a row one more, and what comes before the cells (views, column
    widths) a few thousand."""
    return 4 * limits.xlsx_cells + 20_000 if limits.xlsx_cells else 0


def too_many_elements(budget):
    return FileProblem(
        f"The workbook holds more than {budget:,} XML elements: more than a table within "
        "the limits needs. Split it into smaller files."
    )


def bounded_events(source, limits):
    """iterparse's (event, element) of an XML part, with the open elements (``stack``:
    pushed at a start, popped at an end): no more elements than a table within the
    limits needs, none nested deeper than a workbook's."""
    budget, seen = element_budget(limits), 0
    stack = []
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            seen += 1
            if budget and seen > budget:
                raise too_many_elements(budget)
            if len(stack) >= XLSX_MAX_DEPTH:
                raise unreadable()
            stack.append(element)
        else:
            stack.pop()
        yield event, element, stack


def drop(element, stack):
    """Free an element once read (by then its parent's only child)."""
    element.clear()
    if stack:
        stack[-1].remove(element)


def read_shared_strings(reader, limits):
    """The workbook's shared strings (what openpyxl's ``read_string_table`` returns), read
    as they stream: no more of them than the worksheet may have cells, none longer than a
    cell may be. Each element is dropped once read: memory holds the strings only."""
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings = []
    inside = 0  # elements in the <si> being read
    with reader.archive.open(part.PartName[1:]) as source:
        for event, element, stack in bounded_events(source, limits):
            if event == "start":
                if inside or element.tag == XLSX_STRING:
                    inside += 1
                    if inside > XLSX_MAX_CELL_PARTS:
                        raise unreadable()
                continue
            if element.tag == XLSX_STRING and inside:
                # The text: a plain <t>, or the <t> of each rich text run (<r>); phonetic
                # runs (<rPh>) are not the text.
                pieces = [element.findtext(XLSX_TEXT) or ""]
                pieces += [run.findtext(XLSX_TEXT) or "" for run in element.iterfind(XLSX_RUN)]
                text = "".join(pieces).replace("x005F_", "")
                if limits.cell_chars and len(text) > limits.cell_chars:
                    raise FileProblem(
                        f"A text of the workbook holds {len(text):,} characters; the limit "
                        f"is {limits.cell_chars:,} characters a cell."
                    )
                strings.append(text)
                if limits.xlsx_cells and len(strings) > limits.xlsx_cells:
                    raise_too_many_cells(limits)
                inside = 0
            if not inside:
                drop(element, stack)
    return strings


def raise_too_many_cells(limits):
    raise FileProblem(
        f"The worksheet has more than {limits.xlsx_cells:,} cells (empty ones included); "
        f"the limit is {limits.xlsx_cells:,}. Split it into smaller files."
    )


def read_sheet(source, parser, table):
    """Feed the worksheet's rows to ``table`` as they stream; stop at the end of the
    cells (nothing after them is the table's). Each element is dropped once read (a cell
    once parsed, a row once handed over): memory holds one row."""
    limits = table.limits
    cells_seen = 0
    row_number = 0  # the worksheet's own numbering (1 = its first row)
    row = None  # {column: value} of the row being read
    inside, cell_depth = 0, 0  # elements in the <c> being read, and its depth
    in_data = False
    for event, element, stack in bounded_events(source, limits):
        if event == "start":
            tag = element.tag
            if inside:
                inside += 1
                if inside > XLSX_MAX_CELL_PARTS:
                    raise unreadable()
            elif tag == XLSX_CELL and row is not None:
                inside, cell_depth = 1, len(stack)
            elif tag == XLSX_ROW and in_data and row is None:
                number = element.get("r")
                number = int(float(number)) if number else row_number + 1
                if number <= row_number:
                    raise unreadable()
                if number > row_number + 1:  # rows the sheet leaves out are blank
                    table.add_blank(number - row_number - 1)
                row_number = number
                parser.row_counter, parser.col_counter = number, 0
                row = {}
            elif tag == XLSX_DATA:
                in_data = True
            continue
        tag = element.tag
        if inside:
            if len(stack) >= cell_depth:
                continue  # a part of the cell: the cell's parser reads it
            inside = 0
            cells_seen += 1
            if limits.xlsx_cells and cells_seen > limits.xlsx_cells:
                raise_too_many_cells(limits)
            cell = parser.parse_cell(element)
            value, column = cell["value"], cell["column"]
            if value is not None and value != "":
                if isinstance(value, str):
                    table.check_cells([value], first_column=column)
                if limits.columns and column > limits.columns:
                    if cell_text(value) != "":
                        table.check_column(column)
                else:
                    row[column] = value
        elif tag == XLSX_ROW and row is not None:
            cells = [None] * max(row, default=0)
            for column, value in row.items():
                cells[column - 1] = value
            if is_blank(cells):
                table.add_blank()
            else:
                table.add(cells)
            row = None
        elif tag == XLSX_DATA:
            return
        drop(element, stack)


# Widgets: cell text <-> value, with messages a person understands --------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NullTextWidget(TextWidget):
    """Text whose empty cell is stored as NULL: a unique name with no Japanese yet."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value) or None


class CodeWidget(TextWidget):
    """A code such as an ISO country code: "vn" in a file is "VN"."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper()


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ValueError(f"“{text}” is not a whole number.") from None
        if not number.is_integer():
            raise ValueError(f"“{text}” is not a whole number.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "yes", "y", "x"}
    FALSE = {"0", "false", "no", "n", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{cell_text(value)}” is not yes or no.")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """A closed list: the stored value or its label, in any letter case."""

    def __init__(self, choices, **kwargs):
        self.labels = {str(key): str(label) for key, label in choices}
        self.lookup = {}
        for key, label in self.labels.items():
            self.lookup[key.casefold()] = key
            self.lookup[label.casefold()] = key
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            allowed = ", ".join(self.labels)
            raise ValueError(f"“{text}” is not one of: {allowed}.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if text == "":
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a date written as YYYY-MM-DD.") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DateTimeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            text = cell_text(value)
            if text == "":
                return None
            moment = parse_datetime(text.replace(" ", "T", 1))
            if moment is None:
                raise ValueError(f"“{text}” is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00).")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment

    def render(self, value, obj=None, **kwargs):
        return value.astimezone(datetime.UTC).isoformat() if value else ""


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class PartialDateWidget(widgets.Widget):
    """ "2015", "2008-03" or "2013-09-26": a date and the precision it is known to."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.date | datetime.datetime):
            day = value.date() if isinstance(value, datetime.datetime) else value
            return day, DatePrecision.DAY
        text = cell_text(value)
        if text == "":
            return None
        match = PARTIAL_DATE.match(text)
        try:
            if not match:
                raise ValueError
            year, month, day = match.groups()
            if day is not None:
                return datetime.date(int(year), int(month), int(day)), DatePrecision.DAY
            if month is not None:
                return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
            return datetime.date(int(year), 1, 1), DatePrecision.YEAR
        except ValueError:
            raise ValueError(
                f"“{text}” is not a date: write 2015, 2008-03 or 2013-09-26."
            ) from None

    @staticmethod
    def render_partial(day, precision):
        return iso_partial(day, precision)


class KeyWidget(widgets.ForeignKeyWidget):
    """A reference by natural key (a slug, an ISO code); unknown keys are errors.

    The referenced table is read once per import, not once per row.
    """

    def __init__(self, model, field, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.reset()

    def reset(self):
        self._by_key = None

    def by_key(self):
        if self._by_key is None:
            self._by_key = {str(getattr(obj, self.field)): obj for obj in self.model.objects.all()}
        return self._by_key

    def normalise(self, text):
        return text.upper() if self.field == "code" else text

    def clean(self, value, row=None, **kwargs):
        text = self.normalise(cell_text(value))
        if text == "":
            return None
        try:
            return self.by_key()[text]
        except KeyError:
            name = self.model._meta.verbose_name
            raise ValueError(f"No {name} has the {self.field} “{text}”.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class KeysWidget(KeyWidget):
    """Many references separated by "|"; every unknown key is named in the error."""

    def clean(self, value, row=None, **kwargs):
        keys = [self.normalise(part.strip()) for part in cell_text(value).split(M2M_SEPARATOR)]
        keys = list(dict.fromkeys(key for key in keys if key))
        known = self.by_key()
        unknown = [key for key in keys if key not in known]
        if unknown:
            name = self.model._meta.verbose_name_plural
            listed = ", ".join(f"“{key}”" for key in unknown)
            raise ValueError(f"No {name} with the {self.field} {listed}.")
        return [known[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        objects = value.all() if hasattr(value, "all") else (value or [])
        return M2M_SEPARATOR.join(sorted(str(getattr(o, self.field)) for o in objects))


# Fields --------------------------------------------------------------------------------


class Column(fields.Field):
    """A column of a file: reads a cell into the model, writes the model into a cell."""

    def assign(self, instance, value):
        setattr(instance, self.attribute, value)

    def current(self, instance):
        return getattr(instance, self.attribute)

    def text(self, instance):
        return self.widget.render(self.current(instance))

    def is_m2m(self):
        return isinstance(self.widget, KeysWidget)

    # Export reads plain values (``values_list``), not model instances: building an
    # instance per row cost more than everything else the export does.
    def export_lookups(self):
        """The ``values_list`` lookups this column's cell is made from."""
        if isinstance(self.widget, KeyWidget):  # the natural key, through a join
            return [f"{self.attribute}__{self.widget.field}"]
        return [self.attribute]

    def export_reader(self, at, model):
        """A function giving this column's cell text (as ``text`` would) from a row of
        ``export_lookups`` values, which start at position ``at`` of the row."""
        if isinstance(self.widget, KeyWidget):
            return lambda row: "" if row[at] is None else str(row[at])
        if isinstance(self.widget, TextWidget) and not model._meta.get_field(self.attribute).null:
            return operator.itemgetter(at)  # text already, never None: the value is the cell
        render = self.widget.render
        return lambda row: render(row[at])


class PartialDateColumn(Column):
    """The start date and its precision, in one cell: "2008-03" is March 2008."""

    def __init__(self, attribute, precision_attribute, **kwargs):
        self.precision_attribute = precision_attribute
        super().__init__(attribute=attribute, widget=PartialDateWidget(), **kwargs)

    def assign(self, instance, value):
        day, precision = value if value else (None, DatePrecision.DAY)
        setattr(instance, self.attribute, day)
        setattr(instance, self.precision_attribute, precision)

    def current(self, instance):
        return getattr(instance, self.attribute), getattr(instance, self.precision_attribute)

    def text(self, instance):
        return PartialDateWidget.render_partial(*self.current(instance))

    def export_lookups(self):
        return [self.attribute, self.precision_attribute]

    def export_reader(self, at, model):
        render = PartialDateWidget.render_partial
        return lambda row: render(row[at], row[at + 1])

    def get_value(self, instance):
        return self.current(instance)

    def export(self, instance, **kwargs):
        return self.text(instance)


# Resource base -------------------------------------------------------------------------

# How files name a row of each model that other files refer to. (Labels, not imports:
# meetings may not import programmes.)
NATURAL_KEYS = {
    "meetings.country": "code",
    "meetings.meetingseries": "slug",
    "meetings.meeting": "slug",
    "meetings.organisation": "slug",
    "meetings.person": "slug",
    "programmes.theme": "slug",
    "programmes.fund": "slug",
    "programmes.programme": "slug",
}


def natural_key_field(model):
    return NATURAL_KEYS[model._meta.label_lower]


# English and Japanese: a translated field (django-modeltranslation, the apps'
# translation.py) has a column per language, "Title (English)" and "Title (Japanese)"
# (also read under their attribute names, title_en and title_ja). A file of before, with
# one "Title" column, is read as English: an English-only file still imports, and leaves
# the Japanese texts as they are.


def translated_field_of(django_field):
    """The field a translation column is made from (``title`` for ``title_ja``), or None."""
    return getattr(django_field, "translated_field", None)


def column_name_of(django_field):
    """ "Title", or "Title (English)" / "Title (Japanese)" for a translation column."""
    original = translated_field_of(django_field)
    if original is None:
        return capfirst(str(django_field.verbose_name))
    language = get_language_info(django_field.language)["name"]
    return f"{capfirst(str(original.verbose_name))} ({language})"


def header_aliases(django_field):
    """Other headers a column is read under: the English column of a translated field
    also under the field's own header and name ("Title", "title")."""
    original = translated_field_of(django_field)
    default = getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", settings.LANGUAGE_CODE)
    if original is None or django_field.language != default:
        return ()
    return (capfirst(str(original.verbose_name)), original.name)


class RecordResource(resources.ModelResource):
    """A model's file format and the all-or-nothing import engine described above."""

    #: the column(s) a file names each row by
    natural_key = ()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        column = Column(
            attribute=field_name,
            column_name=column_name_of(django_field),
            widget=cls.widget_for(django_field),
            readonly=readonly,
        )
        column.aliases = header_aliases(django_field)
        return column

    @classmethod
    def widget_for(cls, django_field):
        if django_field.many_to_many:
            model = django_field.related_model
            return KeysWidget(model, natural_key_field(model))
        if django_field.many_to_one:
            model = django_field.related_model
            return KeyWidget(model, natural_key_field(model))
        if django_field.choices:
            return ChoiceWidget(django_field.choices)
        if isinstance(django_field, models.BooleanField):
            return BooleanWidget()
        if isinstance(django_field, models.IntegerField):
            return IntegerWidget()
        if isinstance(django_field, models.DateTimeField):
            return DateTimeWidget()
        if isinstance(django_field, models.DateField):
            return DateWidget()
        if translated_field_of(django_field) and django_field.empty_value is None:
            return NullTextWidget()
        return TextWidget()

    def get_import_id_fields(self):
        return list(self.natural_key)

    # Export ---------------------------------------------------------------------------

    def export_columns(self):
        return [field for field in self.get_export_fields() if isinstance(field, Column)]

    def export_headers(self):
        return [field.column_name for field in self.export_columns()]

    def iter_rows(self, queryset=None, chunk_size=2000, escape=True):
        """Header then rows of cell texts, streamed: memory does not grow with the rows.

        Each chunk of ``chunk_size`` rows is one ``values_list`` read (references by
        their natural key, joined) plus one read of its links per many-to-many column.
        ``escape``: make cells safe to open in a spreadsheet (``escape_formula``); off
        for formats that say a cell is text (the site export's JSON and XLSX).
        """
        columns = self.export_columns()
        yield [column.column_name for column in columns]
        queryset = self.get_queryset() if queryset is None else queryset
        model = self._meta.model
        m2m_columns = [column for column in columns if column.is_m2m()]
        links = {}  # the current chunk's links: {attribute: {pk: cell text}}
        lookups, readers = ["pk"], []
        for column in columns:
            if column.is_m2m():
                attribute = column.attribute
                readers.append(lambda row, a=attribute: links[a].get(row[0], ""))
            else:
                readers.append(column.export_reader(len(lookups), model))
                lookups += column.export_lookups()
        cell = escape_formula if escape else str
        if hasattr(queryset, "rewrite"):
            # The lookups name each language's column: modeltranslation need not rewrite
            # them, nor pass every row through its fallback (a dict per row).
            queryset = queryset.rewrite(False)
        rows = queryset.values_list(*lookups).iterator(chunk_size=chunk_size)
        while chunk := list(itertools.islice(rows, chunk_size)):
            links.update(self.export_links(m2m_columns, [row[0] for row in chunk]))
            for row in chunk:
                yield [cell(read(row)) for read in readers]

    def export_links(self, m2m_columns, pks):
        """{attribute: {pk: "key|key"}} for the rows ``pks``: one query per column.

        Plain SQL: the ORM's preparation of a 2,000-value ``IN`` list cost as much as the
        query itself.
        """
        quote = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(pks))
        links = {}
        for column in m2m_columns:
            field = self._meta.model._meta.get_field(column.attribute)
            through = field.remote_field.through._meta
            source = through.get_field(field.m2m_field_name()).column
            target = through.get_field(field.m2m_reverse_field_name())
            related = target.related_model._meta
            key = related.get_field(column.widget.field).column
            keys = defaultdict(list)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT lnk.{quote(source)}, rel.{quote(key)} "  # noqa: S608
                    f"FROM {quote(through.db_table)} lnk JOIN {quote(related.db_table)} rel "
                    f"ON rel.{quote(related.pk.column)} = lnk.{quote(target.column)} "
                    f"WHERE lnk.{quote(source)} IN ({marks})",
                    pks,
                )
                for pk, found in cursor.fetchall():
                    keys[pk].append(str(found))
            links[column.attribute] = {
                pk: M2M_SEPARATOR.join(sorted(found)) for pk, found in keys.items()
            }
        return links

    def export(self, queryset=None, **kwargs):
        # The admin's export: the same cells and escaping as the commands and downloads.
        rows = self.iter_rows(queryset)
        dataset = tablib.Dataset(headers=next(rows))
        for row in rows:
            dataset.append(row)
        return dataset

    def get_export_headers(self, selected_fields=None):
        return self.export_headers()

    # Import ---------------------------------------------------------------------------

    def import_columns(self):
        return [f for f in self.get_import_fields() if isinstance(f, Column) and not f.readonly]

    def required_columns(self):
        """Columns a file must have: the natural key and every field a new row needs."""
        required = {self.fields[name].column_name for name in self.natural_key}
        for column in self.import_columns():
            names = [column.attribute]
            if isinstance(column, PartialDateColumn):
                names = [column.attribute]
            for name in names:
                try:
                    field = self._meta.model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                # A translation column's default and nullability are the same in every
                # language (an empty text): its field's say whether a new row needs it.
                source = translated_field_of(field) or field
                if not (field.blank or source.has_default() or source.null):
                    required.add(column.column_name)
        return required

    def match_headers(self, headers):
        """The file's headers as columns; unknown, missing or repeated ones refuse it."""
        by_name = {}
        for column in self.import_columns():
            by_name[normalise_header(column.column_name)] = column
            by_name.setdefault(normalise_header(column.attribute), column)
        for column in self.import_columns():
            for alias in getattr(column, "aliases", ()):
                by_name.setdefault(normalise_header(alias), column)
        readonly = {normalise_header(f.column_name) for f in self.get_export_fields()}
        matched, unknown, seen = [], [], {}
        for position, header in enumerate(headers):
            key = normalise_header(header)
            if key == "":
                matched.append(None)
                continue
            column = by_name.get(key)
            if column is None:
                if key not in readonly:
                    unknown.append(str(header).strip())
                matched.append(None)
                continue
            if column.column_name in seen:
                raise FileProblem(
                    f"The column “{column.column_name}” appears twice "
                    f"(columns {seen[column.column_name] + 1} and {position + 1})."
                )
            seen[column.column_name] = position
            matched.append(column)
        if unknown:
            expected = ", ".join(c.column_name for c in self.import_columns())
            raise FileProblem(
                f"Unknown column{'s' if len(unknown) > 1 else ''}: "
                f"{', '.join(unknown)}. The columns are: {expected}."
            )
        missing = sorted(self.required_columns() - set(seen))
        if missing:
            raise FileProblem(f"Missing required column(s): {', '.join(missing)}.")
        return matched

    def reset_caches(self):
        for field in self.fields.values():
            if isinstance(field.widget, KeyWidget):
                field.widget.reset()

    def existing_instances(self, key_values):
        """{natural key tuple: instance} for the rows the file names, in one query."""
        names = list(self.natural_key)
        model = self._meta.model
        # Keys of several columns are narrowed by the first and matched here.
        firsts = {key[0] for key in key_values}
        related = [
            c.attribute
            for c in self.import_columns()
            if isinstance(c.widget, KeyWidget) and not c.is_m2m()
        ]
        found = model.objects.filter(**{f"{names[0]}__in": firsts}).select_related(*related)
        return {self.key_of(instance): instance for instance in found}

    def key_of(self, instance):
        parts = []
        for name in self.natural_key:
            field = self._meta.model._meta.get_field(name)
            parts.append(getattr(instance, field.attname))
        return tuple(parts)

    def key_from_values(self, values):
        return tuple(
            value.pk if isinstance(value, models.Model) else value
            for value in (values[name] for name in self.natural_key)
        )

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Plan every row, then write all of them or none. See the module docstring."""
        result = self.get_result_class()()
        self.reset_caches()
        try:
            columns = self.match_headers(dataset.headers or [])
            present = [c for c in columns if c is not None]
            result.diff_headers = [c.column_name for c in present]
            rows = self.data_rows(dataset, columns)
            if not rows:
                raise FileProblem("The file has no rows to import.")
        except FileProblem as problem:
            result.append_base_error(Error(problem))
            return result
        result.total_rows = len(rows)

        plans = self.plan_rows(rows, present, with_diff=len(rows) <= DIFF_ROW_LIMIT)
        self.check_uniqueness(plans)

        for plan in plans:
            if plan.errors:
                error = ValidationError(dict(plan.errors.items()))
                result.append_invalid_row(plan.number, plan.cells, error)
                row_result = RowResult()
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = error
                result.increment_row_result_total(row_result)
            else:
                result.increment_row_result_total(plan.row_result)
                result.append_row_result(plan.row_result)

        if result.has_validation_errors() or dry_run:
            return result
        user = kwargs.get("user")
        try:
            self.write(
                plans,
                user=user if getattr(user, "is_authenticated", False) else None,
                reason=history_reason(kwargs.get("file_name")),
            )
        except DatabaseError as error:
            result.append_base_error(
                Error(FileProblem(f"The database refused the import; nothing was written: {error}"))
            )
            return result
        # Bulk writes send no model signals: tell the page cache itself.
        content_changed(sender=self._meta.model)
        analyze_tables([self._meta.model])  # fresh statistics, once committed
        keep_instances = kwargs.get("retain_instance_in_row_result", False)
        for plan in plans:
            if keep_instances:  # the library's admin asks for them (log entries)
                plan.row_result.instance = plan.instance
        return result

    def data_rows(self, dataset, columns):
        """(line number in the file, {column name: cell}) for every row that is not empty."""
        rows = []
        for index, values in enumerate(dataset, start=2):  # line 1 is the header
            if all(cell_text(value) == "" for value in values):
                continue  # trailing or spacer rows a spreadsheet leaves behind
            cells = {}
            for column, value in zip(columns, values, strict=False):
                if column is not None:
                    cells[column.column_name] = value
            rows.append((index, cells))
        return rows

    def plan_rows(self, rows, columns, with_diff):
        key_columns = [self.fields[name] for name in self.natural_key]
        parsed_rows = []
        for number, cells in rows:
            values, errors = {}, {}
            for column in columns:
                try:
                    values[column.attribute] = column.widget.clean(cells[column.column_name])
                except (ValueError, ArithmeticError, ValidationError) as problem:
                    message = (
                        problem.messages if isinstance(problem, ValidationError) else [str(problem)]
                    )
                    errors[column.column_name] = message
            for column in key_columns:
                if column.column_name not in errors and values.get(column.attribute) in (
                    None,
                    "",
                ):
                    errors[column.column_name] = ["Every row needs a value here."]
            parsed_rows.append((number, cells, values, errors))

        keys = [
            self.key_from_values(values)
            for _, _, values, errors in parsed_rows
            if not any(c.column_name in errors for c in key_columns)
        ]
        existing = self.existing_instances(keys)
        m2m_columns = [c for c in columns if c.is_m2m()]
        plain_columns = [c for c in columns if not c.is_m2m()]
        current_links = self.current_links(m2m_columns, existing.values())
        rules = self.row_rules(columns)
        # A new record's language columns start empty; given here, the model does not
        # work each one's default out again (modeltranslation's costs a language switch).
        new_texts = {
            field.attname: field.get_default()
            for field in self._meta.model._meta.concrete_fields
            if translated_field_of(field)
        }

        plans = []
        for number, cells, values, errors in parsed_rows:
            plan = RowPlan(number, cells)
            plans.append(plan)
            key_ok = not any(c.column_name in errors for c in key_columns)
            plan.key = self.key_from_values(values) if key_ok else None
            instance = existing.get(plan.key) if key_ok else None
            plan.new = instance is None
            if instance is None:
                instance = self._meta.model(**new_texts)
            plan.instance = instance
            before = {} if plan.new else self.texts(columns, instance, current_links)
            for column in plain_columns:
                if column.column_name not in errors:
                    column.assign(instance, values[column.attribute])
            for column in m2m_columns:
                if column.column_name not in errors:
                    plan.links[column.attribute] = values[column.attribute]
            errors.update(self.model_errors(instance, columns, errors, rules))
            plan.errors = errors
            if errors:
                continue
            prepare = getattr(instance, "prepare_for_save", None)
            if prepare is not None:
                prepare()
            # A new row is created whatever its cells say: its texts only serve a preview.
            changed = []
            if with_diff or not plan.new:
                after = self.texts(columns, instance, plan.links, own=True)
                changed = [c for c in columns if before.get(c.column_name) != after[c.column_name]]
            row_result = PlannedRow()
            if plan.new:
                row_result.import_type = RowResult.IMPORT_TYPE_NEW
            elif changed:
                row_result.import_type = RowResult.IMPORT_TYPE_UPDATE
            else:
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            plan.changed_links = {c.attribute for c in changed if c.is_m2m()} | (
                {c.attribute for c in m2m_columns} if plan.new else set()
            )
            if with_diff:
                row_result.diff = [
                    self.diff_cell(before.get(c.column_name), after[c.column_name], plan.new)
                    for c in columns
                ]
            row_result.add_instance_info(instance)
            plan.row_result = row_result
        return plans

    def texts(self, columns, instance, links, own=False):
        """Each column of ``instance`` as its cell text (links from ``links``)."""
        texts = {}
        for column in columns:
            if column.is_m2m():
                objects = (
                    links.get(column.attribute, [])
                    if own
                    else links.get((column.attribute, instance.pk), [])
                )
                texts[column.column_name] = column.widget.render(objects)
            else:
                texts[column.column_name] = column.text(instance)
        return texts

    def current_links(self, m2m_columns, instances):
        """{(attribute, pk): [related objects]} for existing rows: one query per column."""
        links = defaultdict(list)
        pks = [instance.pk for instance in instances]
        for column in m2m_columns:
            field = self._meta.model._meta.get_field(column.attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            related = column.widget.by_key()
            by_pk = {obj.pk: obj for obj in related.values()}
            pairs = through.objects.filter(**{f"{source}__in": pks}).values_list(
                f"{source}_id", f"{target}_id"
            )
            for source_pk, target_pk in pairs:
                links[(column.attribute, source_pk)].append(by_pk[target_pk])
        return links

    def row_rules(self, columns):
        """What ``model_errors`` needs to know of the columns, worked out once per file:
        (attribute -> column name, the fields not to check again, the required references).

        Not checked again: references (their widgets did) and the own column of a
        translated field, which repeats one of its language columns (those are checked).
        """
        column_of = {}
        for column in columns:
            column_of[column.attribute] = column.column_name
            if isinstance(column, PartialDateColumn):
                column_of[column.precision_attribute] = column.column_name
        model = self._meta.model
        references = {c.attribute for c in columns if isinstance(c.widget, KeyWidget)}
        references |= {
            translated_field_of(field).name
            for field in model._meta.concrete_fields
            if translated_field_of(field)
        }
        required = []
        for column in columns:
            if isinstance(column.widget, KeyWidget) and not column.is_m2m():
                field = model._meta.get_field(column.attribute)
                if not field.null:
                    required.append((column.column_name, column.attribute, field.attname))
        return column_of, references, required

    def model_errors(self, instance, columns, known_errors, rules):
        """The model's own rules (clean, field validation) as {column: [messages]}."""
        column_of, references, required = rules
        errored = {c.attribute for c in columns if c.column_name in known_errors}
        # References were checked by their widgets; validating them again would cost a
        # query per row and column. Only "is it there at all" is left to check here.
        found = {}
        for column_name, attribute, attname in required:
            if attribute not in errored and getattr(instance, attname) is None:
                found[column_name] = ["Every row needs a value here."]
        try:
            instance.full_clean(
                exclude=errored | references, validate_unique=False, validate_constraints=False
            )
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                label = column_of.get(name)
                if label is None:
                    label = self.label_for(name)
                found.setdefault(label, []).extend(messages)
        return found

    def label_for(self, attribute):
        if attribute == NON_FIELD_ERRORS:
            return "Row"
        try:
            return capfirst(str(self._meta.model._meta.get_field(attribute).verbose_name))
        except FieldDoesNotExist:
            return attribute

    def check_uniqueness(self, plans):
        """Keys and unique values: once in the file, and not another record's already."""
        model = self._meta.model
        groups = [tuple(self.natural_key)]
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                groups.append((field.name,))
        for constraint in model._meta.constraints:
            unique = isinstance(constraint, models.UniqueConstraint)
            if unique and constraint.fields and constraint.condition is None:
                groups.append(tuple(constraint.fields))
        seen_groups = set()
        for names in groups:
            if names in seen_groups:
                continue
            seen_groups.add(names)
            self.check_group(plans, names, is_key=names == tuple(self.natural_key))

    def check_group(self, plans, names, is_key):
        model = self._meta.model
        attnames = [model._meta.get_field(name).attname for name in names]
        label = " + ".join(self.label_for(name) for name in names)
        first_line = {}
        candidates = []
        for plan in plans:
            if plan.errors or plan.instance is None:
                continue
            values = tuple(getattr(plan.instance, attname) for attname in attnames)
            if any(value is None or value == "" for value in values):
                continue
            if values in first_line:
                what = "key" if is_key else "value"
                plan.errors.setdefault(label, []).append(
                    f"The same {what} as row {first_line[values]} of this file."
                )
                continue
            first_line[values] = plan.number
            candidates.append((plan, values))
        if is_key or not candidates:
            return
        # Against the database: a unique value held by a record the file does not name.
        lookup = {f"{attnames[0]}__in": {values[0] for _, values in candidates}}
        taken = {}
        for row in model.objects.filter(**lookup).values_list("pk", *attnames):
            taken[tuple(row[1:])] = row[0]
        for plan, values in candidates:
            holder = taken.get(values)
            if holder is not None and holder != plan.instance.pk:
                plan.errors.setdefault(label, []).append("Another record already has this value.")

    @staticmethod
    def diff_cell(before, after, new):
        if new or before == after:
            return escape(after)
        return mark_safe(f"<del>{escape(before)}</del> <ins>{escape(after)}</ins>")  # noqa: S308

    def write(self, plans, user=None, reason=None):
        """Write every planned row in one transaction: the rows (``bulk_create``,
        ``bulk_update``), their many-to-many links, then, for records that keep a
        history, a version of each as written (who: ``user``, why: ``reason``;
        ``write_versions``)."""
        model = self._meta.model
        created = [p.instance for p in plans if p.new]
        updated = [p.instance for p in plans if not p.new and p.row_result.is_update()]
        now = timezone.now()
        update_fields = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "created_at"
        ]
        with transaction.atomic():
            for instance in updated:
                if hasattr(instance, "updated_at"):
                    instance.updated_at = now
            model.objects.bulk_create(created, batch_size=500)
            if updated:
                manager = model.objects
                if hasattr(manager, "rewrite"):
                    # A translated field's own column too: modeltranslation would fold
                    # ``title`` into ``title_en`` and leave the own column as it was.
                    manager = manager.rewrite(False)
                manager.bulk_update(updated, update_fields, batch_size=500)
            self.write_links(plans)
            if has_history(model):
                versions = {"user": user, "reason": reason, "date": now}
                write_versions(model, created, update=False, **versions)
                write_versions(model, updated, update=True, **versions)

    def write_links(self, plans):
        by_attribute = defaultdict(list)
        for plan in plans:
            for attribute in plan.changed_links:
                by_attribute[attribute].append(plan)
        for attribute, changed in by_attribute.items():
            field = self._meta.model._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            replaced = [p.instance.pk for p in changed if not p.new]
            if replaced:
                through.objects.filter(**{f"{source}__in": replaced}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": plan.instance.pk, f"{target}_id": obj.pk})
                    for plan in changed
                    for obj in plan.links.get(attribute, [])
                ],
                batch_size=1000,
            )


class PlannedRow(RowResult):
    """The library's row result, naming its record only when asked: the name (``str``
    of a meeting formats its dates) is read by the admin's log of a confirmed import,
    and working it out for every row of a large file cost more than checking the row."""

    _record = None

    def add_instance_info(self, instance):
        self._record = instance

    @property
    def object_id(self):  # read after the write, when the record has its id
        return getattr(self._record, "pk", None)

    @property
    def object_repr(self):
        return None if self._record is None else force_str(self._record)

    @object_id.setter
    def object_id(self, value):  # RowResult.__init__ sets None
        pass

    @object_repr.setter
    def object_repr(self, value):
        pass


class RowPlan:
    """What the import will do with one row of the file."""

    def __init__(self, number, cells):
        self.number = number
        self.cells = cells
        self.key = None
        self.instance = None
        self.new = True
        self.links = {}
        self.changed_links = set()
        self.errors = {}
        self.row_result = None


# Statistics ----------------------------------------------------------------------------
#
# PostgreSQL plans queries from statistics that autovacuum refreshes in its own time (or
# never, where it is off or slow): after a bulk write a table of 10,000 rows may still be
# planned as empty, and a search then took over 30 s. A bulk write (an import, a backup
# read back, the demo data) therefore ANALYZEs what it wrote, once it is committed.
# SQLite: nothing. Django never writes SQLite's statistics (sqlite_stat1), so its planner
# uses fixed rules that cannot go stale; an ANALYZE there reads whole tables, not a
# sample, and would leave statistics that then go stale, with no autovacuum to refresh
# them.


def written_tables(model):
    """The tables a bulk write of ``model`` fills: its own, its many-to-many links, and
    its history's (versions and their links)."""
    tables = [model._meta.db_table]
    tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    if has_history(model):
        history = get_history_model_for_model(model)
        tables.append(history._meta.db_table)
        tables += [getattr(history, f.name).model._meta.db_table for f in tracked_links(model)]
    return tables


def analyze_tables(models, using=DEFAULT_DB_ALIAS):
    """ANALYZE the tables of ``models`` (``written_tables``) on PostgreSQL, once the
    transaction that wrote them commits (at once outside a transaction; never if it is
    rolled back). A failure is logged: the rows are written, the statistics come later."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    tables = list(dict.fromkeys(table for model in models for table in written_tables(model)))
    if not tables:
        return

    def analyze():
        quote = database.ops.quote_name
        try:
            with database.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}")
        except DatabaseError:
            logger.warning("ANALYZE of %s failed", ", ".join(tables), exc_info=True)

    transaction.on_commit(analyze, using=using)


# History -------------------------------------------------------------------------------
#
# Versions of the records that keep a history (meetings.models.record_history), written in
# bulk: by the engine's write, the seed loader, and the admin for programmes.


def history_reason(file_name):
    """The change reason of the versions an import writes: "Imported from meetings.csv"."""
    return f"Imported from {file_name}" if file_name else "Imported"


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def tracked_links(model):
    """The many-to-many fields whose links each version of ``model`` records."""
    if not has_history(model):
        return []
    return list(get_history_model_for_model(model)._history_m2m_fields)


def write_versions(model, instances, *, update, user=None, reason=None, date=None):
    """Write one version of each of ``instances``, already saved with their links.

    The database copies each record as it now stands into its history table
    (``INSERT ... SELECT``, 500 records a statement), then its links into the links'
    history tables the same way: no model instance and no value passes through Python,
    so the history costs an import about what one more ``bulk_create`` would.
    ``update`` says whether the records were changed (else created). Versions name
    ``user`` (none on the command line) and ``reason``; they are what the library's
    ``bulk_history_create`` would write, plus the links it leaves out.
    """
    if not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = get_history_model_for_model(model)
    date = date or timezone.now()
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    history_columns = {field.column for field in history_model._meta.concrete_fields}
    copied = [f.column for f in model._meta.concrete_fields if f.column in history_columns]
    names = ", ".join(quote(column) for column in copied)
    stamp = [
        connection.ops.adapt_datetimefield_value(date),
        reason,
        "~" if update else "+",
        getattr(user, "pk", None),
    ]
    pks = [instance.pk for instance in instances]
    with connection.cursor() as cursor:
        for first in range(0, len(pks), 500):
            batch = pks[first : first + 500]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(history_model._meta.db_table)} ({names}, "  # noqa: S608
                "history_date, history_change_reason, history_type, history_user_id) "
                f"SELECT {names}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(pk_column)} IN ({marks})",
                [*stamp, *batch],
            )
            for field in tracked_links(model):
                copy_link_versions(cursor, field, history_model, stamp[0], batch)


def copy_link_versions(cursor, field, history_model, date, pks):
    """The links of the records ``pks`` into the links' history, each tied to the version
    of its record written at ``date`` (the one ``write_versions`` just wrote)."""
    quote = connection.ops.quote_name
    link_history = getattr(history_model, field.name).model
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).column
    columns = [f.column for f in through._meta.concrete_fields]
    names = ", ".join(
        quote(link_history._meta.get_field(f.attname).column) for f in through._meta.concrete_fields
    )
    selected = ", ".join(f"lnk.{quote(column)}" for column in columns)
    version = quote(history_model._meta.pk.column)
    record = quote(history_model._meta.get_field(field.model._meta.pk.name).column)
    marks = ", ".join(["%s"] * len(pks))
    cursor.execute(
        f"INSERT INTO {quote(link_history._meta.db_table)} "  # noqa: S608
        f"({names}, {quote(link_history._meta.get_field('history').column)}) "
        f"SELECT {selected}, ver.{version} "
        f"FROM {quote(through._meta.db_table)} lnk "
        f"JOIN {quote(history_model._meta.db_table)} ver "
        f"ON ver.{record} = lnk.{quote(source)} "
        f"WHERE ver.history_date = %s AND ver.{record} IN ({marks})",
        [date, *pks],
    )


# Reporting -------------------------------------------------------------------------------


def problems(result):
    """Every problem of a result as lines a person reads: where, which column, what, why."""
    lines = [f"File: {error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        values = dict(zip(result.diff_headers, row.values, strict=False))
        for column, messages in row.error_dict.items():
            value = values.get(column, "")
            shown = f" (value “{cell_text(value)}”)" if cell_text(value) else ""
            for message in messages:
                lines.append(f"Row {row.number}, column “{column}”{shown}: {message}")
    return lines


def record_import(
    *, resource, result, file_name, data=None, sha256=None, user=None, source, dry_run
):
    """Write the ImportRecord of one import attempt and return it: the file is named by
    the SHA-256 of ``data``, or by ``sha256`` when it was hashed as it came (a file
    refused for its size is never read whole)."""
    from .models import ImportRecord  # the engine itself does not depend on the models

    if result.has_errors() or result.has_validation_errors():
        outcome = ImportRecord.Outcome.REFUSED
    elif dry_run:
        outcome = ImportRecord.Outcome.DRY_RUN
    else:
        outcome = ImportRecord.Outcome.IMPORTED
    totals = result.totals
    return ImportRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source,
        model=str(resource._meta.model._meta.verbose_name_plural),
        file_name=file_name[:255],
        file_sha256=sha256 or file_sha256(data or b""),
        outcome=outcome,
        rows=result.total_rows,
        created=totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        updated=totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        skipped=totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
        invalid=len(result.invalid_rows),
        problems="\n".join(problems(result)),
    )
