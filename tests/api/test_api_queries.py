"""Every endpoint runs a fixed number of SQL queries, whatever the size of the record:
fetched uncached on the query-budget tests' small record and on one ten times bigger
(tests/site/test_query_budgets.py: the same anchors and growth, drafts and scheduled
records included), each list, filtered list, expanded list and detail runs its budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.site.test_query_budgets import BIG, SMALL, anchors, grow  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# endpoint: (URL, its budget). A list: the count and the page; plus one per prefetched
# to-many relation (the programmes' themes and countries, the series' organisers) and
# one per filter value checked (a slug or a code names a record: one lookup each).
ENDPOINTS = {
    "meetings": ("/api/v1/meetings/", 2),
    "meetings, expanded": ("/api/v1/meetings/?expand=series,host_country", 3),
    "meetings, every filter": (
        "/api/v1/meetings/?q=Dialogue&series={series}&host={country}&country={country}"
        "&programme={programme}&theme={theme}&kind=dialogue&year_from=2000&year_to=2030"
        "&ordering=oldest",
        10,
    ),
    "meeting": ("/api/v1/meetings/{meeting}/", 1),
    "meeting, expanded": ("/api/v1/meetings/{meeting}/?expand=series,host_country", 2),
    "participations": ("/api/v1/participations/", 2),
    "participations, expanded": (
        "/api/v1/participations/?expand=meeting,person,organisation,country",
        2,
    ),
    "participations of a meeting": ("/api/v1/participations/?meeting={meeting}", 3),
    "participation": ("/api/v1/participations/{participation}/", 1),
    "people": ("/api/v1/people/", 2),
    "person": ("/api/v1/people/{person}/", 1),
    "organisations": ("/api/v1/organisations/?expand=country", 2),
    "organisation": ("/api/v1/organisations/{organisation}/", 1),
    "countries": ("/api/v1/countries/", 2),
    "country": ("/api/v1/countries/{country}/", 1),
    "series": ("/api/v1/series/", 3),
    # the organisers, and their countries (an expanded organisation links its country)
    "series, expanded": ("/api/v1/series/?expand=organisers", 4),
    "one series": ("/api/v1/series/{series}/", 2),
    "programmes": ("/api/v1/programmes/", 4),
    "programmes, every filter": (
        "/api/v1/programmes/?q=Programme&theme={theme}&fund={fund}&status=ongoing"
        "&country={country}&kind=programme&ordering=-name&expand=fund,themes,countries",
        7,
    ),
    "programme": ("/api/v1/programmes/{programme}/", 3),
    "discussions": ("/api/v1/discussions/?expand=meeting,programme", 4),
    "discussion": ("/api/v1/discussions/{discussion}/", 1),
    "themes": ("/api/v1/themes/", 2),
    "theme": ("/api/v1/themes/{theme}/", 1),
    "funds": ("/api/v1/funds/", 2),
    "fund": ("/api/v1/funds/{fund}/", 1),
    "documents": ("/api/v1/documents/", 2),
    "documents, every filter": (
        "/api/v1/documents/?q=agenda&kind=agenda&series={series}&year=2011&language=en"
        "&meeting={meeting}&programme={programme}&expand=meeting,programme",
        5,
    ),
    "document": ("/api/v1/documents/{document}/", 1),
}


def url_of(name, a):
    return ENDPOINTS[name][0].format(
        meeting=a.meeting.slug,
        programme=a.programme.slug,
        country=a.country.code,
        person=a.person.slug,
        organisation=a.organisation.slug,
        series=a.series.slug,
        theme=a.theme.slug,
        fund=a.fund.slug,
        participation=a.meeting.participations.first().pk,
        discussion=a.meeting.discussions.first().pk,
        document=a.meeting.documents.filter(status="published").first().slug,
    )


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.content, len(queries.captured_queries)


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_the_queries_of_an_endpoint_do_not_grow_with_the_record(client, anchors, name):  # noqa: F811
    budget = ENDPOINTS[name][1]
    grow(anchors, SMALL)
    small, small_queries = fetch(client, url_of(name, anchors))
    grow(anchors, BIG - SMALL)
    big, big_queries = fetch(client, url_of(name, anchors))
    assert (small_queries, big_queries) == (budget, budget)
