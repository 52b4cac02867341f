"""The home page: what the public sees first."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues_site import page_cache
from tests.factories import MeetingFactory, MeetingSeriesFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_meetings_and_not_drafts(client):
    published = MeetingFactory(published=True, title="Published Dialogue Alpha")
    draft = MeetingFactory(title="Draft Dialogue Beta")
    scheduled = MeetingFactory(scheduled=True, title="Scheduled Dialogue Gamma")

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Published Dialogue Alpha" in page
    assert f'href="{published.get_absolute_url()}"' in page
    assert "Draft Dialogue Beta" not in page
    assert draft.get_absolute_url() not in page
    assert "Scheduled Dialogue Gamma" not in page
    assert scheduled.get_absolute_url() not in page


def test_home_lists_published_programmes_and_not_drafts(client):
    ProgrammeFactory(published=True, name="Published Programme Alpha")
    ProgrammeFactory(name="Draft Programme Beta")
    page = client.get("/").content.decode()
    assert "Published Programme Alpha" in page
    assert "Draft Programme Beta" not in page


def test_home_hides_a_series_with_no_published_meeting(client):
    MeetingFactory(published=True, series__name="Open Series")
    hidden = MeetingSeriesFactory(name="Zsecret Series", description="Zsecret description")
    MeetingFactory(series=hidden, scheduled=True)
    page = client.get("/").content.decode()
    assert "Open Series" in page
    assert "Zsecret" not in page


def test_home_shows_meeting_dates_at_their_precision(client):
    MeetingFactory(
        published=True, start_date=datetime.date(2008, 3, 17), end_date=None, date_precision="month"
    )
    page = client.get("/").content.decode()
    assert "March 2008" in page
    assert "17 March" not in page


def test_empty_home_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No meetings have been published yet." in response.content.decode()


def test_home_shows_the_series_description_as_markdown(client):
    series = MeetingSeriesFactory(name="Japan-ASEAN Test Series", description="Held **yearly**.")
    MeetingFactory(series=series, published=True)
    page = client.get("/").content.decode()
    assert ">Japan-ASEAN Test Series</h1>" in page
    assert "<strong>yearly</strong>" in page


def test_home_links_to_the_admin(client):
    page = client.get("/").content.decode()
    assert f'href="{reverse("admin:index")}"' in page


def test_a_custom_admin_path_is_not_printed_on_public_pages(client, settings):
    MeetingFactory(published=True)
    assert 'href="/admin/"' in client.get("/").content.decode()
    settings.ADMIN_PATH = "k7q-editors/"  # the URLs keep /admin/: only the link is at stake
    page_cache.new_version()  # a deploy renews the page cache (migrate does it)
    assert "Editors' sign-in" not in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_the_record(client, django_assert_num_queries):
    MeetingFactory(published=True)
    ProgrammeFactory(published=True)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _ in range(6):
        MeetingFactory(published=True)
        ProgrammeFactory(published=True)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/")
    page = response.content.decode()
    latest = page[page.index('id="latest-heading"') : page.index('id="programmes-heading"')]
    # Only the five latest meetings are listed; seven series have a meeting each: five are
    # drawn (a cell each), the other two counted.
    assert latest.count('href="/meetings/meeting-') == 5
    assert page.count('<text class="count--') == 5
    assert "And 2 other series" in page


def test_home_timeline_has_a_text_alternative_and_leaves_drafts_out(client):
    series = MeetingSeriesFactory(name="Japan-ASEAN Test Series", short_name="Test Series")
    MeetingFactory(
        series=series,
        published=True,
        number=9,
        title="",
        city="Kuala Lumpur",
        start_date=datetime.date(2015, 9, 11),
        end_date=None,
    )
    MeetingFactory(series=series, published=True, start_date=datetime.date(2008, 3, 1))
    draft = MeetingFactory(
        series=series,
        title="Secret Draft Dialogue",
        start_date=datetime.date(2012, 1, 1),
        end_date=None,
    )
    page = client.get("/").content.decode()
    # The picture is hidden from screen readers; the table below it gives its figures.
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'aria-hidden="true"' in svg
    assert ">2008</text>" in svg and ">2015</text>" in svg
    table = page[page.index("<details") : page.index("</details>")]
    assert "<caption>Published meetings by series and year</caption>" in table
    assert '<th scope="col">Test Series</th>' in table
    years = re.findall(r'<th scope="row"><a href="[^"]+">(\d+)</a></th><td>(\d+)</td>', table)
    assert years == [("2008", "1"), *((str(y), "0") for y in range(2009, 2015)), ("2015", "1")]
    assert draft.get_absolute_url() not in page
    assert "Secret Draft Dialogue" not in page


def test_the_timeline_link_to_the_meetings_in_order_works(client):
    series = MeetingSeriesFactory(slug="jad")
    MeetingFactory(
        series=series,
        published=True,
        title="Later",
        start_date=datetime.date(2015, 1, 1),
        end_date=None,
    )
    MeetingFactory(
        series=series,
        published=True,
        title="Earlier",
        start_date=datetime.date(2008, 3, 1),
        end_date=None,
    )
    home = client.get("/").content.decode()
    assert "/meetings/?series=jad&amp;ordering=oldest" in home
    page = client.get("/meetings/?series=jad&ordering=oldest").content.decode()
    assert "not one of the available choices" not in page
    assert page.index(">Earlier<") < page.index(">Later<")
    # Each year of the timeline's table links to its meetings.
    assert '<a href="/meetings/?year_from=2008&amp;year_to=2008">2008</a>' in home
    page = client.get("/meetings/?year_from=2008&year_to=2008").content.decode()
    assert ">Earlier<" in page and ">Later<" not in page
