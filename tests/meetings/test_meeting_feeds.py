"""Subscriptions: the Atom feed, the meetings calendar and each meeting's .ics file."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.models import PublicationStatus, content_changed
from meetings.feeds import CALENDAR_MAX_EVENTS
from meetings.models import Country, Meeting, MeetingSeries
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FEED_URL = "/meetings/feed/"
CALENDAR_URL = "/meetings/calendar.ics"
# The filter values checked, the rows, and the list's filter choices, worked out once per
# content version (the first request after each bulk write below works them out again).
CALENDAR_MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def factory_country_codes_start_at_aa():
    """Countries a factory makes get codes AA, AB, ...: never the real codes used here."""
    CountryFactory.reset_sequence(0)


@pytest.fixture
def record():
    thailand = Country.objects.create(code="TH", name="Thailand", slug="thailand")
    viet_nam = Country.objects.create(code="VN", name="Viet Nam", slug="viet-nam")
    series = MeetingSeriesFactory(short_name="Japan-ASEAN Dialogue", slug="japan-asean-dialogue")
    model_cities = ProgrammeFactory(published=True, slug="model-cities", name="Model Cities")

    def meeting(**kwargs):
        return MeetingFactory(**{"published": True, "series": series, "end_date": None, **kwargs})

    first = meeting(
        number=1,
        title="First Dialogue",
        slug="first-dialogue-2008",
        start_date=D(2008, 3, 1),
        date_precision="month",
        city="Hanoi",
        host_country=viet_nam,
        outline="Countries agreed to **exchange** views.\n\nJapan presented [its plan](https://example.org/).",
    )
    leap = meeting(
        number=2,
        title="Leap Dialogue",
        slug="leap-dialogue-2008",
        start_date=D(2008, 2, 1),
        date_precision="month",
        city="Hanoi",
        host_country=viet_nam,
    )
    yearly = meeting(
        number=9,
        title="Ninth Dialogue",
        slug="ninth-dialogue-2015",
        start_date=D(2015, 1, 1),
        date_precision="year",
        city="Kuala Lumpur",
        host_country=thailand,
    )
    long_one = meeting(
        number=6,
        title="Sixth Dialogue",
        slug="sixth-dialogue-2011",
        start_date=D(2011, 7, 26),
        end_date=D(2011, 7, 28),
        date_precision="day",
        city="Bangkok",
        host_country=thailand,
    )
    one_day = meeting(
        number=7,
        title="Seventh Dialogue",
        slug="seventh-dialogue-2013",
        start_date=D(2013, 9, 26),
        date_precision="day",
        city="Pattaya",
        host_country=thailand,
    )
    DiscussionFactory(meeting=one_day, programme=model_cities)
    draft = meeting(
        published=False, number=4, title="Draft Dialogue", slug="draft-dialogue", city="Hat Yai"
    )
    scheduled = meeting(
        published=False,
        scheduled=True,
        number=5,
        title="Scheduled Dialogue",
        slug="scheduled-dialogue",
        city="Krabi",
    )
    return {
        "first": first,
        "leap": leap,
        "yearly": yearly,
        "long": long_one,
        "one_day": one_day,
        "draft": draft,
        "scheduled": scheduled,
    }


PUBLISHED_SUMMARIES = {
    "First Dialogue, Japan-ASEAN Dialogue",
    "Leap Dialogue, Japan-ASEAN Dialogue",
    "Ninth Dialogue, Japan-ASEAN Dialogue",
    "Sixth Dialogue, Japan-ASEAN Dialogue",
    "Seventh Dialogue, Japan-ASEAN Dialogue",
}


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(response):
    return {str(event["SUMMARY"]): event for event in parse_calendar(response).walk("VEVENT")}


# --- Atom feed -----------------------------------------------------------------------------


class TestFeed:
    def test_is_a_valid_atom_feed_of_published_meetings(self, client, record):
        response = client.get(FEED_URL)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert feed.feed.link == "http://testserver/meetings/"
        titles = {entry.title for entry in feed.entries}
        assert titles == PUBLISHED_SUMMARIES

    def test_drafts_and_scheduled_meetings_are_not_in_the_feed(self, client, record):
        content = client.get(FEED_URL).content.decode()
        assert "Draft Dialogue" not in content
        assert "Scheduled Dialogue" not in content
        assert "draft-dialogue" not in content
        assert "scheduled-dialogue" not in content

    def test_entry_fields(self, client, record):
        first = record["first"]
        Meeting.objects.filter(pk=first.pk).update(
            published_at=datetime.datetime(2020, 5, 1, 9, 30, tzinfo=datetime.UTC),
            updated_at=datetime.datetime(2021, 6, 2, 10, 0, tzinfo=datetime.UTC),
        )
        feed = feedparser.parse(client.get(FEED_URL).content)
        entry = next(e for e in feed.entries if e.title.startswith("First Dialogue"))
        assert entry.link == "http://testserver/meetings/first-dialogue-2008/"
        assert entry.published_parsed[:5] == (2020, 5, 1, 9, 30)
        assert entry.updated_parsed[:5] == (2021, 6, 2, 10, 0)
        assert entry.id.startswith("tag:testserver,")
        assert entry.id.endswith(f":meeting-{first.pk}")
        assert "March 2008, Hanoi, Viet Nam" in entry.summary
        assert "<strong>exchange</strong>" in entry.summary
        assert '<a href="https://example.org/"' in entry.summary

    def test_entry_ids_are_unique_and_survive_a_new_slug(self, client, record):
        before = feedparser.parse(client.get(FEED_URL).content)
        ids = [entry.id for entry in before.entries]
        assert len(set(ids)) == len(ids) == 5
        first = record["first"]
        first.slug = "first-dialogue-renamed"
        first.title = "The First Dialogue"
        first.save()
        after = feedparser.parse(client.get(FEED_URL).content)
        renamed = next(e for e in after.entries if e.link.endswith("/first-dialogue-renamed/"))
        assert renamed.id in ids

    def test_description_is_sanitised(self, client, db):
        MeetingFactory(
            published=True,
            slug="hostile",
            outline='Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> **there**',
        )
        raw = client.get(FEED_URL).content.decode()
        # The summary is HTML escaped into XML: look for the escaped forms too.
        assert "script" not in raw
        assert "onerror" not in raw
        assert "&lt;strong&gt;there&lt;/strong&gt;" in raw

    def test_the_50_latest_published_newest_first(self, client, db):
        series = MeetingSeriesFactory()
        host = CountryFactory()
        now = timezone.now()
        Meeting.objects.bulk_create(
            Meeting(
                series=series,
                number=n,
                title=f"Meeting {n}",
                slug=f"meeting-number-{n}",
                start_date=D(2000, 1, 1),
                city="City",
                host_country=host,
                status=PublicationStatus.PUBLISHED,
                published_at=now - datetime.timedelta(days=100 - n),
            )
            for n in range(1, 56)
        )
        feed = feedparser.parse(client.get(FEED_URL).content)
        assert len(feed.entries) == 50
        assert feed.entries[0].title.startswith("Meeting 55,")
        assert feed.entries[-1].title.startswith("Meeting 6,")

    def test_query_count_does_not_grow(self, client, db, django_assert_max_num_queries):
        series = MeetingSeriesFactory()
        host = CountryFactory()
        MeetingFactory.create_batch(3, published=True, series=series, host_country=host)
        with CaptureQueriesContext(connection) as few:
            client.get(FEED_URL)
        MeetingFactory.create_batch(30, published=True, series=series, host_country=host)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(FEED_URL)
        assert len(few.captured_queries) <= 2


# --- The meetings calendar -----------------------------------------------------------------


class TestCalendar:
    def test_headers(self, client, record):
        response = client.get(CALENDAR_URL)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="meetings.ics"'
        calendar = parse_calendar(response)
        assert calendar["VERSION"] == "2.0"
        assert "PRODID" in calendar

    def test_one_event_per_published_meeting(self, client, record):
        events = events_by_summary(client.get(CALENDAR_URL))
        assert set(events) == PUBLISHED_SUMMARIES
        content = client.get(CALENDAR_URL).content.decode()
        assert "Draft Dialogue" not in content
        assert "Scheduled Dialogue" not in content

    def test_event_properties(self, client, record):
        first = record["first"]
        event = events_by_summary(client.get(CALENDAR_URL))["First Dialogue, Japan-ASEAN Dialogue"]
        assert str(event["UID"]) == f"meeting-{first.pk}@testserver"
        assert str(event["LOCATION"]) == "Conference Centre, Hanoi, Viet Nam"  # the venue too
        assert str(event["URL"]) == "http://testserver/meetings/first-dialogue-2008/"
        assert isinstance(event.decoded("DTSTAMP"), datetime.datetime)
        description = str(event["DESCRIPTION"])
        # Plain text: no Markdown, no HTML, paragraphs kept apart.
        assert description == "Countries agreed to exchange views.\n\nJapan presented its plan."

    def test_uid_is_stable_across_requests_and_edits(self, client, record):
        def uids():
            return {str(e["UID"]) for e in parse_calendar(client.get(CALENDAR_URL)).walk("VEVENT")}

        before = uids()
        record["first"].title = "Renamed"
        record["first"].save()
        assert uids() == before

    @pytest.mark.parametrize(
        ("meeting", "start", "end"),
        [
            # Month precision: the whole month, never a day the record does not give.
            ("First Dialogue", D(2008, 3, 1), D(2008, 4, 1)),
            ("Leap Dialogue", D(2008, 2, 1), D(2008, 3, 1)),
            # Year precision: the whole year.
            ("Ninth Dialogue", D(2015, 1, 1), D(2016, 1, 1)),
            # Day precision: all-day, DTEND exclusive.
            ("Sixth Dialogue", D(2011, 7, 26), D(2011, 7, 29)),
            ("Seventh Dialogue", D(2013, 9, 26), D(2013, 9, 27)),
        ],
    )
    def test_all_day_events_at_the_precision_of_the_record(
        self, client, record, meeting, start, end
    ):
        response = client.get(CALENDAR_URL)
        event = events_by_summary(response)[f"{meeting}, Japan-ASEAN Dialogue"]
        assert event.decoded("DTSTART") == start
        assert event.decoded("DTEND") == end
        # Dates, not date-times: VALUE=DATE.
        assert type(event.decoded("DTSTART")) is datetime.date
        assert type(event.decoded("DTEND")) is datetime.date
        raw = response.content.decode()
        assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}" in raw

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("host=TH&year_from=2012", {"Ninth Dialogue", "Seventh Dialogue"}),
            ("host=VN", {"First Dialogue", "Leap Dialogue"}),
            ("year_to=2011", {"First Dialogue", "Leap Dialogue", "Sixth Dialogue"}),
            ("programme=model-cities", {"Seventh Dialogue"}),
            ("q=Bangkok", {"Sixth Dialogue"}),
            ("q=nothing-matches", set()),
        ],
    )
    def test_honours_the_list_filters(self, client, record, query, expected):
        events = events_by_summary(client.get(f"{CALENDAR_URL}?{query}"))
        assert {summary.split(",")[0] for summary in events} == expected

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("year_from=abc", "From year: Enter a whole number."),
            ("host=ZZ", "Host country: Select a valid choice."),
            ("programme=nope", "Programme discussed: Select a valid choice."),
            ("year_from=2015&year_to=2010", "To year: The end year cannot be before"),
        ],
    )
    def test_invalid_filters_are_a_400_with_a_plain_message(self, client, record, query, message):
        response = client.get(f"{CALENDAR_URL}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert message in response.content.decode()

    @pytest.mark.parametrize("query", ["", "?host=BQ&year_from=2000", "?q=Bulk&series=bulk"])
    def test_queries_are_the_same_for_5_and_500_meetings_and_the_window_bounded(
        self, client, db, django_assert_max_num_queries, query
    ):
        host = Country.objects.create(code="BQ", name="Bulkland", slug="bulkland")
        series = MeetingSeries.objects.create(name="Bulk", short_name="Bulk", slug="bulk")

        def bulk(first, count):
            Meeting.objects.bulk_create(
                Meeting(
                    series=series,
                    number=n,
                    title=f"Bulk {n}",
                    slug=f"bulk-{n}",
                    start_date=D(2000, 1, 1) + datetime.timedelta(days=n),
                    date_precision=["day", "month", "year"][n % 3],
                    city="Bulk City",
                    host_country=host,
                    outline="A *bulk* meeting.",
                    status=PublicationStatus.PUBLISHED,
                    published_at=timezone.now() - datetime.timedelta(hours=1),
                )
                for n in range(first, first + count)
            )

        bulk(1, 5)
        content_changed()  # (and the search index, which the list's text box reads)
        with CaptureQueriesContext(connection) as small:
            assert len(parse_calendar(client.get(CALENDAR_URL + query)).walk("VEVENT")) == 5
        bulk(6, 495)
        content_changed()  # bulk writes send no signals: tell the page cache, as imports do
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(CALENDAR_URL + query)
        # The calendar was every meeting; it is now a window (test_feed_window.py).
        assert len(parse_calendar(response).walk("VEVENT")) == CALENDAR_MAX_EVENTS
        assert len(small.captured_queries) <= CALENDAR_MAX_QUERIES


# --- One meeting's .ics --------------------------------------------------------------------


class TestMeetingEvent:
    def test_one_event_for_the_meeting(self, client, record):
        response = client.get("/meetings/first-dialogue-2008/calendar.ics")
        assert response["Content-Disposition"] == 'attachment; filename="first-dialogue-2008.ics"'
        events = parse_calendar(response).walk("VEVENT")
        assert len(events) == 1
        event = events[0]
        assert str(event["SUMMARY"]) == "First Dialogue, Japan-ASEAN Dialogue"
        assert event.decoded("DTSTART") == D(2008, 3, 1)
        assert event.decoded("DTEND") == D(2008, 4, 1)
        assert type(event.decoded("DTSTART")) is datetime.date
        assert str(event["UID"]) == f"meeting-{record['first'].pk}@testserver"

    def test_drafts_and_scheduled_meetings_are_404(self, client, editor_client, record):
        for slug in ["draft-dialogue", "scheduled-dialogue", "no-such-meeting"]:
            assert client.get(f"/meetings/{slug}/calendar.ics").status_code == 404
        # Not even an editor subscribes to a draft.
        assert editor_client.get("/meetings/draft-dialogue/calendar.ics").status_code == 404

    def test_query_count(self, client, record, django_assert_num_queries):
        with django_assert_num_queries(1):
            client.get("/meetings/first-dialogue-2008/calendar.ics")


def test_a_line_break_in_a_title_cannot_break_the_calendar(client):
    meeting = MeetingFactory(
        published=True, title="x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected"
    )
    response = client.get(reverse("meetings:ics", kwargs={"slug": meeting.slug}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert len(calendar.walk("VEVENT")) == 1
