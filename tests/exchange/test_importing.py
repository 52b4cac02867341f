"""The import engine and the resources' cells, with no admin or command in between: what a
file may say (encodings, header spelling, XLSX), what it is refused for, that a refused
file writes nothing, create/update/skip by natural key, and formula escaping on the way
out and back in.
"""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange.cells import escape_formula, unescape_formula
from exchange.files import read_file
from exchange.limits import FileProblem
from exchange.models import problems
from meetings.models import Country, Meeting, MeetingSeries
from meetings.resources import CountryResource, MeetingResource
from programmes.models import Programme
from programmes.resources import ProgrammeResource
from tests.factories import (
    CountryFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MEETING_HEADER = "Slug,Series,Kind,Number in the series,Start date,City,Host country"


def csv_bytes(*lines, bom=False, crlf=False):
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def run(resource_class, data, dry_run=False):
    return resource_class().import_data(read_file(data, "file.csv"), dry_run=dry_run)


@pytest.fixture
def world():
    CountryFactory(code="VN", name="Viet Nam", slug="viet-nam")
    CountryFactory(code="TH", name="Thailand", slug="thailand")
    MeetingSeriesFactory(slug="jad", short_name="JAD")
    ThemeFactory(slug="biodiversity", name="Biodiversity")
    ThemeFactory(slug="water", name="Water")
    FundFactory(slug="jaif", acronym="JAIF")


# Reading files ---------------------------------------------------------------------------


class TestReadFile:
    def test_bom_crlf_header_spacing_and_case_and_trailing_rows(self, world):
        data = csv_bytes(
            "  slug , SERIES,kind,Number   in the series,start DATE,City,host country",
            "first-dialogue-2008,jad,dialogue,1,2008-03,Hanoi,VN",
            ",,,,,,",
            "",
            bom=True,
            crlf=True,
        )
        result = run(MeetingResource, data)
        assert not result.has_errors() and not result.has_validation_errors(), problems(result)
        meeting = Meeting.objects.get(slug="first-dialogue-2008")
        assert (meeting.start_date, meeting.date_precision) == (datetime.date(2008, 3, 1), "month")
        assert meeting.date_display == "March 2008"

    def test_xlsx_is_read_by_its_content(self, world):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(MEETING_HEADER.split(","))
        sheet.append(
            [
                "ninth-dialogue-2015",
                "jad",
                "dialogue",
                9,
                datetime.datetime(2015, 9, 11),
                "KL",
                "TH",
            ]
        )
        buffer = io.BytesIO()
        workbook.save(buffer)
        dataset = read_file(buffer.getvalue(), "named-wrongly.csv")
        result = MeetingResource().import_data(dataset)
        assert not result.has_validation_errors(), problems(result)
        meeting = Meeting.objects.get(slug="ninth-dialogue-2015")
        assert meeting.date_display == "11 September 2015"
        assert meeting.number == 9

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "empty"),
            (b"\n\n,,\n", "empty"),
            ("Slug,Name\nvn,Vi\xeat Nam\n".encode("latin-1"), "not UTF-8"),
            (b"%PDF-1.4\x00\x01\x02binary", "This is a PDF document, not a table"),
            (b"\x89PNG\r\n\x1a\n", "This is a PNG image"),
            (b"text,with\x00,a nul\n", "not a text table"),
            (b"PK\x03\x04not really a workbook", "not a readable XLSX"),
            (b"a,b\n1,2,3\n", "more cells than the header"),
        ],
    )
    def test_files_that_are_not_tables_are_refused_with_a_reason(self, data, message):
        with pytest.raises(FileProblem, match=message):
            read_file(data, "file.csv")

    def test_size_limit_is_a_setting(self, settings):
        settings.IMPORT_MAX_BYTES = 10
        with pytest.raises(FileProblem, match="limit is"):
            read_file(b"Slug,Name\nsome-long-row,x\n", "file.csv")

    def test_declared_format_must_match_the_content(self):
        with pytest.raises(FileProblem, match="sent as XLSX"):
            read_file(b"a,b\n1,2\n", "file.xlsx", file_format="xlsx")


# Columns ------------------------------------------------------------------------------


