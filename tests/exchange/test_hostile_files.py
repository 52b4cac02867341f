"""Files of a shape no table has: refused while they are read, in bounded time and memory,
and on record in the import log (issue 11, finding 3).

The three files of the finding are made here: a 1 MB CSV of a million blank lines
before its header, a 5 MB CSV of blank lines, and a 1 MB XLSX whose worksheet holds 25
million cells (a raw zip: openpyxl would take minutes to write it). Each is read by
``read_file`` in a child process, whose peak memory (``ru_maxrss``) is compared with its
own just before the read. The child's timeout only guards against a hang (the old
reader ran for minutes); no test here measures speed.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from exchange.files import read_file
from exchange.limits import FileProblem, ImportLimits
from exchange.models import ImportRecord
from meetings.models import Meeting
from tests.factories import CountryFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
MEMORY_BOUND_MB = 200  # a worker's growth while reading any of these files, at most
HANG_GUARD_SECONDS = 25
HEADER = "Slug,Series,Kind,Number in the series,Start date,City,Host country"
SHEET_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MILLION_BLANK_LINES = "The file has more than 50,000 empty rows; the limit is 50,000."


def csv_file(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def meeting_row(number, city="Hanoi"):
    return f"meeting-{number},jad,dialogue,{number},2008-03,{city},VN"


def workbook_parts():
    """The parts of a one-sheet workbook as openpyxl writes it, but its sheet."""
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    with zipfile.ZipFile(out) as archive:
        return {
            info.filename: archive.read(info)
            for info in archive.infolist()
            if info.filename != "xl/worksheets/sheet1.xml"
        }


def write_workbook(target, pieces):
    """An XLSX whose worksheet XML is the ``pieces`` (bytes), streamed into the zip."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in workbook_parts().items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="' + SHEET_NS + b'">')
            for piece in pieces:
                sheet.write(piece)
            sheet.write(b"</worksheet>")


