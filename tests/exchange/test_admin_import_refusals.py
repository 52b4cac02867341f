"""Import in the editors' admin, refused: the editor is told on the import page which
row, which column and why; the record does not change (an import is all or nothing); no
copy of the file is kept; and the attempt is in the import log, refused, with its reasons.

The files are real ones under tests/fixtures/admin_import/; the shared steps are in
admin_helpers.py.
"""

import hashlib

import pytest
from django.utils.html import escape

from exchange.models import ImportRecord
from meetings.models import Meeting
from tests.exchange.admin_helpers import (
    CSV,
    FIXTURES,
    fixture,
    page,
    snapshot,
    upload,
    workbook_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder")]

MEETING_HEADER = [
    "Slug", "Series", "Kind", "Number in the series", "Start date", "City", "Host country",
]  # fmt: skip


REFUSALS = [
    # (file, model, what the editor reads)
    (
        "meetings_unknown_country.csv",
        "meeting",
        "Row 3, column “Host country” (value “XX”): No country has the code “XX”.",
    ),
    (
        "programmes_unknown_theme.csv",
        "programme",
        "Row 2, column “Themes” (value “water|no-such-theme”): "
        "No themes with the slug “no-such-theme”.",
    ),
    (
        "meetings_duplicate_key.csv",
        "meeting",
        "Row 3, column “Slug” (value “first-dialogue-2008”): The same key as row 2 of this file.",
    ),
    ("meetings_unknown_column.csv", "meeting", "Unknown column: Colour."),
    ("meetings_missing_column.csv", "meeting", "Missing required column(s): Host country."),
    (
        "meetings_latin1.csv",
        "meeting",
        "Line 2 of the file is not UTF-8 text. If Japanese Excel saved it as CSV, choose "
        "the encoding “Shift_JIS (Japanese Excel)”",
    ),
    ("empty.csv", "meeting", "The file is empty."),
    ("picture.csv", "meeting", "This is a PNG image, not a table"),
    ("document.csv", "meeting", "This is a PDF document, not a table"),
]


class TestRefusals:
    @pytest.mark.parametrize(("name", "model_name", "message"), REFUSALS)
    def test_refused_file_says_why_and_writes_nothing(
        self, editor_client, world, temporary_folder, name, model_name, message
    ):
        before = snapshot()

        response = upload(editor_client, name, model_name=model_name)

        assert response.status_code == 200
        html = page(response)
        assert escape(message) in html
        assert "confirm_form" not in response.context
        assert 'value="Confirm import"' not in html
        assert "Traceback" not in html and 'class="traceback"' not in html
        assert snapshot() == before
        assert list(temporary_folder.iterdir()) == []  # no copy kept of a refused file
        # The attempt is on record, refused, with its reasons.
        record = ImportRecord.objects.get()
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert record.file_name == name
        assert record.file_sha256 == hashlib.sha256(fixture(name)).hexdigest()
        assert message in record.problems

    def test_every_problem_is_shown_at_once(self, editor_client, world):
        data = (
            b"Slug,Series,Kind,Number in the series,Start date,City,Host country\n"
            b"a-meeting,jad,dialogue,1,2008-03,Hanoi,XX\n"
            b"b-meeting,nope,dialogue,2,2008-14,Hanoi,VN\n"
        )
        response = upload(editor_client, "several.csv", data)
        html = page(response)
        assert "2 rows with problems" in html
        for line in [
            "Row 2, column “Host country” (value “XX”): No country has the code “XX”.",
            "Row 3, column “Series” (value “nope”)",
            "Row 3, column “Start date” (value “2008-14”)",
        ]:
            assert escape(line) in html
        assert not Meeting.objects.exists()
        record = ImportRecord.objects.get()
        assert (record.outcome, record.invalid) == (ImportRecord.Outcome.REFUSED, 2)

    def test_file_over_the_size_limit(self, editor_client, world, settings):
        settings.IMPORT_MAX_BYTES = 200
        before = snapshot()
        response = upload(editor_client, "meetings_good.csv")
        html = page(response)
        size = (FIXTURES / "meetings_good.csv").stat().st_size
        expected = f"The file is {size} bytes; the limit is 200 bytes. Split it into smaller files."
        if size >= 1024:
            expected = f"The file is {size / 1024:.0f} KB; the limit is 200 bytes."
        assert expected in html
        assert "confirm_form" not in response.context
        assert snapshot() == before

    def test_workbook_sent_as_csv(self, editor_client, world):
        data = workbook_bytes([MEETING_HEADER])
        response = upload(editor_client, "meetings.csv", data, file_format=CSV)
        assert escape("The file was sent as CSV but its content is an XLSX workbook.") in page(
            response
        )
        assert not Meeting.objects.exists()

    def test_header_without_rows(self, editor_client, world):
        response = upload(editor_client, "header.csv", ",".join(MEETING_HEADER).encode())
        assert "The file has column names but no rows to import." in page(response)

    def test_row_numbers_count_blank_rows_inside_the_file(self, editor_client, world):
        response = upload(editor_client, "meetings_blank_row_inside.csv")
        assert escape("Row 4, column “Host country” (value “XX”)") in page(response)