class TestColumns:
    def test_unknown_column_refuses_the_file(self, world):
        result = run(
            MeetingResource,
            csv_bytes(MEETING_HEADER + ",Colour", "x,jad,dialogue,1,2008,Hanoi,VN,red"),
        )
        assert "Unknown column: Colour" in problems(result)[0]
        assert not Meeting.objects.exists()

    def test_missing_required_column_refuses_the_file(self, world):
        result = run(
            MeetingResource, csv_bytes("Slug,Series,Kind,Start date", "x,jad,dialogue,2008")
        )
        message = problems(result)[0]
        assert "Missing required column(s)" in message
        assert "City" in message and "Host country" in message

    def test_repeated_column_refuses_the_file(self, world):
        result = run(
            CountryResource, csv_bytes("ISO code,Name,Slug,name", "FR,France,france,France")
        )
        assert "appears twice" in problems(result)[0]


# Rows ---------------------------------------------------------------------------------


class TestAllOrNothing:
    def test_one_bad_row_writes_nothing_and_every_problem_is_reported(self, world):
        result = run(
            MeetingResource,
            csv_bytes(
                MEETING_HEADER,
                "first-dialogue-2008,jad,dialogue,1,2008-03,Hanoi,VN",
                "second-dialogue-2008,jad,dialogue,2,2008-13,Hanoi,XX",
                "third-dialogue-2009,nope,dialogue,abc,2009-08,Hua Hin,TH",
            ),
        )
        assert not Meeting.objects.exists()
        lines = problems(result)
        assert any(
            line.startswith("Row 3, column “Start date” (value “2008-13”)") for line in lines
        ), lines
        assert any(
            "Row 3, column “Host country” (value “XX”): No country has the code “XX”" in line
            for line in lines
        ), lines
        assert any("Row 4, column “Series” (value “nope”)" in line for line in lines), lines
        assert any(
            "Row 4, column “Number in the series” (value “abc”)" in line for line in lines
        ), lines
        assert result.totals["invalid"] == 2

    def test_model_rules_run_on_every_row(self, world):
        result = run(
            MeetingResource,
            csv_bytes(
                MEETING_HEADER + ",End date",
                "x-2011,jad,dialogue,5,2011-07-26,Bangkok,TH,2011-07-20",
                "y-2012,jad,dialogue,,2012,Bangkok,TH,",
            ),
        )
        lines = problems(result)
        assert any(
            "Row 2, column “End date”" in line and "before the start" in line for line in lines
        ), lines
        assert any(
            "Row 3, column “Number in the series”" in line and "needs its number" in line
            for line in lines
        ), lines

    def test_unknown_many_to_many_values_are_errors_not_dropped(self, world):
        data = csv_bytes(
            "Slug,Name,Themes,Countries involved,Fund",
            "p1,Programme One,biodiversity|nope|also-nope,VN,jaif",
        )
        result = run(ProgrammeResource, data)
        assert not Programme.objects.exists()
        [line] = problems(result)
        assert "column “Themes”" in line
        assert "“nope”, “also-nope”" in line

    def test_duplicate_key_inside_the_file(self, world):
        result = run(
            CountryResource,
            csv_bytes("ISO code,Name,Slug", "FR,France,france", "fr,France again,france-2"),
        )
        assert not Country.objects.filter(code="FR").exists()
        assert any("Row 3" in line and "same key as row 2" in line for line in problems(result))

    def test_unique_value_held_by_another_record(self, world):
        result = run(CountryResource, csv_bytes("ISO code,Name,Slug", "XV,Viet Nam,other-slug"))
        assert any(
            "column “Name”" in line and "Another record" in line for line in problems(result)
        )

    def test_number_unique_within_series_and_kind(self, world):
        MeetingFactory(series=MeetingSeries.objects.get(slug="jad"), slug="existing", number=4)
        result = run(
            MeetingResource, csv_bytes(MEETING_HEADER, "new-4,jad,dialogue,4,2010,Hanoi,VN")
        )
        [line] = problems(result)
        assert line.startswith("Row 2, column “Series + Kind + Number in the series”")
        assert "Another record already has this value" in line
        assert not Meeting.objects.filter(slug="new-4").exists()


