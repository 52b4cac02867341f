"""Public downloads of the meetings and programmes lists: /meetings/download.csv|json and
/programmes/download.csv|json hold exactly what the list's filters select, every page of
it, published records only, in the resources' columns."""

import csv
import datetime
import html
import io
import json
import re

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PublicationStatus, content_changed
from exchange.files import read_file
from meetings.models import Country, Meeting
from meetings.resources import MeetingResource
from programmes.models import Fund, Programme, Theme
from programmes.resources import ProgrammeResource
from tests.factories import (
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgrammeFactory,
    ThemeFactory,
    an_hour_ago,
)

pytestmark = pytest.mark.django_db

D = datetime.date
BOM = b"\xef\xbb\xbf"
FORMULA = '=HYPERLINK("http://evil.example","Click")'


# --- Reading a download the way a spreadsheet or a program does -------------------------


def fetch(client, url):
    """(response, body bytes) of a download; the body is read from the stream."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, b"".join(response.streaming_content)


def csv_table(body):
    """(header, [{header: cell}]) of a CSV download."""
    assert body.startswith(BOM)
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def csv_rows(client, url):
    return csv_table(fetch(client, url)[1])[1]


def json_rows(client, url):
    return json.loads(fetch(client, url)[1].decode("utf-8"))


def slugs(rows):
    return [row["Slug"] for row in rows]


def listed_titles(client, url):
    """The card titles of every page of a list, in the order shown."""
    titles, page = [], 1
    while True:
        response = client.get(f"{url}&page={page}")
        if response.status_code == 404:
            return titles
        found = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.text)
        titles += [html.unescape(title) for title in found]
        page += 1


def download_links(response):
    """{"csv": href, "json": href} of the Download links on a list page."""
    page = response.content.decode()
    links = {}
    for href, label in re.findall(r'<a href="([^"]*)" download>Download (CSV|JSON)</a>', page):
        links[label.lower()] = href.replace("&amp;", "&")
    return links


# --- Meetings ---------------------------------------------------------------------------


@pytest.fixture
def meetings():
    """25 published meetings in Thailand (more than a page), one in Viet Nam, a meeting
    whose title is a spreadsheet formula, and a draft and a scheduled one in Thailand."""
    th = Country.objects.create(code="TH", name="Thailand", slug="thailand")
    vn = Country.objects.create(code="VN", name="Việt Nam", slug="viet-nam")
    jad = MeetingSeriesFactory(slug="japan-asean-dialogue")

    def meeting(**kwargs):
        defaults = {"published": True, "series": jad, "host_country": th, "end_date": None}
        return MeetingFactory(**{**defaults, **kwargs})

    thai = [
        meeting(
            number=n,
            title=f"Dialogue {n}",
            slug=f"dialogue-{n}",
            start_date=D(1990 + n, 6, 1),
            date_precision="day",
        )
        for n in range(1, 26)
    ]
    hanoi = meeting(
        number=30,
        title="Hanoi Dialogue",
        slug="hanoi-dialogue-2008",
        start_date=D(2008, 3, 1),
        date_precision="month",
        city="Hà Nội",
        host_country=vn,
    )
    formula = meeting(
        kind=Meeting.Kind.OTHER,
        number=None,
        title=FORMULA,
        slug="formula-meeting",
        start_date=D(2013, 9, 26),
        end_date=D(2013, 9, 27),
        city="@Bangkok",
        venue="-Hall +1",
    )
    draft = meeting(published=False, number=40, slug="draft-dialogue", title="Draft Dialogue")
    scheduled = meeting(
        published=False, scheduled=True, number=41, slug="scheduled-dialogue", title="Later"
    )
    return {"thai": thai, "hanoi": hanoi, "formula": formula, "hidden": [draft, scheduled]}


class TestMeetingDownloads:
    def test_the_urls(self):
        assert reverse("meetings:download_csv") == "/meetings/download.csv"
        assert reverse("meetings:download_json") == "/meetings/download.json"

    @pytest.mark.parametrize("rows_of", [csv_rows, json_rows])
    def test_every_page_of_the_filtered_published_meetings(self, client, meetings, rows_of):
        # The page number of the list does not cut the download to that page.
        for url in ("/meetings/download.csv?host=TH", "/meetings/download.csv?host=TH&page=2"):
            url = url.replace(".csv", ".csv" if rows_of is csv_rows else ".json")
            found = slugs(rows_of(client, url))
            expected = [m.slug for m in meetings["thai"]] + ["formula-meeting"]
            assert sorted(found) == sorted(expected)
            assert len(found) == 26  # more than the list's 20 a page
            assert not {"draft-dialogue", "scheduled-dialogue"} & set(found)

    def test_unfiltered_is_every_published_meeting_never_a_draft(self, client, meetings):
        found = set(slugs(csv_rows(client, "/meetings/download.csv")))
        assert found == {m.slug for m in Meeting.objects.published()}
        assert len(found) == 27
        assert not {"draft-dialogue", "scheduled-dialogue"} & found

    @pytest.mark.parametrize("ordering", ["newest", "oldest"])
    def test_the_order_of_the_list(self, client, meetings, ordering):
        shown = listed_titles(client, f"/meetings/?ordering={ordering}")
        rows = csv_rows(client, f"/meetings/download.csv?ordering={ordering}")
        assert [row["Title (English)"].removeprefix("'") for row in rows] == shown
        assert len(shown) == 27

    def test_filters_reaching_other_records_apply(self, client, meetings):
        rows = csv_rows(client, "/meetings/download.csv?q=Hà+Nội&year_from=2008&year_to=2008")
        assert slugs(rows) == ["hanoi-dialogue-2008"]

    def test_the_columns_are_the_resources(self, client, meetings):
        response, body = fetch(client, "/meetings/download.csv?host=VN")
        header, rows = csv_table(body)
        assert header == MeetingResource().export_headers()
        assert rows == [
            {
                **rows[0],
                "Slug": "hanoi-dialogue-2008",
                "Series": "japan-asean-dialogue",
                "Start date": "2008-03",  # at its precision: never an invented day
                "End date": "",
                "City (English)": "Hà Nội",
                "Host country": "VN",
            }
        ]

    def test_csv_is_utf8_with_a_bom_as_an_attachment(self, client, meetings):
        response, body = fetch(client, "/meetings/download.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
        assert body.startswith(BOM)
        assert body.count(BOM) == 1
        assert "Hà Nội" in body.decode("utf-8-sig")
        assert body.split(b"\n", 1)[0].endswith(b"\r")  # RFC 4180 line endings

    def test_json_is_a_list_of_objects_keyed_by_the_headers(self, client, meetings):
        response, body = fetch(client, "/meetings/download.json?host=VN")
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == 'attachment; filename="meetings.json"'
        rows = json.loads(body.decode("utf-8"))
        assert rows == csv_rows(client, "/meetings/download.csv?host=VN")
        assert list(rows[0]) == MeetingResource().export_headers()
        assert rows[0]["City (English)"] == "Hà Nội"

    def test_nothing_selected_is_an_empty_file(self, client, meetings):
        assert json_rows(client, "/meetings/download.json?year_from=2100") == []
        _, body = fetch(client, "/meetings/download.csv?year_from=2100")
        header, rows = csv_table(body)
        assert header == MeetingResource().export_headers()
        assert rows == []

    @pytest.mark.parametrize("rows_of", [csv_rows, json_rows])
    def test_formulas_are_escaped(self, client, meetings, rows_of):
        ext = "csv" if rows_of is csv_rows else "json"
        (row,) = rows_of(client, f"/meetings/download.{ext}?q=Click")
        assert row["Title (English)"] == "'" + FORMULA
        assert row["City (English)"] == "'@Bangkok"
        assert row["Venue (English)"] == "'-Hall +1"
        assert row["Start date"] == "2013-09-26"  # a date stays a date
        assert row["End date"] == "2013-09-27"

    def test_a_download_imports_back_unchanged(self, client, meetings):
        _, body = fetch(client, "/meetings/download.csv")
        result = MeetingResource().import_data(read_file(body, "meetings.csv"), dry_run=True)
        assert not result.has_errors()
        assert not result.has_validation_errors()
        assert result.totals["skip"] == 27  # every row the same as the record's
        assert Meeting.objects.get(slug="formula-meeting").title == FORMULA

    @pytest.mark.parametrize("ext", ["csv", "json"])
    @pytest.mark.parametrize(
        "query, label",
        [
            ("year_from=abc", "From year"),
            ("host=ZZ", "Host country"),
            ("year_from=2015&year_to=2010", "To year"),
            ("ordering=sideways", "Order"),
            ("series=no-such-series&kind=summit", "Series"),
        ],
    )
    def test_invalid_filters_are_a_400_in_words(self, client, meetings, ext, query, label):
        response = client.get(f"/meetings/download.{ext}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Content-Disposition" not in response
        text = response.content.decode()
        assert "not valid" in text
        assert f"{label}: " in text

    def test_the_same_queries_for_5_and_500_meetings(self, client):
        series = MeetingSeriesFactory()
        host = Country.objects.create(code="TH", name="Thailand", slug="thailand")

        def add(first, count):
            Meeting.objects.bulk_create(
                Meeting(
                    series=series,
                    number=n,
                    title=f"Bulk {n}",
                    slug=f"bulk-{n}",
                    start_date=D(2000, 1, 1) + datetime.timedelta(days=n),
                    city="Bulk City",
                    host_country=host,
                    status=PublicationStatus.PUBLISHED,
                    published_at=an_hour_ago(),
                )
                for n in range(first, first + count)
            )

        def download():
            with CaptureQueriesContext(connection) as queries:
                rows = csv_rows(client, "/meetings/download.csv?host=TH&series=" + series.slug)
            return rows, len(queries.captured_queries)

        add(1, 5)
        small, small_queries = download()
        add(6, 495)
        content_changed()  # bulk writes send no signals: tell the page cache, as imports do
        large, large_queries = download()
        assert (len(small), len(large)) == (5, 500)
        assert large_queries == small_queries
        # Two filter values checked, then the meetings with series and host joined.
        assert small_queries == 3

    def test_the_list_links_to_its_downloads_without_the_page(self, client, meetings):
        response = client.get("/meetings/?host=TH&ordering=oldest&page=2")
        assert download_links(response) == {
            "csv": "/meetings/download.csv?host=TH&ordering=oldest",
            "json": "/meetings/download.json?host=TH&ordering=oldest",
        }
        assert "These meetings as a file" in response.text
        unfiltered = client.get("/meetings/")
        assert download_links(unfiltered) == {
            "csv": "/meetings/download.csv",
            "json": "/meetings/download.json",
        }
        assert "All meetings as a file" in unfiltered.text

    def test_a_list_with_invalid_filters_offers_the_whole_list(self, client, meetings):
        response = client.get("/meetings/?year_from=abc&host=TH")
        assert download_links(response) == {
            "csv": "/meetings/download.csv",
            "json": "/meetings/download.json",
        }


# --- Programmes -------------------------------------------------------------------------


@pytest.fixture
def programmes():
    """22 published programmes on sustainable cities funded by JAIF (more than a page),
    one on biodiversity, one whose name is a formula, a draft and a scheduled one."""
    th = Country.objects.create(code="TH", name="Thailand", slug="thailand")
    vn = Country.objects.create(code="VN", name="Việt Nam", slug="viet-nam")
    cities = ThemeFactory(name="Sustainable cities", slug="sustainable-cities")
    biodiversity = ThemeFactory(name="Biodiversity", slug="biodiversity")
    jaif = FundFactory(name="Japan-ASEAN Integration Fund", acronym="JAIF", slug="jaif")
    other = FundFactory(slug="other-fund")

    def programme(**kwargs):
        defaults = {"published": True, "fund": jaif, "themes": [cities], "countries": [vn, th]}
        return ProgrammeFactory(**{**defaults, **kwargs})

    city_programmes = [
        programme(name=f"Cities Programme {n:02d}", slug=f"cities-{n:02d}") for n in range(22)
    ]
    programme(
        name="Biodiversity Programme",
        slug="biodiversity-programme",
        themes=[biodiversity, cities],
        fund=other,
        countries=[th],
        programme_status=Programme.Status.COMPLETED,
    )
    programme(
        name="+Plus Programme",
        slug="plus-programme",
        summary=FORMULA,
        other_names="=1+1",
        start_year=2011,
        end_year=2013,
    )
    programme(published=False, name="Draft Programme", slug="draft-programme")
    programme(published=False, scheduled=True, name="Later Programme", slug="later-programme")
    return {"cities": city_programmes}


class TestProgrammeDownloads:
    def test_the_urls(self):
        assert reverse("programmes:download_csv") == "/programmes/download.csv"
        assert reverse("programmes:download_json") == "/programmes/download.json"

    @pytest.mark.parametrize("ext", ["csv", "json"])
    def test_every_page_of_the_filtered_published_programmes(self, client, programmes, ext):
        rows_of = csv_rows if ext == "csv" else json_rows
        url = f"/programmes/download.{ext}?theme=sustainable-cities&fund=jaif&page=2"
        found = slugs(rows_of(client, url))
        assert found == sorted(  # by name, as the list
            [p.slug for p in programmes["cities"]] + ["plus-programme"],
            key=lambda slug: Programme.objects.get(slug=slug).name,
        )
        assert len(found) == 23
        all_published = set(slugs(rows_of(client, f"/programmes/download.{ext}")))
        assert len(all_published) == 24
        assert not {"draft-programme", "later-programme"} & all_published

    def test_the_columns_are_the_resources(self, client, programmes):
        response, body = fetch(client, "/programmes/download.csv?status=completed")
        header, rows = csv_table(body)
        assert header == ProgrammeResource().export_headers()
        (row,) = rows
        assert row["Slug"] == "biodiversity-programme"
        assert row["Themes"] == "biodiversity|sustainable-cities"
        assert row["Countries involved"] == "TH"
        assert row["Fund"] == "other-fund"

    def test_csv_and_json_files(self, client, programmes):
        response, body = fetch(client, "/programmes/download.csv?country=VN")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="programmes.csv"'
        assert body.startswith(BOM)
        response, body = fetch(client, "/programmes/download.json?country=VN")
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == 'attachment; filename="programmes.json"'
        rows = json.loads(body)
        assert rows == csv_rows(client, "/programmes/download.csv?country=VN")
        assert len(rows) == 23
        assert {row["Countries involved"] for row in rows} == {"TH|VN"}

    def test_formulas_are_escaped(self, client, programmes):
        for rows_of, ext in ((csv_rows, "csv"), (json_rows, "json")):
            (row,) = rows_of(client, f"/programmes/download.{ext}?q=Plus")
            assert row["Name (English)"] == "'+Plus Programme"
            assert row["Summary (English)"] == "'" + FORMULA
            assert row["Other names (English)"] == "'=1+1"
            assert (row["Start year"], row["End year"]) == ("2011", "2013")

    @pytest.mark.parametrize("ext", ["csv", "json"])
    @pytest.mark.parametrize(
        "query, label",
        [
            ("theme=no-such-theme", "Theme"),
            ("status=bogus", "Status"),
            ("country=ZZ", "Country"),
            ("ordering=slug", "Sort by"),
        ],
    )
    def test_invalid_filters_are_a_400_in_words(self, client, programmes, ext, query, label):
        response = client.get(f"/programmes/download.{ext}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert f"{label}: " in response.content.decode()

    def test_the_same_queries_for_5_and_500_programmes(self, client):
        fund = Fund.objects.create(name="Fund", slug="fund")
        themes = Theme.objects.bulk_create(
            Theme(name=f"Theme {n}", slug=f"theme-{n}") for n in range(3)
        )
        countries = Country.objects.bulk_create(
            Country(code=code, name=f"Land {code}", slug=f"land-{code.lower()}")
            for code in ("TH", "VN", "ID")
        )

        def add(first, count):
            added = Programme.objects.bulk_create(
                Programme(
                    name=f"Bulk {n:04d}",
                    slug=f"bulk-{n:04d}",
                    fund=fund,
                    status=PublicationStatus.PUBLISHED,
                    published_at=an_hour_ago(),
                )
                for n in range(first, first + count)
            )
            Programme.themes.through.objects.bulk_create(
                Programme.themes.through(programme=p, theme=t) for p in added for t in themes[:2]
            )
            Programme.countries.through.objects.bulk_create(
                Programme.countries.through(programme=p, country=c)
                for p in added
                for c in countries
            )

        def download():
            with CaptureQueriesContext(connection) as queries:
                rows = csv_rows(client, "/programmes/download.csv?theme=theme-0&fund=fund")
            return rows, len(queries.captured_queries)

        add(0, 5)
        small, small_queries = download()
        add(5, 495)
        content_changed()  # bulk writes send no signals: tell the page cache, as imports do
        large, large_queries = download()
        assert (len(small), len(large)) == (5, 500)
        assert large[-1]["Themes"] == "theme-0|theme-1"
        assert large[-1]["Countries involved"] == "ID|TH|VN"
        assert large_queries == small_queries
        # Two filter values checked; the programmes with their fund; themes; countries.
        assert small_queries == 5

    def test_the_list_links_to_its_downloads_without_the_page(self, client, programmes):
        response = client.get("/programmes/?theme=sustainable-cities&page=2")
        assert download_links(response) == {
            "csv": "/programmes/download.csv?theme=sustainable-cities",
            "json": "/programmes/download.json?theme=sustainable-cities",
        }
        assert "These programmes as a file" in response.text
        invalid = client.get("/programmes/?theme=no-such-theme")
        assert download_links(invalid) == {
            "csv": "/programmes/download.csv",
            "json": "/programmes/download.json",
        }


def test_an_empty_record_downloads_empty_lists(client):
    """A site with nothing published downloads empty files, not errors."""
    assert json_rows(client, "/meetings/download.json") == []
    assert json_rows(client, "/programmes/download.json") == []


# --- A database outage ------------------------------------------------------------------


def refuse(execute, sql, params, many, context):
    """Every query fails as it does when PostgreSQL is down or restarting."""
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/download.csv",
        "/meetings/download.json",
        "/ja/meetings/download.csv",
        "/programmes/download.csv",
        "/programmes/download.json",
    ],
)
def test_a_database_outage_is_the_503_page_not_a_broken_stream(client, url):
    """The first rows are read in the view, where the outage middleware answers with the
    503 page; read inside the stream, the failure came after the 200 had been decided
    and the app server answered a bare 500 (or cut the file short)."""
    MeetingFactory(published=True)
    ProgrammeFactory(published=True)
    client.raise_request_exception = False

    with connection.execute_wrapper(refuse):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Disposition" not in response
    page = content.decode()
    if url.startswith("/ja/"):
        assert '<html lang="ja">' in page and "<h1>" in page  # the page in Japanese
    else:
        assert "<h1>The site is briefly unavailable</h1>" in page
    assert "Connection refused" not in page
    # And once the database is back, the same address is the file again.
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
