"""The public lists beyond the home page: a filter offers only what published records use,
the meetings feed survives odd characters, a country's counts include what it hosted."""

import pytest

from tests.factories import (
    CountryFactory,
    FundFactory,
    MeetingFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_programme_filter_offers_no_theme_or_fund_of_a_draft_programme(client):
    ProgrammeFactory(
        published=True, themes=[ThemeFactory(slug="open-theme")], fund=FundFactory(slug="open-fund")
    )
    ProgrammeFactory(
        themes=[ThemeFactory(slug="secret-theme")], fund=FundFactory(slug="secret-fund")
    )
    page = client.get("/programmes/").content.decode()
    assert 'value="open-theme"' in page and 'value="open-fund"' in page
    assert "secret-theme" not in page and "secret-fund" not in page


def test_the_feed_survives_a_control_character_typed_into_a_meeting(client):
    MeetingFactory(published=True, title="Line\x0bbreak", outline="One\x0btwo\x08")
    response = client.get("/meetings/feed/")
    assert response.status_code == 200
    assert "Line break" in response.content.decode()


def test_a_host_counts_as_attending_its_meeting(client):
    viet_nam = CountryFactory(code="VN", name="Viet Nam", slug="viet-nam")
    MeetingFactory(published=True, host_country=viet_nam, title="Hanoi Dialogue")
    represented = MeetingFactory(published=True, title="Elsewhere Dialogue")
    ParticipationFactory(meeting=represented, country=viet_nam, person=None, organisation=None)
    MeetingFactory(host_country=viet_nam, title="Draft Dialogue")  # a draft never counts

    listing = client.get("/countries/").content.decode()
    row = listing[listing.index(">Viet Nam<") :]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:3]]
    assert cells == ["1", "2"]  # hosted 1, attended 2

    page = client.get(viet_nam.get_absolute_url()).content.decode()
    attended = page[page.index('id="attended-heading"') :]
    assert "Hanoi Dialogue" in attended and "Elsewhere Dialogue" in attended
    assert "Draft Dialogue" not in page

    filtered = client.get("/meetings/?country=VN").content.decode()
    assert "Hanoi Dialogue" in filtered and "Elsewhere Dialogue" in filtered
