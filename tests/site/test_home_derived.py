"""The home page is computed once per content version and language: a second request
makes no query, a change of the record (a save, a publish time reached) computes it
again, and its size and queries do not grow with the record. The page cache is off
here, so every request is rendered by the view.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues_site import home
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

# The queries of the home page computed: meetings counted per series and year, the
# series, the latest meetings, the programmes (with their total).
COMPUTE_QUERIES = 4


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def get(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def add_meetings(count, series, host, first_year=2000, years=10):
    """``count`` published meetings, taking each series in turn, then each year in turn."""
    for n in range(count):
        MeetingFactory(
            series=series[n % len(series)],
            host_country=host,
            start_date=datetime.date(first_year + n // len(series) % years, 1 + n % 12, 1),
            end_date=None,
            published=True,
        )


def test_a_second_request_makes_no_query_and_a_save_computes_again(client):
    meeting = MeetingFactory(published=True, title="Founding Dialogue")
    first, first_queries = get(client)
    assert first_queries == COMPUTE_QUERIES
    assert "Founding Dialogue" in first

    again, again_queries = get(client)
    assert again_queries == 0
    assert again == first

    meeting.title = "Renamed Dialogue"
    meeting.save()
    renamed, renamed_queries = get(client)
    assert renamed_queries == COMPUTE_QUERIES
    assert "Renamed Dialogue" in renamed and "Founding Dialogue" not in renamed

    MeetingFactory(
        published=True, series=meeting.series, start_date=datetime.date(2013, 1, 1), end_date=None
    )
    grown, _queries = get(client)
    assert "2 meetings from 2011 to 2013" in re.sub(r"<[^>]+>", "", grown)


def test_each_language_is_computed_once(client):
    series = MeetingSeriesFactory(name="Test Dialogue Series", name_ja="テスト対話シリーズ")
    MeetingFactory(series=series, published=True)
    english, english_queries = get(client, "/")
    japanese, japanese_queries = get(client, "/ja/")
    assert (english_queries, japanese_queries) == (COMPUTE_QUERIES, COMPUTE_QUERIES)
    assert ">テスト対話シリーズ</h1>" in japanese and "テスト対話シリーズ" not in english
    assert ">Test Dialogue Series</h1>" in english
    # The Japanese page links to the Japanese meetings list.
    assert f"/ja/meetings/?series={series.slug}&amp;ordering=oldest" in japanese
    assert get(client, "/")[1] == 0 and get(client, "/ja/")[1] == 0


def test_a_meeting_counts_from_its_publish_time(client):
    series = MeetingSeriesFactory(slug="jad")
    MeetingFactory(series=series, published=True, start_date=datetime.date(2010, 1, 1))
    MeetingFactory(
        series=series,
        scheduled=True,
        title="Scheduled Dialogue",
        start_date=datetime.date(2012, 1, 1),
        end_date=None,
    )
    before, _queries = get(client)
    assert "Scheduled Dialogue" not in before
    assert "year_from=2012" not in before  # the table ends with the last year drawn
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        after, queries = get(client)
    assert queries > 0  # a new content version: computed again
    assert "Scheduled Dialogue" in after
    assert '<a href="/meetings/?year_from=2012&amp;year_to=2012">2012</a>' in after


def test_queries_and_size_do_not_grow_with_the_meetings(client, django_assert_num_queries):
    """20 then 300 meetings of two series over the same ten years (each series in each
    year both times): the same queries, and the page grows only by the wider numbers of
    its counts."""
    host = CountryFactory()
    series = [MeetingSeriesFactory(), MeetingSeriesFactory()]
    ProgrammeFactory(published=True)
    add_meetings(20, series, host)
    small, small_queries = get(client)
    add_meetings(280, series, host)
    with django_assert_num_queries(small_queries):
        big, _queries = get(client)
    assert small_queries == COMPUTE_QUERIES
    assert "150 meetings from 2000 to 2009" in re.sub(r"<[^>]+>", "", big)
    assert 0 <= len(big) - len(small) < 1024


def test_programmes_beyond_the_first_few_are_counted_and_linked(client):
    shown = home.PROGRAMMES_SHOWN
    for n in range(shown + 3):
        ProgrammeFactory(published=True, name=f"Programme {n:02}")
    ProgrammeFactory(name="Programme Draft")
    page, _queries = get(client)
    listed = re.findall(r">(Programme \d\d)</a>", page)
    assert listed == [f"Programme {n:02}" for n in range(shown)]
    assert (
        f'The first {shown} by name; <a href="/programmes/?kind=programme">all {shown + 3} '
        "programmes</a>." in page
    )
    assert "Programme Draft" not in page


def test_the_japanese_home_page_works(client):
    series = MeetingSeriesFactory(name_ja="日ASEAN環境協力対話", short_name_ja="日ASEAN対話")
    MeetingFactory(series=series, published=True)
    page, _queries = get(client, "/ja/")
    assert '<html lang="ja">' in page
    assert ">日ASEAN環境協力対話</h1>" in page
    assert re.search(r'<text class="row-label"[^>]*>日ASEAN対話</text>', page)
    assert '<th scope="col">日ASEAN対話</th>' in page
    assert '<a href="/ja/meetings/?year_from=2011&amp;year_to=2011">2011</a>' in page
