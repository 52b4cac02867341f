"""The feed and the calendars cover a bounded window whatever the record holds (issue 13),
filtered or not, and say where the rest is: calendars narrowed by the list's filters and
the complete downloads.

A calendar holds the meetings to come, then the latest past ones, at most
CALENDAR_MAX_EVENTS; the feed the FEED_MAX_ITEMS published last.
"""

import csv
import datetime
import io

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from core.models import PublicationStatus, content_changed
from meetings.feeds import CALENDAR_MAX_EVENTS, FEED_MAX_ITEMS
from meetings.models import Country, Meeting, MeetingSeries
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

CALENDAR_URL = "/meetings/calendar.ics"
FEED_URL = "/meetings/feed/"
SMALL, LARGE = 20, 260


@pytest.fixture
def places():
    host = Country.objects.create(code="BQ", name="Bulkland", slug="bulkland")
    bulk = MeetingSeries.objects.create(name="Bulk", short_name="Bulk", slug="bulk")
    other = MeetingSeries.objects.create(name="Other", short_name="Other", slug="other")
    return host, bulk, other


def add_meetings(series, host, first, count, start, step=-1, **fields):
    """``count`` published meetings numbered from ``first``, the first starting on
    ``start`` and each next one ``step`` days from the one before (one query)."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Meeting.objects.bulk_create(
        Meeting(
            series=series,
            number=n,
            title=f"{series.short_name} {n}",
            slug=f"{series.slug}-{n}",
            start_date=start + datetime.timedelta(days=step * (n - first)),
            city="Bulk City",
            host_country=host,
            outline="A *bulk* meeting.",
            **{"status": PublicationStatus.PUBLISHED, "published_at": an_hour_ago, **fields},
        )
        for n in range(first, first + count)
    )
    content_changed()  # bulk writes send no signals: tell the caches, as imports do


def calendar(client, url=CALENDAR_URL):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def titles(parsed):
    return [str(event["SUMMARY"]).split(",")[0] for event in parsed.walk("VEVENT")]


def today():
    return timezone.localdate()


# --- The window holds at any size --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        ("", 0),  # made once per content version
        ("?series=bulk", 2),  # the series checked, the rows
        # the organisations and countries named "bulk", the host checked, the rows
        ("?q=Bulk&host=BQ", 4),
    ],
)
def test_the_calendar_is_bounded_in_events_queries_and_bytes(
    client, places, django_assert_num_queries, settings, query, queries
):
    """The first request after a change also works out what is kept per content version
    (the unfiltered calendar itself, the list's filter choices): the same queries at
    both sizes; the next ones run ``queries``."""
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view
    host, bulk, _other = places
    add_meetings(bulk, host, 1, SMALL, today() - datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as first_small:
        calendar(client, CALENDAR_URL + query)
    with django_assert_num_queries(queries):
        small, parsed = calendar(client, CALENDAR_URL + query)
    assert len(parsed.walk("VEVENT")) == SMALL

    add_meetings(bulk, host, SMALL + 1, LARGE - SMALL, today() - datetime.timedelta(days=50))
    with django_assert_num_queries(len(first_small.captured_queries)):
        calendar(client, CALENDAR_URL + query)
    with django_assert_num_queries(queries):
        large, parsed = calendar(client, CALENDAR_URL + query)
    assert len(parsed.walk("VEVENT")) == CALENDAR_MAX_EVENTS
    # The same events, more of them: the body grows with the window, not with the record.
    per_event = len(small.content) / SMALL
    assert len(large.content) < per_event * CALENDAR_MAX_EVENTS * 1.1
    assert len(large.content) < 150 * 1024


def test_the_window_is_what_is_to_come_then_the_latest_past(client, places):
    host, bulk, _other = places
    # Five to come (in 1 to 5 days), 255 past (yesterday and before, a day apart).
    add_meetings(bulk, host, 1, 5, today() + datetime.timedelta(days=5))
    add_meetings(bulk, host, 6, LARGE - 5, today() - datetime.timedelta(days=1))
    _response, parsed = calendar(client)
    shown = titles(parsed)
    # Oldest first: the latest past (Bulk 6 was yesterday), then all to come.
    assert shown == [f"Bulk {n}" for n in range(CALENDAR_MAX_EVENTS, 0, -1)]
    starts = [event.decoded("DTSTART") for event in parsed.walk("VEVENT")]
    assert starts == sorted(starts)
    assert starts[-1] == today() + datetime.timedelta(days=5)
    assert "Bulk 260" not in shown  # the oldest past meeting is left out


def test_with_more_to_come_than_it_holds_it_keeps_the_nearest(client, places):
    host, bulk, _other = places
    # Meetings every day from today on: more than the window holds; and some past ones.
    add_meetings(bulk, host, 1, CALENDAR_MAX_EVENTS + 30, today(), step=1)
    add_meetings(bulk, host, 1000, 20, today() - datetime.timedelta(days=1))
    _response, parsed = calendar(client)
    assert titles(parsed) == [f"Bulk {n}" for n in range(1, CALENDAR_MAX_EVENTS + 1)]


def test_meetings_sharing_the_first_date_left_out_give_way_to_the_past(client, places):
    host, bulk, other = places
    # The nearest to come, one a day, one fewer than the window holds; then three on
    # the same day after them: they do not all fit, so none of them is shown (never a
    # later meeting in place of a sooner one), and the latest past ones fill the window.
    add_meetings(bulk, host, 1, CALENDAR_MAX_EVENTS - 1, today(), step=1)
    add_meetings(other, host, 1, 3, today() + datetime.timedelta(days=500), step=0)
    add_meetings(bulk, host, 1000, 10, today() - datetime.timedelta(days=1))
    _response, parsed = calendar(client)
    shown = titles(parsed)
    assert len(shown) == CALENDAR_MAX_EVENTS
    assert not [title for title in shown if title.startswith("Other")]
    assert shown[:1] == ["Bulk 1000"]  # the latest past one, yesterday
    assert shown[1:] == [f"Bulk {n}" for n in range(1, CALENDAR_MAX_EVENTS)]


def test_drafts_and_scheduled_meetings_never_appear_nor_take_a_place(client, places):
    host, bulk, other = places
    add_meetings(bulk, host, 1, LARGE, today() - datetime.timedelta(days=1))
    # The nearest to come are a draft and a scheduled meeting: neither is shown.
    add_meetings(other, host, 1, 5, today() + datetime.timedelta(days=1), step=1, status="draft")
    add_meetings(
        other,
        host,
        10,
        5,
        today() + datetime.timedelta(days=1),
        step=1,
        published_at=timezone.now() + datetime.timedelta(days=7),
    )
    for url in (CALENDAR_URL, CALENDAR_URL + "?host=BQ", CALENDAR_URL + "?q=Other"):
        response, parsed = calendar(client, url)
        for title in ("Other 1", "Other 5"):
            assert title not in response.content.decode()
        expected = CALENDAR_MAX_EVENTS if "Other" not in url else 0
        assert len(parsed.walk("VEVENT")) == expected
    feed = client.get(FEED_URL).content.decode()
    assert "Other 1" not in feed and "Other 10" not in feed


def test_a_filtered_calendar_returns_the_filtered_meetings_in_its_window(client, places):
    host, bulk, other = places
    add_meetings(bulk, host, 1, 150, today() - datetime.timedelta(days=1), step=-2)
    add_meetings(other, host, 1, 150, today() - datetime.timedelta(days=2), step=-2)
    _response, parsed = calendar(client, CALENDAR_URL + "?series=other")
    assert titles(parsed) == [f"Other {n}" for n in range(CALENDAR_MAX_EVENTS, 0, -1)]
    _response, parsed = calendar(client, CALENDAR_URL + "?series=bulk&year_to=2000")
    assert titles(parsed) == []


# --- Where the rest is -------------------------------------------------------------------


def test_the_calendar_says_what_it_holds_and_where_the_rest_is(client, places):
    host, bulk, _other = places
    add_meetings(bulk, host, 1, LARGE, today() - datetime.timedelta(days=1))
    for url, downloads in [
        (CALENDAR_URL, "/meetings/download.csv"),
        (CALENDAR_URL + "?host=BQ", "/meetings/download.csv?host=BQ"),
    ]:
        _response, parsed = calendar(client, url)
        for name in ("DESCRIPTION", "X-WR-CALDESC"):
            text = str(parsed[name])
            assert f"at most {CALENDAR_MAX_EVENTS} meetings" in text
            assert "those to come and the latest past ones" in text
            assert "http://testserver/meetings/" in text  # the list, to filter the calendar
            assert f"http://testserver{downloads}" in text
            assert f"http://testserver{downloads.replace('.csv', '.json')}" in text
        assert parsed["DESCRIPTION"].params["LANGUAGE"] == "en"

    # The download the calendar names holds every meeting, not the window.
    response = client.get("/meetings/download.csv?host=BQ")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == LARGE


def test_the_japanese_calendar_says_it_in_japanese_with_japanese_links(client, places):
    host, bulk, _other = places
    add_meetings(bulk, host, 1, SMALL, today())
    calendar(client)  # the English one first: each language has its own
    _response, parsed = calendar(client, "/ja" + CALENDAR_URL)
    assert parsed["DESCRIPTION"].params["LANGUAGE"] == "ja"
    assert "http://testserver/ja/meetings/download.csv" in str(parsed["X-WR-CALDESC"])
    assert all(str(e["URL"]).startswith("http://testserver/ja/") for e in parsed.walk("VEVENT"))


def test_the_feed_is_bounded_and_says_where_the_rest_is(client, places, django_assert_num_queries):
    host, bulk, _other = places
    add_meetings(bulk, host, 1, SMALL, today())
    # The meetings and their documents (the documents app names them in each entry).
    with django_assert_num_queries(2):
        feed = feedparser.parse(client.get(FEED_URL).content)
    assert len(feed.entries) == SMALL
    add_meetings(bulk, host, SMALL + 1, LARGE - SMALL, today())
    with django_assert_num_queries(2):
        response = client.get(FEED_URL)
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert len(feed.entries) == FEED_MAX_ITEMS
    subtitle = feed.feed.subtitle
    assert f"the {FEED_MAX_ITEMS} meetings published last" in subtitle
    assert "http://testserver/meetings/download.csv" in subtitle
    assert "http://testserver/meetings/download.json" in subtitle
    assert "calendars" in subtitle


# --- The calendar without a filter is made once per content version --------------------


def test_the_unfiltered_calendar_shows_an_edit_at_once(
    client, places, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # not the page cache: the calendar's own
    host, bulk, _other = places
    add_meetings(bulk, host, 1, SMALL, today())
    calendar(client)
    with django_assert_num_queries(0):  # kept for this version of the record
        _response, parsed = calendar(client)
    assert len(parsed.walk("VEVENT")) == SMALL
    MeetingFactory(published=True, title="Fresh Dialogue", start_date=today(), end_date=None)
    _response, parsed = calendar(client)
    assert "Fresh Dialogue" in titles(parsed)
