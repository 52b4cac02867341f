"""A list's count of the whole, unfiltered record is made once per content version (the
count of every published meeting cost more than its page); a filtered list counts its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/programmes/"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    counts = [q for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    return len(counts), page


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered: only the count may be reused


def test_the_whole_list_is_counted_once_per_content_version(client):
    ProgrammeFactory.create_batch(3, published=True)
    first, page = count_queries(client, LIST_URL)
    assert first == 1 and "3 programmes" in page
    second, page = count_queries(client, LIST_URL)
    assert second == 0 and "3 programmes" in page
    ProgrammeFactory(published=True)  # a change of the record: counted again
    third, page = count_queries(client, LIST_URL)
    assert third == 1 and "4 programmes" in page


def test_a_filtered_list_counts_its_own(client):
    ProgrammeFactory(published=True, name="Clean Rivers")
    ProgrammeFactory(published=True, name="Heritage Parks")
    for _ in range(2):
        count, page = count_queries(client, LIST_URL + "?q=Rivers")
        assert count == 1 and "1 programme" in page
