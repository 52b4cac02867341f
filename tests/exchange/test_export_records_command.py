"""export_records: CSV (formulas escaped, a byte-order mark only in a file), JSON (values
as held) and XLSX (text cells that never run), written row by row as they are read, and
back in through import_records as they were typed.
"""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from exchange import backup
from exchange.resources import RecordResource
from meetings.models import Meeting, Participation
from programmes.models import Programme
from tests.exchange.command_helpers import refused, run
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported_world():
    """Meetings with the cells a spreadsheet would run as formulas."""
    series = MeetingSeriesFactory(slug="jad")
    japan = CountryFactory(code="JP", name="Japan", slug="japan")
    MeetingFactory(
        slug="formula", series=series, number=1, title="=1+1", venue="@SUM(A1)",
        city="-5", host_country=japan, outline="+cmd|' /C calc'!A0\nsecond line",
        published=True,
    )  # fmt: skip
    MeetingFactory(
        slug="plain", series=series, number=2, title="Second Dialogue", city="Tokyo",
        host_country=japan, start_date=datetime.date(2009, 3, 1), date_precision="month",
        end_date=None,
    )  # fmt: skip
    return series


def read_csv_text(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


class TestExportCsv:
    def test_to_standard_output_with_the_import_headers(self, exported_world):
        out, _ = run("export_records", "meetings")
        assert not out.startswith("\ufeff")  # a pipe gets no byte-order mark
        assert out.splitlines()[0] == (
            "Slug,Series,Kind,Number in the series,Title (English),Title (Japanese),Start date,"
            "End date,Venue (English),Venue (Japanese),City (English),City (Japanese),"
            "Host country,Outline (English),Outline (Japanese),Publication status,Publish time"
        )
        rows = {row["Slug"]: row for row in read_csv_text(out)}
        assert rows["plain"]["Start date"] == "2009-03"
        assert rows["plain"]["Publication status"] == "draft"
        assert rows["formula"]["Start date"] == "2011-07-26"
        assert rows["formula"]["End date"] == "2011-07-28"

    def test_formulas_are_escaped_and_a_negative_number_stays_usable(self, exported_world):
        out, _ = run("export_records", "meeting")
        row = next(row for row in read_csv_text(out) if row["Slug"] == "formula")
        assert row["Title (English)"] == "'=1+1"
        assert row["Venue (English)"] == "'@SUM(A1)"
        assert row["Outline (English)"] == "'+cmd|' /C calc'!A0\nsecond line"
        assert row["City (English)"] == "-5"

    def test_to_a_file_and_back_in_as_typed(self, exported_world, tmp_path):
        path = tmp_path / "meetings.csv"
        _, err = run("export_records", "meetings", "-o", str(path))
        assert "Exported 2 meetings" in err
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
        Meeting.objects.all().delete()

        out, _ = run("import_records", "meetings", str(path))

        assert "2 created" in out
        meeting = Meeting.objects.get(slug="formula")
        assert (meeting.title, meeting.venue) == ("=1+1", "@SUM(A1)")
        assert meeting.outline == "+cmd|' /C calc'!A0\nsecond line"
        assert Meeting.objects.get(slug="plain").date_display == "March 2009"

    def test_rows_are_written_as_they_are_read(self, monkeypatch):
        """Streaming: each row reaches the output before the next one is read, so memory
        does not grow with the number of records."""
        CountryFactory.create_batch(30)
        pulled = []
        original = RecordResource.iter_rows

        def counting_iter_rows(self, *args, **kwargs):
            for row in original(self, *args, **kwargs):
                pulled.append(row)
                yield row

        monkeypatch.setattr(RecordResource, "iter_rows", counting_iter_rows)
        output = RecordingStream(source=lambda: len(pulled))
        call_command("export_records", "countries", stdout=output)
        # The header was written when it alone had been read, row n when n rows had.
        assert [count for _, count in output.writes] == list(range(1, 32))


class RecordingStream(io.StringIO):
    """An output that notes, at each write, how many rows had been read by then."""

    def __init__(self, source):
        super().__init__()
        self.source = source
        self.writes = []

    def write(self, text):
        self.writes.append((text, self.source()))
        return super().write(text)


class TestExportJson:
    def test_a_list_of_objects_keyed_by_header_values_as_held(self, exported_world, tmp_path):
        path = tmp_path / "meetings.json"
        run("export_records", "meetings", "-o", str(path))  # the format from the name
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        records = {record["Slug"]: record for record in json.loads(path.read_text())}
        assert set(records) == {"formula", "plain"}
        assert list(records["plain"]) == [
            "Slug", "Series", "Kind", "Number in the series", "Title (English)",
            "Title (Japanese)", "Start date", "End date", "Venue (English)", "Venue (Japanese)",
            "City (English)", "City (Japanese)", "Host country", "Outline (English)",
            "Outline (Japanese)", "Publication status", "Publish time",
        ]  # fmt: skip
        # JSON is read by programs, not spreadsheets: no apostrophes added.
        assert records["formula"]["Title (English)"] == "=1+1"
        assert records["formula"]["Outline (English)"] == "+cmd|' /C calc'!A0\nsecond line"
        assert records["plain"]["Start date"] == "2009-03"

    def test_to_standard_output_and_an_empty_list(self):
        out, _ = run("export_records", "themes", "--format", "json")
        assert json.loads(out) == []
        ThemeFactory(slug="water", name="Water – “clean”")
        out, _ = run("export_records", "themes", "--format", "json")
        assert json.loads(out) == [
            {"Slug": "water", "Name (English)": "Water – “clean”", "Name (Japanese)": ""}
        ]

    def test_objects_are_written_as_they_are_read(self, monkeypatch):
        ThemeFactory.create_batch(5)
        pulled = []
        original = backup.plain_rows

        def counting_rows(resource):
            for row in original(resource):
                pulled.append(row)
                yield row

        monkeypatch.setattr(backup, "plain_rows", counting_rows)
        output = RecordingStream(source=lambda: len(pulled))
        call_command("export_records", "themes", "--format", "json", stdout=output)
        objects = [count for text, count in output.writes if text.startswith("{")]
        assert objects == [2, 3, 4, 5, 6]  # object n written right after row n was read


class TestExportXlsx:
    def test_a_workbook_with_text_cells_that_never_run(self, exported_world, tmp_path):
        path = tmp_path / "meetings.xlsx"
        run("export_records", "meetings", "-o", str(path))
        sheet = openpyxl.load_workbook(path).worksheets[0]
        rows = list(sheet.iter_rows())
        headers = [cell.value for cell in rows[0]]
        assert headers[:5] == ["Slug", "Series", "Kind", "Number in the series", "Title (English)"]
        formula = next(row for row in rows[1:] if row[0].value == "formula")
        by_header = dict(zip(headers, formula, strict=True))
        title = by_header["Title (English)"]
        # Stored as text with Excel's quote prefix (as if typed '=1+1): shown, never run.
        assert (title.value, title.data_type, title.quotePrefix) == ("=1+1", "s", True)
        assert by_header["Number in the series"].value == 1
        assert by_header["City (English)"].value == "-5"

    def test_back_in_as_typed(self, exported_world, tmp_path):
        path = tmp_path / "meetings.xlsx"
        run("export_records", "meetings", "--format", "xlsx", "-o", str(path))
        Meeting.objects.all().delete()
        out, _ = run("import_records", "meetings", str(path))
        assert "2 created" in out
        meeting = Meeting.objects.get(slug="formula")
        assert (meeting.title, meeting.venue, meeting.city) == ("=1+1", "@SUM(A1)", "-5")

    def test_text_that_itself_starts_with_an_apostrophe_and_a_formula_character(
        self, exported_world, tmp_path
    ):
        Meeting.objects.filter(slug="plain").update(title="'=1+1 is two")
        path = tmp_path / "meetings.xlsx"
        run("export_records", "meetings", "-o", str(path))
        Meeting.objects.all().delete()
        run("import_records", "meetings", str(path))
        assert Meeting.objects.get(slug="plain").title == "'=1+1 is two"

    def test_not_to_a_terminal_or_text_stream(self):
        message, _ = refused("export_records", "meetings", "--format", "xlsx")
        assert "-o FILE" in message


class TestExportChoices:
    def test_unknown_kind_of_record(self):
        message, _ = refused("export_records", "widgets")
        assert "No records are called “widgets”" in message

    def test_many_to_many_columns_by_natural_key(self):
        theme_a, theme_b = ThemeFactory(slug="water"), ThemeFactory(slug="biodiversity")
        ProgrammeFactory(slug="model-cities", themes=[theme_a, theme_b])
        out, _ = run("export_records", "programmes")
        (row,) = read_csv_text(out)
        assert row["Themes"] == "biodiversity|water"
        assert Programme.objects.count() == 1

    def test_participations_name_their_meeting(self):
        out, _ = run("export_records", "participations")
        assert out.splitlines() == [
            "Meeting,Display order,Country represented,Person,Organisation,Role,"
            "Title held at the time (English),Title held at the time (Japanese),Note"
        ]
        assert not Participation.objects.exists()
