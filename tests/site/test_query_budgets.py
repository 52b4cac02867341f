"""Every public page runs a fixed number of SQL queries, whatever the size of the record.

Each page is fetched uncached (the page cache turned off) on a small record and on one ten
times bigger, and must run exactly its budget of queries both times. The record grows
around fixed "anchor" records so that every page has more to show: the anchor meeting
gets more participants and discussions, the anchor country hosts and attends more
meetings, the anchor person and organisation take part in more, the anchor programme is
discussed more often; drafts and scheduled records grow alongside (they cost no query
either).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
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
    in_a_week,
)
from tests.search.budget import search_queries

pytestmark = pytest.mark.django_db

SMALL, BIG = 2, 20  # units of record (see ``grow``)

# page: (URL, its budget of queries), fetched right after the record changed: what the
# page derives from the whole record (core.derived) is worked out then, once per content
# version, and a later view of any page skips those queries. Comments say what they are.
PAGES = {
    # once per version: meetings per series and year, the series, the latest meetings,
    # the programmes with their total
    "home": ("/", 4),
    # the count, the page; once per version: the choices of the six filters on records
    # (series, kind, host, participating country, the programmes discussed most, theme)
    # and the number of programmes (for the programme choice's hint)
    "meetings list": ("/meetings/", 9),
    "meetings list, oldest first": ("/meetings/?ordering=oldest", 9),
    # each of the six values checked, the organisations and the countries named by the
    # text, then as above
    "meetings list, every filter": (
        "/meetings/?q=Dialogue&series={series}&host={country}&country={country}"
        "&programme={programme}&theme={theme}&kind=dialogue&year_from=2000&year_to=2030",
        17,
    ),
    # the meeting, participants, discussions, organisers, previous and next meetings, the
    # first documents with their number
    "meeting": ("/meetings/{meeting}/", 7),
    "meeting calendar event": ("/meetings/{meeting}/calendar.ics", 1),
    "calendar": ("/meetings/calendar.ics", 1),
    # the host and the theme checked, the rows
    "calendar, filtered": ("/meetings/calendar.ics?host={country}&theme={theme}", 3),
    # the latest meetings, their documents
    "feed": ("/meetings/feed/", 2),
    # the rows (streamed in chunks of 2,000), many-to-many columns per chunk
    "meetings CSV": ("/meetings/download.csv", 1),
    "meetings JSON, filtered": ("/meetings/download.json?country={country}", 2),
    # the count, the choices of theme, fund and country, the page
    "programmes list": ("/programmes/", 5),
    # theme, fund and country checked, then as above
    "programmes list, every filter": (
        "/programmes/?q=Programme&theme={theme}&fund={fund}&status=ongoing"
        "&country={country}&kind=programme&ordering=-name",
        8,
    ),
    # the programme, its themes, countries, timeline, the first documents with their number
    "programme": ("/programmes/{programme}/", 5),
    # the count, the series (the filter's choices), the page
    "documents list": ("/documents/", 3),
    # the meeting and the programme checked, then as above (the words' entries in the
    # search index are a subquery of the count and of the page)
    "documents list, every filter": (
        "/documents/?q=agenda&kind=agenda&series={series}&year=2011&language=en"
        "&meeting={meeting}&programme={programme}",
        5,
    ),
    # the rows, their themes, their countries
    "programmes CSV": ("/programmes/download.csv", 3),
    "programmes JSON, filtered": ("/programmes/download.json?theme={theme}", 4),
    # the countries; once per version: meetings hosted and attended per country and
    # series, people per country
    "countries": ("/countries/", 4),
    # the country with its number of programmes, the series, the latest hosted, the latest
    # attended, representatives, programmes; once per version: the three counts above
    "country": ("/countries/{country_slug}/", 9),
    # the person, meetings per series, the series, the latest participations
    "person": ("/people/{person}/", 4),
    # the organisation, series organised, the series, the latest participations; once per
    # version: participations per organisation and series
    "organisation": ("/organisations/{organisation}/", 5),
    # each kind's first entries; the records of the one kind found (tests/search/budget.py)
    "search": ("/search/?q=Dialogue+Delegate", search_queries(kinds_found=1)),
    # the index: the count of each section but the static pages, the latest change of the
    # meetings and of the programmes; the documents' count and latest change
    "sitemap": ("/sitemap.xml", 9),
    # a page: its section's count, its own rows (listed once per language)
    "sitemap of meetings": ("/sitemap-meetings.xml", 2),
    "sitemap of people": ("/sitemap-people.xml", 2),
    "robots.txt": ("/robots.txt", 0),
}


@pytest.fixture
def anchors():
    country = CountryFactory(is_asean_member=True)
    organisation = OrganisationFactory(country=country)
    series = MeetingSeriesFactory(organisers=[organisation])
    theme = ThemeFactory()
    fund = FundFactory()
    meeting = MeetingFactory(series=series, host_country=country, published=True)
    programme = ProgrammeFactory(published=True, fund=fund, themes=[theme], countries=[country])
    person = PersonFactory()
    ParticipationFactory(meeting=meeting, person=person, organisation=organisation)
    DiscussionFactory(meeting=meeting, programme=programme)
    return SimpleNamespace(
        country=country,
        organisation=organisation,
        series=series,
        theme=theme,
        fund=fund,
        meeting=meeting,
        programme=programme,
        person=person,
    )


def grow(a, units):
    """Add ``units`` units of record around the anchors ``a``."""
    for n in range(units):
        day = datetime.date(2001, 1, 1) + datetime.timedelta(days=200 * n + 7)
        host = a.country if n % 2 else CountryFactory()
        meeting = MeetingFactory(
            series=a.series if n % 3 else MeetingSeriesFactory(organisers=[OrganisationFactory()]),
            host_country=host,
            start_date=day,
            end_date=None,
            published=True,
        )
        ParticipationFactory(
            meeting=meeting, person=a.person, organisation=a.organisation, country=a.country
        )
        ParticipationFactory(meeting=meeting)  # someone new, from a new country
        ParticipationFactory(meeting=a.meeting, organisation=a.organisation, country=None)
        programme = ProgrammeFactory(
            published=True,
            fund=a.fund if n % 2 else FundFactory(),
            themes=[a.theme, ThemeFactory()],
            countries=[a.country, CountryFactory()],
        )
        DiscussionFactory(meeting=meeting, programme=programme)
        DiscussionFactory(meeting=meeting, programme=a.programme)
        DiscussionFactory(meeting=a.meeting, programme=programme)
        # Documents (addresses: no file to read): more on the anchors than a page shows.
        for owner in ({"meeting": a.meeting}, {"meeting": a.meeting}, {"meeting": meeting}):
            DocumentFactory(published=True, file=None, url="https://example.org/a.pdf", **owner)
        DocumentFactory(
            published=True,
            file=None,
            url="https://example.org/r.pdf",
            meeting=None,
            programme=a.programme,
        )
        DocumentFactory(file=None, url="https://example.org/d.pdf", meeting=a.meeting)
        # Drafts and scheduled records, linked to the anchors too: never shown, never a query.
        draft = MeetingFactory(series=a.series, host_country=a.country)
        ParticipationFactory(meeting=draft, person=a.person, organisation=a.organisation)
        DiscussionFactory(meeting=draft, programme=a.programme)
        ProgrammeFactory(themes=[a.theme], countries=[a.country])
        MeetingFactory(
            series=a.series,
            host_country=a.country,
            status=PublicationStatus.PUBLISHED,
            published_at=in_a_week(),
        )


def url_of(page, a):
    return PAGES[page][0].format(
        meeting=a.meeting.slug,
        programme=a.programme.slug,
        country=a.country.code,
        country_slug=a.country.slug,
        person=a.person.slug,
        organisation=a.organisation.slug,
        series=a.series.slug,
        theme=a.theme.slug,
        fund=a.fund.slug,
    )


def fetch(client, url):
    """(status, body, number of queries) of an uncached GET, the body read whole."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content, len(queries.captured_queries)


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


# (Not "page": pytest-playwright would take the test for a browser test.)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_the_queries_of_a_page_do_not_grow_with_the_record(client, anchors, page_name):
    budget = PAGES[page_name][1]
    grow(anchors, SMALL)
    status, small, small_queries = fetch(client, url_of(page_name, anchors))
    assert status == 200
    grow(anchors, BIG - SMALL)
    status, big, big_queries = fetch(client, url_of(page_name, anchors))
    assert status == 200
    assert (small_queries, big_queries) == (budget, budget)
    # (The sitemap index lists the same pages until a section outgrows its first page.)
    if page_name not in ("robots.txt", "meeting calendar event", "sitemap"):
        assert len(big) > len(small), "the bigger record should show more"
