"""Bulk writes send no model signals, so the writers tell the page cache themselves: after
an import (command line, admin confirm or site restore all go through import_data) and
after generate_demo_data, the next anonymous request shows the new record."""

import pytest
from django.core.management import call_command

from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    return response.get("X-Page-Cache"), response.content.decode()


@pytest.fixture
def cached_list(client):
    """The meetings list, cached (the second request is a hit)."""
    series = MeetingSeriesFactory(slug="jad")
    CountryFactory(code="VN", name="Viet Nam", slug="viet-nam")
    MeetingFactory(series=series, title="Existing Dialogue", published=True)
    get(client, "/meetings/")
    state, page = get(client, "/meetings/")
    assert state == "hit" and "Existing Dialogue" in page
    return series


def test_an_import_shows_on_the_next_request(client, cached_list, tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Slug,Series,Kind,Title,Start date,City,Host country,Publication status,Publish time\n"
        "imported-dialogue,jad,other,Imported Dialogue,2019-05,Hanoi,VN,published,"
        "2020-01-01T00:00:00+00:00\n",
        encoding="utf-8",
    )
    call_command("import_records", "meetings", str(path), verbosity=0)

    state, page = get(client, "/meetings/")
    assert state == "miss"
    assert "Imported Dialogue" in page and "Existing Dialogue" in page


def test_a_dry_run_import_keeps_the_cached_page(client, cached_list, tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Slug,Series,Kind,Title,Start date,City,Host country\n"
        "imported-dialogue,jad,other,Imported Dialogue,2019-05,Hanoi,VN\n",
        encoding="utf-8",
    )
    call_command("import_records", "meetings", str(path), "--dry-run", verbosity=0)

    assert get(client, "/meetings/")[0] == "hit"


def test_generated_demo_data_shows_on_the_next_request(client, cached_list):
    call_command(
        "generate_demo_data", "--series", "1", "--meetings", "30", "--seed", "3", verbosity=0
    )

    state, page = get(client, "/meetings/")
    assert state == "miss"
    assert "/meetings/demo-" in page
