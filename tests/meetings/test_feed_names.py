"""Feeds and calendars follow their filter: a filtered Atom feed or calendar holds the
meetings the list's filters select and is named after them, in the page's language (the
feed's <title>, the calendar's NAME and X-WR-CALNAME); unfiltered they keep the site's
name. A calendar event's LOCATION names the venue, escaped as iCalendar TEXT.
"""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings.models import Country, Meeting, MeetingKind
from tests.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SERIES = "ASEAN+3 Environment Ministers Meeting"
SERIES_JA = "ASEAN+3環境大臣会合"


@pytest.fixture
def places():
    thailand = Country.objects.create(code="TH", name="Thailand", name_ja="タイ", slug="th")
    viet_nam = Country.objects.create(code="VN", name="Viet Nam", name_ja="ベトナム", slug="vn")
    aseanplus3 = MeetingSeriesFactory(
        name=SERIES, name_ja=SERIES_JA, short_name="ASEAN+3 EMM", slug="asean-plus-3-emm"
    )
    dialogue = MeetingSeriesFactory(name="Japan-ASEAN Dialogue", slug="japan-asean-dialogue")
    for number, year, country in ((1, 2002, thailand), (2, 2017, viet_nam)):
        MeetingFactory(
            published=True,
            series=aseanplus3,
            kind=MeetingKind.objects.get(slug="ministerial"),
            title=f"ASEAN+3 Meeting {number}",
            number=number,
            start_date=D(year, 11, 1),
            end_date=None,
            venue="Ariyana Convention Centre" if number == 2 else "",
            venue_ja="アリヤナ・コンベンションセンター" if number == 2 else "",
            city="Da Nang" if number == 2 else "Bangkok",
            city_ja="ダナン" if number == 2 else "バンコク",
            host_country=country,
        )
    MeetingFactory(
        published=True,
        series=dialogue,
        title="Ninth Dialogue",
        start_date=D(2015, 3, 1),
        end_date=None,
        venue="Hall A; Room 3, Annex",
        city="Bangkok",
        host_country=thailand,
    )
    return aseanplus3


def feed(client, query="", prefix=""):
    response = client.get(f"{prefix}/meetings/feed/{query}")
    assert response.status_code == 200, response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def calendar(client, query="", prefix=""):
    response = client.get(f"{prefix}/meetings/calendar.ics{query}")
    assert response.status_code == 200, response.content
    return Calendar.from_ical(response.content), response.content.decode()


@pytest.mark.parametrize(
    ("query", "title", "summaries"),
    [
        (
            "?series=asean-plus-3-emm",
            f"{SERIES}: meetings",
            {"ASEAN+3 Meeting 1", "ASEAN+3 Meeting 2"},
        ),
        (
            "?host=TH",
            "Japan-ASEAN Dialogue on Environmental Cooperation: meetings (Host country: Thailand)",
            {"ASEAN+3 Meeting 1", "Ninth Dialogue"},
        ),
        (
            "?kind=ministerial&year_from=2010&year_to=2020",
            "Japan-ASEAN Dialogue on Environmental Cooperation: meetings "
            "(Kind: Ministerial dialogue; Years: 2010–2020)",
            {"ASEAN+3 Meeting 2"},
        ),
        (
            "?series=asean-plus-3-emm&country=VN&year_to=2017&ordering=oldest",
            f"{SERIES}: meetings (Participating country: Viet Nam; To year: 2017)",
            {"ASEAN+3 Meeting 2"},
        ),
        ("", "Japan-ASEAN Dialogue on Environmental Cooperation: meetings", None),
        ("?ordering=oldest", "Japan-ASEAN Dialogue on Environmental Cooperation: meetings", None),
    ],
)
def test_a_filtered_feed_and_calendar_are_named_after_their_filter(
    client, places, query, title, summaries
):
    atom = feed(client, query)
    ics, raw = calendar(client, query)

    assert atom.feed.title == title
    assert str(ics["X-WR-CALNAME"]) == title
    assert str(ics["NAME"]) == title
    if summaries is not None:  # and they hold what the filter selects
        assert {entry.title.split(",")[0] for entry in atom.entries} == summaries
        assert {str(e["SUMMARY"]).split(",")[0] for e in ics.walk("VEVENT")} == summaries


