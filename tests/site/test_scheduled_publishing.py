"""Scheduled publishing on every public surface: a meeting or a programme published
for a later time is on no list, page, feed, calendar, search, sitemap or download before
that time (not even a second before), is on all of them from it, and is off them at once
when a Publisher withdraws it.
"""

import datetime
import re

import pytest
import time_machine

from core.models import PublicationStatus
from tests.admin_forms import admin_url, body, page
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def section(html, start, end):
    """The part of ``html`` from the first ``start`` to the next ``end`` ('' if absent)."""
    begin = html.find(start)
    if begin < 0:
        return ""
    finish = html.find(end, begin)
    return html[begin : finish if finish >= 0 else len(html)]


@pytest.fixture
def scheduled(now):
    """A meeting and a programme scheduled an hour from ``now``, with everything that
    would show them once published: a participant, a host country, a discussion at a
    published meeting, and a published meeting and programme beside them (so every list
    has something in it before the scheduled records appear)."""
    with time_machine.travel(now, tick=False):
        country = CountryFactory(name="Heliotropia", slug="heliotropia")
        series = MeetingSeriesFactory()
        earlier = MeetingFactory(
            series=series, number=1, title="Opening Dialogue", slug="opening-dialogue",
            start_date=datetime.date(2010, 3, 1), end_date=None, published=True,
        )  # fmt: skip
        meeting = MeetingFactory(
            series=series, number=2, title="Zanzibarine Dialogue", slug="zanzibarine-dialogue",
            start_date=datetime.date(2012, 5, 10), end_date=None, host_country=country,
            status=PublicationStatus.PUBLISHED, published_at=now + HOUR,
        )  # fmt: skip
        person = PersonFactory(name="Oriel Quennevaux", slug="oriel-quennevaux")
        organisation = OrganisationFactory(name="Quennevaux Institute", slug="quennevaux")
        ParticipationFactory(
            meeting=meeting, person=person, organisation=organisation, country=country
        )
        ProgrammeFactory(name="Established Programme", published=True)
        programme = ProgrammeFactory(
            name="Marigold Wetlands Programme", slug="marigold-wetlands",
            status=PublicationStatus.PUBLISHED, published_at=now + HOUR, countries=[country],
        )  # fmt: skip
        DiscussionFactory(meeting=earlier, programme=programme)
    return {"meeting": meeting, "programme": programme, "earlier": earlier, "now": now}


