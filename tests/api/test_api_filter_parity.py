"""Filter parity: the same query string gives the same records in the same order on the
API as on the public list (meetings, programmes, documents), read page by page on both
sides (the API's cursor pages through ties of dates, unnumbered meetings and undated
documents in the list's order)."""

import datetime

import pytest

from core.models import PublicationStatus
from tests.api.conftest import get_json
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    DocumentFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    kind_named,
)

pytestmark = pytest.mark.django_db

API_PAGE = 7  # smaller than the pages' 20: the cursor crosses ties


@pytest.fixture
def varied():
    """30 meetings over ten dates (three a day: ties), two series, some unnumbered, hosts,
    participants and programmes varied; 25 programmes; 30 documents, some undated."""
    vn = CountryFactory(code="VN", slug="viet-nam", name="Viet Nam")
    th = CountryFactory(code="TH", slug="thailand", name="Thailand")
    series = [MeetingSeriesFactory(slug="alpha"), MeetingSeriesFactory(slug="beta")]
    themes = [ThemeFactory(slug="water"), ThemeFactory(slug="air")]
    funds = [FundFactory(slug="jaif"), FundFactory(slug="other-fund")]
    person = PersonFactory(slug="ms-lan")
    ministry = OrganisationFactory(slug="monre")
    programmes = []
    for n in range(25):
        programmes.append(
            ProgrammeFactory(
                name=f"{'Mekong' if n % 4 == 0 else 'Coastal'} Programme {n:02d}",
                slug=f"programme-{n}",
                published=n != 7,
                fund=funds[n % 2],
                themes=[themes[n % 2]],
                countries=[vn if n % 3 else th],
                programme_status="ongoing" if n % 2 else "completed",
                kind="programme" if n % 5 else "forum",
            )  # fmt: skip
        )
    meetings = []
    for n in range(30):
        numbered = n % 6 != 5
        meeting = MeetingFactory(
            series=series[n % 2], kind=kind_named("dialogue" if numbered else "workshop"),
            number=n + 1 if numbered else None, slug=f"meeting-{n}",
            title=f"{'Mekong' if n % 5 == 0 else 'Annual'} Meeting {n}",
            start_date=datetime.date(2001 + n // 3, 3, 1), end_date=None,
            host_country=vn if n % 3 == 0 else th, published=n != 13,
        )  # fmt: skip
        meetings.append(meeting)
        if n % 4 == 0:
            ParticipationFactory(meeting=meeting, person=person, organisation=ministry, country=vn)
        DiscussionFactory(meeting=meeting, programme=programmes[n % 5])
    MeetingFactory(
        slug="scheduled", status=PublicationStatus.PUBLISHED,
        published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    for n in range(30):
        owner = {"meeting": meetings[n % 10]} if n % 6 else {"meeting": None}
        if not owner["meeting"]:
            owner["programme"] = programmes[n % 5]
        DocumentFactory(
            slug=f"doc-{n}", title=f"{'Agenda' if n % 2 else 'Report'} {n}",
            kind="agenda" if n % 2 else "report", language="ja" if n % 3 == 0 else "en",
            file=None, url="https://example.org/d.pdf", published=n != 11,
            date=None if n % 7 == 0 and not owner["meeting"] else datetime.date(2005, 1 + n % 3, 1),
            date_precision="month", **owner,
        )  # fmt: skip


def page_keys(client, path, query):
    """The records of the public list, every page, in order."""
    keys, page = [], 1
    while True:
        separator = "&" if query else ""
        response = client.get(f"{path}?{query}{separator}page={page}")
        assert response.status_code == 200
        context = response.context
        keys += [record.slug for record in context["page_obj"].object_list]
        if not context["page_obj"].has_next():
            return keys
        page += 1


def api_keys(client, endpoint, query):
    keys, count = [], None
    url = f"/api/v1/{endpoint}/?{query}&page_size={API_PAGE}"
    while url:
        data = get_json(client, url)
        keys += [record["slug"] for record in data["results"]]
        count = data["count"]
        url = data["next"] and data["next"].removeprefix("http://testserver")
    assert count == len(keys)
    return keys


MEETING_QUERIES = [
    "",
    "ordering=oldest",
    "series=alpha",
    "host=VN",
    "country=VN",
    "programme=programme-2",
    "theme=water",
    "person=ms-lan",
    "organisation=monre",
    "year_from=2003&year_to=2007",
    "kind=workshop",
    "q=Mekong",
    "series=beta&ordering=oldest&year_from=2004",
]
PROGRAMME_QUERIES = [
    "",
    "ordering=-name",
    "theme=water",
    "fund=jaif",
    "status=ongoing",
    "country=TH",
    "kind=forum",
    "q=Mekong",
    "theme=air&ordering=-name",
]
DOCUMENT_QUERIES = [
    "",
    "kind=agenda",
    "series=alpha",
    "year=2005",
    "language=ja",
    "meeting=meeting-3",
    "programme=programme-1",
    "kind=report&language=en",
]


@pytest.mark.parametrize("query", MEETING_QUERIES)
def test_meetings_match_the_public_list(client, varied, query):
    expected = page_keys(client, "/meetings/", query)
    assert expected, query
    assert api_keys(client, "meetings", query) == expected


@pytest.mark.parametrize("query", PROGRAMME_QUERIES)
def test_programmes_match_the_public_list(client, varied, query):
    expected = page_keys(client, "/programmes/", query)
    assert expected, query
    assert api_keys(client, "programmes", query) == expected


@pytest.mark.parametrize("query", DOCUMENT_QUERIES)
def test_documents_match_the_public_list(client, varied, query):
    expected = page_keys(client, "/documents/", query)
    assert expected, query
    assert api_keys(client, "documents", query) == expected


def test_the_previous_link_walks_back_over_the_same_records(client, varied):
    """(Pages walked back may cut the list elsewhere: DRF's cursor counts ties of dates
    from the other end; every record comes once, in order.)"""
    forward, url = [], "/api/v1/meetings/?page_size=4"
    while url:
        data = get_json(client, url)
        forward.append([m["slug"] for m in data["results"]])
        last, url = data, data["next"] and data["next"].removeprefix("http://testserver")
    backward, url = [], last["previous"].removeprefix("http://testserver")
    while url:
        data = get_json(client, url)
        backward.insert(0, [m["slug"] for m in data["results"]])
        url = data["previous"] and data["previous"].removeprefix("http://testserver")
    flat = [slug for page in forward[:-1] for slug in page]
    assert [slug for page in backward for slug in page] == flat
