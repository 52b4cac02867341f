"""Public downloads of the meetings list: /meetings/download.csv|json hold exactly what
the list's filters select, every page of it, in the list's order, published meetings
only, in MeetingResource's columns, formulas escaped; they import back unchanged, an
invalid filter is a 400 in words, and the queries do not grow with the meetings.
"""

import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PublicationStatus, content_changed
from exchange.files import read_file
from meetings.models import Country, Meeting
from meetings.resources import MeetingResource
from tests.exchange.download_helpers import (
    BOM,
    FORMULA,
    csv_rows,
    csv_table,
    download_links,
    fetch,
    json_rows,
    slugs,
)
from tests.factories import MeetingFactory, MeetingSeriesFactory, an_hour_ago, kind_named

pytestmark = pytest.mark.django_db

D = datetime.date


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
        kind=kind_named("other"),
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