def inline(text, reference=""):
    at = f' r="{reference}"' if reference else ""
    return f'<c{at} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def cells_workbook(target, rows, columns):
    """A header of ``columns`` names, then ``rows`` rows of ``columns`` cells holding 1."""
    header = b"<row>" + b"".join(inline(f"c{i}") for i in range(columns)) + b"</row>"
    thousand_rows = (b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>") * 1000
    write_workbook(
        target,
        [b"<sheetData>", header, *[thousand_rows] * (rows // 1000), b"</sheetData>"],
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The files of the finding (and two more shapes of workbook), on disk."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "million-blank-lines.csv": b"\n" * 1_000_000 + csv_file(meeting_row(1)),
        "five-mb-of-blank-lines.csv": b"\r\n" * 2_600_000 + csv_file(meeting_row(1)),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    # 250,000 rows of 100 cells: 25 million cells, 360 MB of XML in a 1 MB file.
    cells_workbook(folder / "25-million-cells.xlsx", 250_000, 100)
    # The cells of 65,000 x 100 fit the unpacked limit (98 MB with it raised): the
    # count of cells stops the reading.
    cells_workbook(folder / "6-million-cells.xlsx", 65_000, 100)
    # No declared size and six million empty rows: openpyxl's read-only workbook looked
    # for the size through the whole sheet (500 MB) before the first row.
    write_workbook(
        folder / "empty-rows.xlsx", [b"<sheetData>", b"<row/>" * 6_000_000, b"</sheetData>"]
    )
    # A declared size of A1:XFD1048576 (openpyxl padded every row to 16,384 cells) and a
    # value in the last column.
    write_workbook(
        folder / "last-cell.xlsx",
        [
            b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">',
            inline("Slug", "A1"),
            b'</row><row r="2"><c r="XFD2"><v>1</v></c></row></sheetData>',
        ],
    )
    return folder


def read_in_child(path, **limits):
    """``read_file`` on the file at ``path`` in a new process: its answer, and how much its
    peak memory grew while reading (MB)."""
    script = """
import json, os, resource, sys
import django
django.setup()
from exchange.files import read_file
from exchange.limits import FileProblem, ImportLimits
data = open(sys.argv[1], "rb").read()
limits = ImportLimits.from_settings(**json.loads(sys.argv[2]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    answer = f"read {len(read_file(data, limits=limits))} rows"
except FileProblem as problem:
    answer = str(problem)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"answer": answer, "growth_mb": (after - before) / 1024}))
"""
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "dialogues_site.settings_test"}
    finished = subprocess.run(  # noqa: S603 - this interpreter, this script
        [sys.executable, "-c", script, str(path), json.dumps(limits)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=True,
    )
    outcome = json.loads(finished.stdout.strip().splitlines()[-1])
    return outcome["answer"], outcome["growth_mb"]


@pytest.mark.parametrize(
    ("name", "limits", "message"),
    [
        ("million-blank-lines.csv", {}, MILLION_BLANK_LINES),
        ("five-mb-of-blank-lines.csv", {"bytes": 0}, MILLION_BLANK_LINES),
        (
            "25-million-cells.xlsx",
            {},
            "The workbook unpacks to 360.3 MB; the limit is 64.0 MB.",
        ),
        (
            "6-million-cells.xlsx",
            {"xlsx_xml_bytes": 0, "xlsx_cells": 200_000},
            "The worksheet has more than 200,000 cells (empty ones included); the limit "
            "is 200,000.",
        ),
        ("empty-rows.xlsx", {}, MILLION_BLANK_LINES),
        ("last-cell.xlsx", {}, "Row 2 has a value in column 16,384; the limit is 100 columns."),
    ],
)
def test_hostile_file_is_refused_with_memory_bounded(hostile, name, limits, message):
    answer, growth_mb = read_in_child(hostile / name, **limits)
    assert message in answer
    assert growth_mb < MEMORY_BOUND_MB


# Through the admin: refused, said why, and on record ------------------------------------


@pytest.fixture
def world():
    return {
        "series": MeetingSeriesFactory(slug="jad", short_name="JAD"),
        "vn": CountryFactory(code="VN", name="Viet Nam", slug="viet-nam"),
    }


def upload(client, name, data, file_format="0"):
    return client.post(
        reverse("admin:meetings_meeting_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, data, "application/octet-stream"),
        },
    )


def refusal_on_record(response, name, data, message):
    """The page says why, nothing is written, and the attempt is in the import log."""
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert "confirm_form" not in response.context
    assert not Meeting.objects.exists()
    record = ImportRecord.objects.get()
    assert record.outcome == ImportRecord.Outcome.REFUSED
    assert record.source == ImportRecord.Source.ADMIN
    assert record.file_name == name
    assert record.file_sha256 == hashlib.sha256(data).hexdigest()
    assert message in record.problems
    return record


@pytest.mark.parametrize(
    ("name", "file_format", "message"),
    [
        ("million-blank-lines.csv", "0", MILLION_BLANK_LINES),
        ("five-mb-of-blank-lines.csv", "0", MILLION_BLANK_LINES),
        ("25-million-cells.xlsx", "1", "The workbook unpacks to 360.3 MB; the limit is 64.0 MB."),
    ],
)
def test_hostile_upload_is_refused_and_logged(
    editor_client, world, hostile, settings, name, file_format, message
):
    settings.IMPORT_MAX_BYTES = 6 * 1024 * 1024  # the 5 MB file is within it
    data = (hostile / name).read_bytes()
    response = upload(editor_client, name, data, file_format)
    refusal_on_record(response, name, data, message)


def test_oversize_upload_is_logged(editor_client, world, settings):
    settings.IMPORT_MAX_BYTES = 200
    data = csv_file(*[meeting_row(number) for number in range(1, 20)])
    response = upload(editor_client, "too-big.csv", data)
    record = refusal_on_record(
        response,
        "too-big.csv",
        data,
        f"The file is {len(data)} bytes; the limit is 200 bytes. Split it into smaller files.",
    )
    assert record.user.username == "editor"


# Each limit names itself; a file at the limit still imports -------------------------


@pytest.mark.parametrize(
    ("setting", "value", "rows", "message"),
    [
        (
            "IMPORT_MAX_ROWS",
            3,
            [meeting_row(n) for n in range(1, 5)],
            "The file has more than 3 rows; the limit is 3. Split it into smaller files.",
        ),
        (
            "IMPORT_MAX_COLUMNS",
            8,
            [meeting_row(1), meeting_row(2) + ",,x"],
            "Row 3 has a value in column 9; the limit is 8 columns.",
        ),
        (
            "IMPORT_MAX_CELL_CHARS",
            40,
            [meeting_row(1), meeting_row(2, city="H" * 41)],
            "Row 3, column 6 holds 41 characters; the limit is 40 characters a cell.",
        ),
    ],
)
def test_limit_named_in_the_refusal(editor_client, world, settings, setting, value, rows, message):
    setattr(settings, setting, value)
    data = csv_file(*rows)
    response = upload(editor_client, "meetings.csv", data)
    refusal_on_record(response, "meetings.csv", data, message)


def test_file_at_the_limits_imports(editor_client, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    settings.IMPORT_MAX_COLUMNS = 7
    settings.IMPORT_MAX_CELL_CHARS = 40
    # Three rows (one blank inside, which keeps the line numbers), trailing empty
    # cells past the seventh column, a city of exactly 40 characters, blank lines after.
    data = csv_file(meeting_row(1) + ",,", "", meeting_row(2, city="H" * 40)) + b"\n\n"
    response = upload(editor_client, "meetings.csv", data)
    assert "confirm_form" in response.context, response.context.get("problems")
    dataset = read_file(data)
    assert dataset.height == 3 and dataset[1] == ("",) * 7


def test_workbook_at_the_cell_limit_imports(world, settings):
    settings.IMPORT_MAX_XLSX_CELLS = 14  # the header and one row of seven
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["meeting-1", "jad", "dialogue", 1, "2008-03", "Hanoi", "VN"])
    out = io.BytesIO()
    book.save(out)
    assert read_file(out.getvalue()).height == 1
    settings.IMPORT_MAX_XLSX_CELLS = 13
    with pytest.raises(FileProblem, match="more than 13 cells"):
        read_file(out.getvalue())


def test_backup_limits_lift_rows_and_cell_length():
    data = csv_file(*[meeting_row(n, city="H" * 200) for n in range(1, 6)])
    limits = ImportLimits.for_backup()
    assert read_file(data, limits=limits).height == 5
    with pytest.raises(FileProblem, match="the limit is 4"):
        read_file(data, limits=ImportLimits.from_settings(rows=4))
