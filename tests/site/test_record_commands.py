"""import_records and export_records: files people make go in cleanly or are refused
with reasons and write nothing; what goes out comes back in as it was.

The files are real ones under tests/fixtures/commands/ (XLSX workbooks are made here,
with openpyxl, as a spreadsheet would save them).
"""

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from exchange import backup
from exchange.models import ImportRecord
from exchange.resources import RecordResource
from meetings.models import Country, Meeting, MeetingSeries, Participation, Person
from programmes.models import Programme
from tests.factories import (
    CountryFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "commands"


def run(*args, **options):
    """Run a command; (standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*args, **options):
    """Run a command that must fail; (the CommandError's message, standard error)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*args, stdout=io.StringIO(), stderr=err, **options)
    return str(failure.value), err.getvalue()


def fixture(name):
    return str(FIXTURES / name)


@pytest.fixture
def world():
    """What the fixture files refer to."""
    CountryFactory(code="VN", name="Viet Nam", slug="viet-nam", is_asean_member=True)
    CountryFactory(code="TH", name="Thailand", slug="thailand", is_asean_member=True)
    MeetingSeriesFactory(slug="jad", short_name="JAD")
    ThemeFactory(slug="biodiversity", name="Biodiversity")
    ThemeFactory(slug="water", name="Water")
    FundFactory(slug="jaif", acronym="JAIF")
    PersonFactory(slug="nguyen-van-a", name="Nguyễn Văn A")


# Importing ---------------------------------------------------------------------------


class TestImportRecords:
    def test_creates_records(self):
        out, _ = run("import_records", "countries", fixture("countries.csv"))
        assert "3 created, 0 updated, 0 unchanged" in out
        assert list(Country.objects.order_by("code").values_list("code", "is_asean_member")) == [
            ("JP", False),
            ("TH", True),
            ("VN", True),
        ]

    def test_second_import_reports_every_row_unchanged(self):
        run("import_records", "countries", fixture("countries.csv"))
        out, _ = run("import_records", "countries", fixture("countries.csv"))
        assert "0 created, 0 updated, 3 unchanged" in out
        assert ImportRecord.objects.filter(skipped=3, created=0, updated=0).count() == 1

    def test_updates_by_natural_key(self):
        """countries_updated.csv is what Excel saves: byte-order mark, CRLF line ends."""
        run("import_records", "countries", fixture("countries.csv"))
        out, _ = run("import_records", "countries", fixture("countries_updated.csv"))
        assert "0 created, 1 updated, 2 unchanged" in out
        assert Country.objects.count() == 3
        assert Country.objects.get(code="VN").name == "Vietnam"

    def test_dates_kept_at_their_precision_and_publication(self, world):
        run("import_records", "meetings", fixture("meetings.csv"))
        first = Meeting.objects.get(slug="first-dialogue-2008")
        assert first.date_display == "March 2008"
        assert first.title == "First Dialogue"
        assert first.is_published
        assert first.published_at == datetime.datetime(2008, 4, 1, 9, tzinfo=datetime.UTC)
        assert first.outline == "The Dialogue discussed **model cities**.\n\n- waste\n- water"
        ministerial = Meeting.objects.get(slug="ministerial-dialogue-2009")
        assert (ministerial.date_display, ministerial.number) == ("2009", None)
        assert ministerial.status == "draft" and ministerial.published_at is None
        second = Meeting.objects.get(slug="second-dialogue-2009")
        assert second.date_display == "26–28 July 2009"

    @pytest.mark.parametrize("name", ["country", "Countries", "COUNTRY", " countries "])
    def test_names_the_records_by_key_singular_or_verbose_name(self, name):
        out, _ = run("import_records", name, fixture("countries.csv"))
        assert "3 created" in out

    @pytest.mark.parametrize(
        "name", ["series", "meeting series", "meeting-series", "meetingseries"]
    )
    def test_the_series_answers_to_all_its_names(self, name):
        assert backup.resolve_resource(name)[0] == "series"

    def test_unknown_kind_of_record(self):
        message, _ = refused("import_records", "widgets", fixture("countries.csv"))
        assert "No records are called “widgets”" in message
        assert "countries, organisations, people" in message

    def test_reads_standard_input(self, monkeypatch):
        data = (FIXTURES / "countries.csv").read_bytes()
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
        out, _ = run("import_records", "countries", "-")
        assert "Imported <stdin> (3 countries): 3 created" in out
        assert ImportRecord.objects.get().file_sha256 == hashlib.sha256(data).hexdigest()

    def test_missing_file(self, tmp_path):
        message, _ = refused("import_records", "countries", str(tmp_path / "nowhere.csv"))
        assert "There is no file" in message
        assert not ImportRecord.objects.exists()

    def test_xlsx_workbook(self, world, tmp_path):
        """A workbook as a spreadsheet saves it: real dates and numbers, not text."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Slug", "Series", "Kind", "Number in the series", "Start date", "City",
                      "Host country", "Title"])  # fmt: skip
        sheet.append(["third-dialogue-2010", "jad", "Working-level dialogue", 3,
                      datetime.datetime(2010, 6, 9), "Manila", "th", "=1+1"])  # fmt: skip
        path = tmp_path / "meetings.xlsx"
        workbook.save(path)

        out, _ = run("import_records", "meetings", str(path), "--format", "xlsx")

        assert "1 created" in out
        meeting = Meeting.objects.get()
        assert (meeting.start_date, meeting.date_precision) == (datetime.date(2010, 6, 9), "day")
        assert (meeting.number, meeting.host_country.code) == (3, "TH")

    def test_format_given_must_match_the_content(self):
        message, err = refused(
            "import_records", "countries", fixture("countries.csv"), "--format", "xlsx"
        )
        assert "File: The file was sent as XLSX but its content is not an XLSX workbook." in err
        assert not Country.objects.exists()


class TestRefusals:
    """Each refused file: every problem printed (row, column, value, why), nothing
    written, a CommandError (exit status 1), and the attempt recorded as refused."""

    @pytest.mark.parametrize(
        ("model", "name", "expected"),
        [
            (
                "meetings",
                "meetings_unknown_references.csv",
                [
                    "Row 3, column “Series” (value “no-such-series”): "
                    "No meeting series has the slug “no-such-series”.",
                    "Row 4, column “Host country” (value “ZZ”): No country has the code “ZZ”.",
                ],
            ),
            (
                "programmes",
                "programmes_unknown_theme.csv",
                [
                    "Row 3, column “Themes” (value “biodiversity|no-such-theme”): "
                    "No themes with the slug “no-such-theme”.",
                    "Row 3, column “Countries involved” (value “VN|XX”): "
                    "No countries with the code “XX”.",
                ],
            ),
            (
                "participations",
                "participations_unknown_person.csv",
                [
                    "Row 3, column “Person” (value “nobody-of-that-name”): "
                    "No person has the slug “nobody-of-that-name”.",
                ],
            ),
            (
                "countries",
                "countries_duplicate_key.csv",
                ["Row 4, column “ISO code” (value “vn”): The same key as row 2 of this file."],
            ),
            (
                "countries",
                "countries_unknown_column.csv",
                ["File: Unknown column: Capital."],
            ),
            (
                "meetings",
                "meetings_missing_column.csv",
                ["File: Missing required column(s): Host country."],
            ),
            (
                "countries",
                "countries_latin1.csv",
                ["File: The file is not UTF-8 text."],
            ),
            ("countries", "empty.csv", ["File: The file is empty."]),
        ],
    )
    def test_refused_with_reasons_and_nothing_written(self, world, model, name, expected):
        if model == "participations":
            MeetingFactory(
                slug="first-dialogue-2008",
                series=MeetingSeries.objects.get(slug="jad"),
                host_country=Country.objects.get(code="VN"),
            )
        model_class = backup.resolve_resource(model)[1]._meta.model
        before = model_class.objects.count()

        message, err = refused("import_records", model, fixture(name))

        for line in expected:
            assert any(printed.startswith(line) for printed in err.splitlines()), (line, err)
        assert f"{name} was refused" in message and "nothing was written" in message
        # The file's good rows were not written either.
        assert model_class.objects.count() == before
        record = ImportRecord.objects.get()
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert record.source == ImportRecord.Source.COMMAND
        assert record.file_name == name
        assert expected[0] in record.problems

    def test_a_refused_dry_run_fails_too(self, world):
        message, err = refused(
            "import_records", "meetings", fixture("meetings_unknown_references.csv"), "--dry-run"
        )
        assert "No country has the code “ZZ”" in err
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.REFUSED

    def test_exit_status_is_non_zero(self, world, capsys, monkeypatch):
        """From the shell: the problems on standard error and exit status 1.

        Driven through manage.py's own entry point, in-process so that the test database
        is the one used. manage.py closes the database connections on its way out; here
        they belong to the test, so they are left open.
        """
        monkeypatch.setattr(connections, "close_all", lambda: None)
        with pytest.raises(SystemExit) as exit_:
            execute_from_command_line(
                [
                    "manage.py",
                    "import_records",
                    "meetings",
                    fixture("meetings_unknown_references.csv"),
                ]
            )
        assert exit_.value.code == 1
        err = capsys.readouterr().err
        assert "No meeting series has the slug “no-such-series”" in err
        assert "CommandError: meetings_unknown_references.csv was refused" in err
        assert not Meeting.objects.exists()


class TestDryRun:
    def test_writes_nothing_and_says_what_would_change(self, world):
        out, _ = run("import_records", "meetings", fixture("meetings.csv"), "--dry-run")
        assert "Dry run of meetings.csv (3 meetings): would be 3 created" in out
        assert "Nothing was written." in out
        assert not Meeting.objects.exists()
        record = ImportRecord.objects.get()
        assert (record.outcome, record.created) == (ImportRecord.Outcome.DRY_RUN, 3)

    def test_a_dry_run_over_existing_records_changes_none(self):
        run("import_records", "countries", fixture("countries.csv"))
        out, _ = run("import_records", "countries", fixture("countries_updated.csv"), "--dry-run")
        assert "0 created, 1 updated, 2 unchanged" in out
        assert Country.objects.get(code="VN").name == "Viet Nam"


class TestImportRecord:
    def test_every_attempt_is_recorded_with_the_files_sha256(self):
        run("import_records", "countries", fixture("countries.csv"))
        record = ImportRecord.objects.get()
        data = (FIXTURES / "countries.csv").read_bytes()
        assert record.file_sha256 == hashlib.sha256(data).hexdigest()
        assert record.outcome == ImportRecord.Outcome.IMPORTED
        assert record.source == ImportRecord.Source.COMMAND
        assert record.user is None
        assert (record.model, record.file_name) == ("countries", "countries.csv")
        assert (record.rows, record.created, record.updated, record.skipped) == (3, 3, 0, 0)

    def test_a_file_refused_before_its_rows_are_read_is_recorded_too(self):
        refused("import_records", "countries", fixture("countries_latin1.csv"))
        record = ImportRecord.objects.get()
        data = (FIXTURES / "countries_latin1.csv").read_bytes()
        assert record.file_sha256 == hashlib.sha256(data).hexdigest()
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert "not UTF-8" in record.problems

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read_and_recorded(self, settings):
        settings.IMPORT_MAX_BYTES = 20
        data = (FIXTURES / "countries.csv").read_bytes()
        message, errors = refused("import_records", "countries", fixture("countries.csv"))
        assert "countries.csv was refused" in message
        limit = f"The file is {len(data)} bytes; the limit is 20 bytes."
        assert limit in errors
        record = ImportRecord.objects.get()
        assert record.file_sha256 == hashlib.sha256(data).hexdigest()
        assert (record.outcome, record.file_name) == (ImportRecord.Outcome.REFUSED, "countries.csv")
        assert limit in record.problems
        assert not Country.objects.exists()

    def test_a_file_over_the_row_limit_is_refused_and_recorded(self, settings):
        settings.IMPORT_MAX_ROWS = 2  # countries.csv has three
        _, errors = refused("import_records", "countries", fixture("countries.csv"))
        limit = "The file has more than 2 rows; the limit is 2. Split it into smaller files."
        assert limit in errors
        record = ImportRecord.objects.get()
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert limit in record.problems
        assert not Country.objects.exists()


class TestProgress:
    @staticmethod
    def people_file(tmp_path, rows):
        path = tmp_path / "people.csv"
        with open(path, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(["Slug", "Name", "Honorific"])
            for n in range(rows):
                writer.writerow([f"person-{n}", f"Person {n}", "Dr."])
        return str(path)

    def test_a_large_file_reports_its_phases(self, tmp_path):
        out, err = run("import_records", "people", self.people_file(tmp_path, 1500))
        lines = err.splitlines()
        assert lines[0].startswith("Read 1,500 rows from people.csv [")
        assert any(line.startswith("Checked 1,500 rows [") for line in lines)
        assert lines[-1].startswith("Written [")
        assert "1,500 created" in out
        assert Person.objects.count() == 1500

    def test_a_small_file_or_verbosity_0_is_quiet(self, tmp_path):
        _, err = run("import_records", "people", self.people_file(tmp_path, 20))
        assert err == ""
        _, err = run("import_records", "people", self.people_file(tmp_path, 1500), verbosity=0)
        assert err == ""


# Exporting ---------------------------------------------------------------------------


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
