"""Public downloads of the programmes list: /programmes/download.csv|json hold exactly
what the list's filters select, every page of it, by name as the list, published
programmes only, in ProgrammeResource's columns (themes and countries by natural key),
formulas escaped; an invalid filter is a 400 in words, and the queries do not grow with
the programmes.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PublicationStatus, content_changed
from meetings.models import Country
from programmes.models import Fund, Programme, Theme
from programmes.resources import ProgrammeResource
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
from tests.factories import FundFactory, ProgrammeFactory, ThemeFactory, an_hour_ago

pytestmark = pytest.mark.django_db


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