def get(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def shows_text(text):
    def check(response):
        return response.status_code == 200 and text in body(response)

    return check


def is_found(response):
    return response.status_code == 200


# (surface, url, does the response show the scheduled record)
MEETING_SURFACES = {
    "meetings list": ("/meetings/", shows_text("Zanzibarine Dialogue")),
    "meeting page": ("/meetings/zanzibarine-dialogue/", is_found),
    "meeting calendar event": ("/meetings/zanzibarine-dialogue/calendar.ics", is_found),
    "calendar of meetings": ("/meetings/calendar.ics", shows_text("Zanzibarine Dialogue")),
    "Atom feed": ("/meetings/feed/", shows_text("Zanzibarine Dialogue")),
    "home timeline": (
        "/",
        # The timeline counts the meeting in its year (2012: the only meeting that year).
        lambda response: (
            'year_to=2012">2012</a></th><td>1</td>'
            in section(page(response), '<details class="timeline-table"', "</details>")
        ),
    ),
    "home latest meetings": (
        "/",
        lambda response: (
            "Zanzibarine Dialogue" in section(page(response), 'id="latest-heading"', "</section>")
        ),
    ),
    "search": ("/search/?q=Zanzibarine", shows_text("/meetings/zanzibarine-dialogue/")),
    "search for a participant": (
        "/search/?q=Quennevaux",
        shows_text("/people/oriel-quennevaux/"),
    ),
    "sitemap": ("/sitemap-meetings.xml", shows_text("/meetings/zanzibarine-dialogue/")),
    "sitemap of people": ("/sitemap-people.xml", shows_text("/people/oriel-quennevaux/")),
    "country page": ("/countries/heliotropia/", shows_text("Zanzibarine Dialogue")),
    "person page": ("/people/oriel-quennevaux/", is_found),
    "organisation page": ("/organisations/quennevaux/", shows_text("Zanzibarine Dialogue")),
    "meetings CSV download": ("/meetings/download.csv", shows_text("zanzibarine-dialogue")),
    "meetings JSON download": ("/meetings/download.json", shows_text("zanzibarine-dialogue")),
}
PROGRAMME_SURFACES = {
    "programmes list": ("/programmes/", shows_text("Marigold Wetlands Programme")),
    "programme page": ("/programmes/marigold-wetlands/", is_found),
    "home programmes": (
        "/",
        lambda response: (
            "Marigold Wetlands Programme"
            in section(page(response), 'id="programmes-heading"', "</section>")
        ),
    ),
    "search": ("/search/?q=Marigold", shows_text("/programmes/marigold-wetlands/")),
    "sitemap": ("/sitemap-programmes.xml", shows_text("/programmes/marigold-wetlands/")),
    "country page": ("/countries/heliotropia/", shows_text("Marigold Wetlands Programme")),
    "page of a meeting that discussed it": (
        "/meetings/opening-dialogue/",
        shows_text("Marigold Wetlands Programme"),
    ),
    "programmes CSV download": ("/programmes/download.csv", shows_text("marigold-wetlands")),
    "programmes JSON download": ("/programmes/download.json", shows_text("marigold-wetlands")),
}


def check_schedule_and_withdrawal(client, publisher_client, scheduled, model_name, url, shows):
    now = scheduled["now"]
    with time_machine.travel(now, tick=False):
        assert not shows(get(client, url)), "shown before its publish time"
    with time_machine.travel(now + HOUR - datetime.timedelta(seconds=1), tick=False):
        assert not shows(get(client, url)), "shown a second before its publish time"
    with time_machine.travel(now + HOUR, tick=False):
        assert shows(get(client, url)), "not shown at its publish time"
    with time_machine.travel(now + 2 * HOUR, tick=False):
        assert shows(get(client, url)), "not shown after its publish time"
        # Withdrawn by a Publisher: off the surface at once.
        record = scheduled[model_name]
        publisher_client.post(
            admin_url(model_name, "changelist"),
            {"action": "unpublish", "_selected_action": [record.pk]},
        )
        record.refresh_from_db()
        assert record.status == PublicationStatus.DRAFT
        assert not shows(get(client, url)), "still shown once withdrawn"


@pytest.mark.parametrize("surface", list(MEETING_SURFACES))
def test_scheduled_meeting_appears_at_its_time_and_goes_when_withdrawn(
    client, publisher_client, scheduled, surface
):
    url, shows = MEETING_SURFACES[surface]
    check_schedule_and_withdrawal(client, publisher_client, scheduled, "meeting", url, shows)


@pytest.mark.parametrize("surface", list(PROGRAMME_SURFACES))
def test_scheduled_programme_appears_at_its_time_and_goes_when_withdrawn(
    client, publisher_client, scheduled, surface
):
    url, shows = PROGRAMME_SURFACES[surface]
    check_schedule_and_withdrawal(client, publisher_client, scheduled, "programme", url, shows)


def test_country_list_counts_a_scheduled_meeting_only_from_its_time(client, scheduled):
    def hosted(html):
        match = re.search(r'href="/countries/heliotropia/".*?</li>', html, re.DOTALL)
        return match.group(0) if match else ""

    with time_machine.travel(scheduled["now"], tick=False):
        before = hosted(page(client.get("/countries/")))
    with time_machine.travel(scheduled["now"] + HOUR, tick=False):
        after = hosted(page(client.get("/countries/")))
    assert before and after
    assert before != after  # the count of meetings hosted went from 0 to 1