class TestCreateUpdateSkip:
    def test_create_then_unchanged_then_update(self, world):
        data = csv_bytes(
            "Slug,Name,Themes,Countries involved,Fund,Start year",
            "p1,Programme One,biodiversity|water,VN|TH,jaif,2011",
        )
        first = run(ProgrammeResource, data)
        assert first.totals["new"] == 1
        programme = Programme.objects.get(slug="p1")
        assert {t.slug for t in programme.themes.all()} == {"biodiversity", "water"}

        again = run(ProgrammeResource, data)
        assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 1)

        changed = run(
            ProgrammeResource,
            csv_bytes(
                "Slug,Name,Themes,Countries involved,Fund,Start year",
                "p1,Programme One,water,VN,jaif,2012",
            ),
        )
        assert changed.totals["update"] == 1
        programme.refresh_from_db()
        assert programme.start_year == 2012
        assert [t.slug for t in programme.themes.all()] == ["water"]
        assert [c.code for c in programme.countries.all()] == ["VN"]

    def test_preview_shows_the_differences(self, world):
        ProgrammeFactory(slug="p1", name="Old Name")
        result = run(ProgrammeResource, csv_bytes("Slug,Name", "p1,New Name"), dry_run=True)
        [row] = result.rows
        assert row.is_update()
        assert "<del>Old Name</del> <ins>New Name</ins>" in row.diff
        assert Programme.objects.get(slug="p1").name == "Old Name"

    def test_dry_run_writes_nothing(self, world):
        result = run(
            CountryResource, csv_bytes("ISO code,Name,Slug", "FR,France,france"), dry_run=True
        )
        assert result.totals["new"] == 1
        assert not Country.objects.filter(code="FR").exists()

    def test_queries_do_not_grow_with_the_rows(self, world):
        def file_of(n, prefix):
            rows = [
                f"{prefix}-{i},Programme {prefix} {i},biodiversity|water,VN|TH,jaif,2011"
                for i in range(n)
            ]
            return csv_bytes("Slug,Name,Themes,Countries involved,Fund,Start year", *rows)

        def reads(context):
            return [q for q in context.captured_queries if q["sql"].startswith("SELECT")]

        with CaptureQueriesContext(connection) as small:
            run(ProgrammeResource, file_of(5, "a"))
        with CaptureQueriesContext(connection) as large:
            run(ProgrammeResource, file_of(300, "b"))
        assert Programme.objects.count() == 305
        # Reading and checking never grow with the rows (writes go in bulk batches).
        assert len(reads(large)) == len(reads(small))
        assert len(large.captured_queries) < 30


class TestFormulaEscaping:
    @pytest.mark.parametrize(
        ("text", "escaped"),
        [
            ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
            ("+cmd", "'+cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("\tTab", "'\tTab"),
            ("-5", "-5"),
            ("-1.25", "-1.25"),
            ("2008-03", "2008-03"),
            ("Plain", "Plain"),
        ],
    )
    def test_escape_and_back(self, text, escaped):
        assert escape_formula(text) == escaped
        assert unescape_formula(escaped) == text

    def test_exported_formula_comes_back_as_typed(self, world):
        MeetingFactory(slug="m1", title="=1+1", series__slug="s1")
        rows = list(MeetingResource().iter_rows(Meeting.objects.filter(slug="m1")))
        title_at = rows[0].index("Title (English)")
        assert rows[1][title_at] == "'=1+1"


class TestExportCells:
    """The export reads plain values (``values_list``) in chunks; every cell must be what
    the column makes of the record itself (``Column.text``), across chunk boundaries."""

    def test_every_resource_matches_the_cells_of_its_records(self, world):
        from django.core.management import call_command

        from core.dates import DatePrecision
        from exchange.registry import resources
        from tests.factories import DiscussionFactory, DocumentFactory, ParticipationFactory

        call_command("load_seed", verbosity=0)
        ParticipationFactory(person=None, organisation=None, title="-Deputy")
        MeetingFactory(
            start_date=datetime.date(2015, 1, 1), end_date=None, date_precision=DatePrecision.YEAR
        )
        ProgrammeFactory(fund=None)  # no fund, no themes, no countries
        DiscussionFactory(note="@note")
        DocumentFactory(title="=Agenda", title_ja="議題")
        DocumentFactory(
            file=None,
            url="https://example.org/a.pdf",
            meeting=None,
            programme=ProgrammeFactory(),
            date=None,
        )
        for name, resource_class in resources().items():
            resource = resource_class()
            columns = resource.export_columns()
            expected = [
                [escape_formula(column.text(instance)) for column in columns]
                for instance in resource.get_queryset()
            ]
            rows = list(resource.iter_rows(chunk_size=7))  # many chunks, a partial last one
            assert rows[0] == [column.column_name for column in columns], name
            assert rows[1:] == expected, name
            assert len(expected) > 1, name

    def test_queries_per_chunk_not_per_row(self, world):
        for _ in range(25):
            ProgrammeFactory(themes=[ThemeFactory()], countries=[Country.objects.first()])
        with CaptureQueriesContext(connection) as context:
            rows = list(ProgrammeResource().iter_rows(chunk_size=10))
        assert len(rows) == 26
        # Per chunk of 10: the rows, their themes, their countries (3 chunks).
        assert len(context.captured_queries) <= 3 * 3 + 1
