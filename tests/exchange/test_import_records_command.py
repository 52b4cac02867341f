"""import_records: files people make go in cleanly, or are refused with every problem
(row, column, value, why), exit status 1 and nothing written; a dry run writes nothing;
every attempt is in the import log with the file's SHA-256; a large file reports its
progress.

The files are real ones under tests/fixtures/commands/ (the XLSX workbook is made here,
with openpyxl, as a spreadsheet would save it).
"""

import csv
import datetime
import hashlib
import io

import openpyxl
import pytest
from django.core.management import execute_from_command_line
from django.db import connections

from exchange import backup
from exchange.models import ImportRecord
from meetings.models import Country, Meeting, MeetingSeries, Person
from tests.exchange.command_helpers import FIXTURES, fixture, refused, run
from tests.factories import (
    CountryFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


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

    def test_a_shift_jis_file_with_its_encoding(self, tmp_path):
        """What Japanese Excel saves as CSV: read when the option says so, never guessed."""
        path = tmp_path / "countries.csv"
        path.write_bytes("ISO code,Name (English),Name (Japanese),Slug\r\n".encode("cp932"))
        with path.open("ab") as file:
            file.write("VN,Viet Nam,ベトナム,viet-nam\r\n".encode("cp932"))

        message, err = refused("import_records", "countries", str(path))
        assert "File: Line 2 of the file is not UTF-8 text." in err
        assert "--encoding shift_jis" in err
        assert not Country.objects.exists()

        out, _err = run("import_records", "countries", str(path), "--encoding", "shift_jis")
        assert "1 created" in out
        assert Country.objects.get().name_ja == "ベトナム"


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
                [
                    "File: Line 2 of the file is not UTF-8 text. If Japanese Excel saved it as "
                    "CSV, run the command again with --encoding shift_jis;"
                ],
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
