"""Reading XLSX: openpyxl's reader, driven element by element. ``openpyxl.load_workbook`` (even
read-only) is not used for the worksheet: it looks for the sheet's declared size
through the whole sheet when the size is missing (a 57 KB workbook of empty rows took
500 MB and 8 s before the first row), pads every row to the declared size (a cell at
XFD1048576 makes each row 16,384 cells) and builds a whole row before handing it over.
Here the parts are checked for their unpacked size first, then the shared strings and
the sheet are parsed as they stream, each element dropped once read, and every cell is
counted as it comes; the values are openpyxl's own (its cell parser: numbers, dates,
shared and inline strings, booleans), for openpyxl 3.1 (pinned in requirements.txt).
"""

import contextlib
import io

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse  # defusedxml's when installed, as openpyxl's

from .cells import cell_text, is_blank
from .limits import FileProblem, human_size

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX_CELL, XLSX_ROW, XLSX_DATA = f"{SHEET_NS}c", f"{SHEET_NS}row", f"{SHEET_NS}sheetData"
XLSX_STRING, XLSX_TEXT, XLSX_RUN = f"{SHEET_NS}si", f"{SHEET_NS}t", f"{SHEET_NS}r"
XLSX_MAX_DEPTH = 16  # worksheet > sheetData > row > c > is > r > t is 7 deep
XLSX_MAX_CELL_PARTS = 10_000  # XML elements in one cell (rich text runs)


def read_xlsx(data, table):
    """The workbook's first worksheet into ``table``."""
    with open_workbook(data, table.limits) as book:
        sheets = book.worksheets()
        if not sheets:
            raise FileProblem(_("The workbook has no worksheet."))
        book.read(sheets[0].path, table)


def read_xlsx_sheets(data, limits, new_table):
    """Every worksheet of the workbook, in the workbook's order: [(sheet, table or the
    FileProblem that refused it)]; ``new_table()`` makes each sheet's table. A sheet has
    ``name``, ``path`` and ``hidden``."""
    found = []
    with open_workbook(data, limits) as book:
        for sheet in book.worksheets():
            table = new_table()
            try:
                book.read(sheet.path, table)
            except FileProblem as problem:
                table = problem
            found.append((sheet, table))
    return found


class Worksheet:
    def __init__(self, name, path, hidden):
        self.name, self.path, self.hidden = name, path, hidden


class OpenWorkbook:
    """A workbook's parts, read once: its sheets and its shared strings."""

    def __init__(self, reader, limits):
        self.reader, self.limits, self.strings = reader, limits, None

    def worksheets(self):
        reader = self.reader
        return [
            Worksheet(sheet.name, relation.target, sheet.state in ("hidden", "veryHidden"))
            for sheet, relation in reader.parser.find_sheets()
            if relation.target in reader.valid_files and "chartsheet" not in relation.Type
        ]

    def read(self, sheet_path, table):
        reader = self.reader
        if self.strings is None:
            self.strings = read_shared_strings(reader, self.limits)
        with reader.archive.open(sheet_path) as source:
            parser = WorkSheetParser(
                source,
                self.strings,
                data_only=True,
                epoch=reader.wb.epoch,
                date_formats=reader.wb._date_formats,
                timedelta_formats=reader.wb._timedelta_formats,
            )
            read_sheet(source, parser, table)


@contextlib.contextmanager
def open_workbook(data, limits):
    """The workbook in ``data``, checked for its unpacked size; anything openpyxl cannot
    read inside the block is a FileProblem."""
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileProblem("The file is not a readable XLSX workbook.") from None
    archive = reader.archive
    try:
        check_unpacked_size(archive, limits)
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(archive, reader.wb)
        yield OpenWorkbook(reader, limits)
    except FileProblem:
        raise
    except Exception:
        raise unreadable() from None
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
            _(
                "The workbook unpacks to %(size)s; the limit is %(limit)s. Save it as CSV or "
                "split it into smaller files."
            )
            % {"size": human_size(unpacked), "limit": human_size(limit)}
        )


def unreadable():
    return FileProblem(_("The file is not a readable XLSX workbook."))


def element_budget(limits):
    """XML elements a workbook part within the limits needs, at most: a cell is 2 or 3
    (c, v; or c, is, t), a row one more, and what comes before the cells (views, column
    widths) a few thousand."""
    return 4 * limits.xlsx_cells + 20_000 if limits.xlsx_cells else 0


def too_many_elements(budget):
    return FileProblem(
        _(
            "The workbook holds more than %(count)s XML elements: more than a table within "
            "the limits needs. Split it into smaller files."
        )
        % {"count": f"{budget:,}"}
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
                        _(
                            "A text of the workbook holds %(count)s characters; the limit is "
                            "%(limit)s characters a cell."
                        )
                        % {"count": f"{len(text):,}", "limit": f"{limits.cell_chars:,}"}
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
        _(
            "The worksheet has more than %(limit)s cells (empty ones included); the limit is "
            "%(limit)s. Split it into smaller files."
        )
        % {"limit": f"{limits.xlsx_cells:,}"}
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