def test_in_japanese_the_names_are_japanese(client, places):
    atom = feed(client, "?series=asean-plus-3-emm", "/ja")
    ics, _raw = calendar(client, "?series=asean-plus-3-emm&host=VN", "/ja")

    assert atom.feed.title == f"{SERIES_JA}：会合"
    assert str(ics["X-WR-CALNAME"]) == f"{SERIES_JA}：会合（主催国：ベトナム）"
    unfiltered, _raw = calendar(client, "", "/ja")
    assert str(unfiltered["X-WR-CALNAME"]) == "日ASEAN環境協力対話：会合"


def test_the_filtered_feed_links_to_the_filtered_list_and_itself(client, places):
    atom = feed(client, "?series=asean-plus-3-emm&ordering=oldest")

    assert atom.feed.link == "http://testserver/meetings/?series=asean-plus-3-emm"
    self_links = [link.href for link in atom.feed.links if link.rel == "self"]
    assert self_links == ["http://testserver/meetings/feed/?series=asean-plus-3-emm"]
    assert "download.csv?series=asean-plus-3-emm" in atom.feed.subtitle


def test_the_list_offers_the_feed_of_its_filters(client, places):
    page = client.get("/meetings/", {"series": "asean-plus-3-emm"}).content.decode()

    assert 'href="/meetings/feed/?series=asean-plus-3-emm"' in page
    assert "Feed of these meetings as they are published (Atom)" in page


def test_a_feed_with_invalid_filters_is_a_400_with_a_plain_message(client, places):
    response = client.get("/meetings/feed/?host=ZZ")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "The feed's filters are not valid." in body
    assert "Host country: Select a valid choice." in body


def test_a_filtered_feed_costs_the_same_queries_for_3_and_30_meetings(client, places):
    query = "/meetings/feed/?series=asean-plus-3-emm&host=TH"
    client.get(query)  # the filter choices, worked out once per content version
    with CaptureQueriesContext(connection) as few:
        assert client.get(query).status_code == 200
    MeetingFactory.create_batch(
        27, published=True, series=places, host_country=Country.objects.get(code="TH")
    )
    client.get(query)
    with CaptureQueriesContext(connection) as many:
        assert len(feed(client, "?series=asean-plus-3-emm&host=TH").entries) == 28

    assert len(few.captured_queries) == len(many.captured_queries) <= 4


def test_the_location_names_the_venue_escaped(client, places):
    ics, raw = calendar(client)
    locations = {str(e["SUMMARY"]).split(",")[0]: str(e["LOCATION"]) for e in ics.walk("VEVENT")}

    assert locations["ASEAN+3 Meeting 2"] == "Ariyana Convention Centre, Da Nang, Viet Nam"
    assert locations["ASEAN+3 Meeting 1"] == "Bangkok, Thailand"  # no venue recorded
    assert locations["Ninth Dialogue"] == "Hall A; Room 3, Annex, Bangkok, Thailand"
    # TEXT escaping (RFC 5545, 3.3.11): commas and semicolons escaped in the file.
    unfolded = raw.replace("\r\n ", "")
    assert "LOCATION;LANGUAGE=en:Ariyana Convention Centre\\, Da Nang\\, Viet Nam\r\n" in unfolded
    assert "LOCATION;LANGUAGE=en:Hall A\\; Room 3\\, Annex\\, Bangkok\\, Thailand\r\n" in unfolded


def test_the_location_in_japanese_and_in_a_meetings_own_calendar(client, places):
    ics, _raw = calendar(client, "?host=VN", "/ja")
    (event,) = ics.walk("VEVENT")
    assert str(event["LOCATION"]) == "アリヤナ・コンベンションセンター、ダナン、ベトナム"

    meeting = Meeting.objects.get(title_en="Ninth Dialogue")
    own = Calendar.from_ical(client.get(f"/meetings/{meeting.slug}/calendar.ics").content)
    (event,) = own.walk("VEVENT")
    assert str(event["LOCATION"]) == "Hall A; Room 3, Annex, Bangkok, Thailand"
