"""Shared helpers of the API tests: a small published record beside drafts and
scheduled records, and a JSON GET that checks the answer is JSON."""

import datetime

import pytest

from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


@pytest.fixture
def record(db):
    """A published meeting (known to the month) with a participant and a discussion of a
    published programme, and a document; a second meeting a year later."""
    viet_nam = CountryFactory(code="VN", name="Viet Nam", slug="viet-nam", is_asean_member=True)
    ministry = OrganisationFactory(
        name="Ministry of Natural Resources", slug="monre", country=viet_nam
    )
    series = MeetingSeriesFactory(slug="dialogue", name="The Dialogue", organisers=[ministry])
    meeting = MeetingFactory(
        series=series, number=3, title="Third Dialogue", slug="third-dialogue",
        start_date=datetime.date(2008, 3, 1), end_date=None, date_precision="month",
        host_country=viet_nam, published=True,
    )  # fmt: skip
    later = MeetingFactory(
        series=series, number=4, title="Fourth Dialogue", slug="fourth-dialogue",
        start_date=datetime.date(2009, 5, 12), end_date=None, published=True,
    )  # fmt: skip
    person = PersonFactory(name="Nguyen Van A", slug="nguyen-van-a")
    participation = ParticipationFactory(
        meeting=meeting, person=person, organisation=ministry, country=viet_nam
    )
    theme = ThemeFactory(slug="biodiversity", name="Biodiversity")
    programme = ProgrammeFactory(
        slug="mangroves", name="Mangrove Programme", published=True, themes=[theme],
        countries=[viet_nam],
    )  # fmt: skip
    discussion = DiscussionFactory(meeting=meeting, programme=programme)
    document = DocumentFactory(
        meeting=meeting, slug="agenda", title="Agenda", published=True, file=None,
        url="https://example.org/agenda.pdf",
    )  # fmt: skip
    return locals()
