"""Country, person and organisation pages are summaries of bounded size.

Each shows counts per series, the latest few meetings (or participations) and links to
the meetings list filtered by that country, person or organisation for the rest; drafts
and scheduled meetings are never counted or shown. The record here grows from 5 to 60
published meetings per series around the same country, person and organisation: each
page runs the same number of queries and grows by no more than a small constant.
"""

import datetime
import itertools
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus, content_changed
from meetings.models import Meeting, Participation
from tests.factories import (
    CountryFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PersonFactory,
    an_hour_ago,
    in_a_week,
    kind_named,
)
from tests.meetings.page_reading import card_titles, get_page, section

pytestmark = pytest.mark.django_db

SHOWN = 10  # the latest meetings or participations a page shows
# Queries of each page, whatever the record holds: the first view after a change (which
# counts the record per country or organisation again, once per content version), then
# the next.
QUERIES = {"country": (9, 6), "person": (4, 4), "organisation": (5, 4)}
# What may be added to a page once its lists are full (a few digits in the counts).
SIZE_SLACK = 200


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def summary_rows(page):
    """{series name: [the numbers of its row]} of the summary table, and "All series"."""
    rows = re.findall(
        r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', section(page, "series-heading"), re.S
    )
    return {
        text(name): [int(text(cell)) for cell in re.findall(r"<td>(.*?)</td>", cells)]
        for name, cells in rows
    }


def link_to(html, words):
    """The href of the link whose text starts with ``words``."""
    match = re.search(rf'<a href="([^"]+)">{re.escape(words)}', html)
    assert match, f"no link {words!r}"
    return match.group(1).replace("&amp;", "&")


def every_listed(client, url):
    """All the meeting titles a filtered list shows, following its pages."""
    titles = []
    while url:
        page = get_page(client, url)
        titles += card_titles(page)
        following = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = "/meetings/" + following.group(1).replace("&amp;", "&") if following else None
    return titles


# Meetings are a day apart from 1 January 2000, in the order they are added (each test
# starts again from the first day: see the ``busy`` fixture).
_days = itertools.count()


def add_meetings(series, host, count, who, status=PublicationStatus.PUBLISHED, published_at=None):
    """``count`` meetings of ``series`` hosted by ``host``, each later than all before
    them, each naming every participation of ``who`` (a list of field dicts); every other
    one known to the month only."""
    start = datetime.date(2000, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            kind=kind_named("other"),
            title=f"{series.short_name} meeting {day}",
            slug=f"{series.slug}-{day}",
            start_date=start + datetime.timedelta(days=day),
            date_precision="month" if day % 2 else "day",
            city="Town",
            host_country=host,
            status=status,
            published_at=published_at or an_hour_ago(),
        )
        for day in itertools.islice(_days, count)
    )
    Participation.objects.bulk_create(
        Participation(meeting=meeting, order=order, **fields)
        for meeting in meetings
        for order, fields in enumerate(who, start=1)
    )
    content_changed()  # as every bulk write does: no page of the old record is served
    return meetings


@pytest.fixture
def busy():
    """A country, a person and an organisation, and a ``grow(n)`` that adds ``n``
    published meetings to each of two series around them, and drafts that name them.

    Series "Alpha": hosted by the country, the person and the organisation there for it.
    Series "Beta": hosted elsewhere, the person and a colleague there for the country,
    both from the organisation (two of its participations per meeting).
    Series "Draft only": a draft and a scheduled meeting naming all three.
    """
    global _days
    _days = itertools.count()
    country = CountryFactory(name="Busyland")
    elsewhere = CountryFactory(name="Elsewhere")
    person = PersonFactory(name="Busy Person")
    colleague = PersonFactory(name="Busy Colleague")
    organisation = OrganisationFactory(name="Busy Agency", acronym="")
    alpha = MeetingSeriesFactory(name="Alpha Series", short_name="Alpha", slug="alpha")
    beta = MeetingSeriesFactory(name="Beta Series", short_name="Beta", slug="beta")
    hidden = MeetingSeriesFactory(name="Draft only Series", short_name="Hidden", slug="hidden")
    us = {"person": person, "organisation": organisation, "country": country}
    them = {"person": colleague, "organisation": organisation, "country": country}
    # Nothing to do with them: never counted.
    add_meetings(beta, elsewhere, 3, [{"country": elsewhere}])

    def grow(count):
        add_meetings(alpha, country, count, [us])
        beta_meetings = add_meetings(beta, elsewhere, count, [us, them])
        for status, published_at in [
            (PublicationStatus.DRAFT, None),
            (PublicationStatus.PUBLISHED, in_a_week()),
        ]:
            for series in (alpha, hidden):
                add_meetings(series, country, 2, [us], status=status, published_at=published_at)
        return beta_meetings

    return SimpleNamespace(
        country=country, person=person, organisation=organisation, grow=grow, alpha=alpha
    )


def urls(busy):
    return {
        "country": busy.country.get_absolute_url(),
        "person": busy.person.get_absolute_url(),
        "organisation": busy.organisation.get_absolute_url(),
    }


def published_titles(**participation):
    return {
        meeting.display_title
        for meeting in Meeting.objects.published().filter(
            pk__in=Participation.objects.filter(**participation).values("meeting")
        )
    }


class TestSummaries:
    def test_country_counts_per_series_and_links_to_exactly_its_meetings(self, client, busy):
        busy.grow(7)
        page = get_page(client, busy.country.get_absolute_url())
        # Hosted, attended; the draft-only series is no row at all.
        assert summary_rows(page) == {
            "Alpha Series": [7, 7],
            "Beta Series": [0, 7],
            "All series": [7, 14],
        }
        assert "Draft only" not in page and "Hidden meeting" not in page
        hosted = section(page, "hosted-heading")
        assert "Busyland hosted 7 published meetings; the latest first:" in text(hosted)
        assert len(re.findall(r"<li>", hosted)) == 7
        attended = section(page, "attended-heading")
        assert len(re.findall(r"<li>", attended)) == SHOWN
        code = busy.country.code
        assert link_to(hosted, "All 7 meetings hosted") == f"/meetings/?host={code}"
        assert link_to(attended, "All 14 meetings attended") == f"/meetings/?country={code}"
        everything = published_titles(country=busy.country)
        assert len(everything) == 14
        listed = every_listed(client, f"/meetings/?country={code}")
        assert len(listed) == 14 and set(listed) == everything
        # The latest shown are the first of the list (newest first there too).
        assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', attended) == listed[:SHOWN]
        # Each series' number links to that series' meetings of the country.
        row = re.search(r"Beta Series</th>(.*?)</tr>", section(page, "series-heading"), re.S)
        beta_link = link_to(row.group(1), "7")
        assert beta_link == f"/meetings/?country={code}&series=beta"
        assert len(every_listed(client, beta_link)) == 7

    def test_person_counts_per_series_and_links_to_exactly_their_meetings(self, client, busy):
        busy.grow(8)
        page = get_page(client, busy.person.get_absolute_url())
        assert summary_rows(page) == {"Alpha Series": [8], "Beta Series": [8], "All series": [16]}
        assert "Draft only" not in page and "Hidden meeting" not in page
        latest = section(page, "participations-heading")
        assert len(card_titles(latest)) == SHOWN
        url = link_to(latest, f"All 16 meetings of {busy.person}")
        assert url == f"/meetings/?person={busy.person.slug}"
        listed = every_listed(client, url)
        assert len(listed) == 16
        assert set(listed) == published_titles(person=busy.person)
        assert card_titles(latest) == listed[:SHOWN]
        alpha_url = link_to(section(page, "series-heading"), "8")
        assert alpha_url == f"/meetings/?person={busy.person.slug}&series=alpha"
        assert every_listed(client, alpha_url) == [t for t in listed if t.startswith("Alpha")]

    def test_organisation_counts_meetings_and_participations(self, client, busy):
        busy.grow(6)
        page = get_page(client, busy.organisation.get_absolute_url())
        # Meetings, participations: two of its people at each Beta meeting.
        assert summary_rows(page) == {
            "Alpha Series": [6, 6],
            "Beta Series": [6, 12],
            "All series": [12, 18],
        }
        latest = section(page, "participations-heading")
        assert len(card_titles(latest)) == SHOWN
        # The latest participations: both of its people at the latest Beta meeting.
        assert card_titles(latest)[0] == card_titles(latest)[1]
        assert "Busy Person" in latest and "Busy Colleague" in latest
        url = link_to(latest, "All 12 meetings of Busy Agency")
        assert url == f"/meetings/?organisation={busy.organisation.slug}"
        assert set(every_listed(client, url)) == published_titles(organisation=busy.organisation)

    def test_dates_at_their_precision(self, client, busy):
        busy.grow(2)
        page = get_page(client, busy.person.get_absolute_url())
        latest = text(section(page, "participations-heading"))
        # Day 9 of the record is month-precision, day 8 is a whole date.
        assert re.search(r"Beta meeting \d+ January 2000, Town", latest)
        assert re.search(r"Beta meeting \d+ \d+ January 2000, Town", latest)

    def test_nothing_but_drafts_shows_no_count_and_no_link(self, client, busy):
        add_meetings(
            busy.alpha,
            busy.country,
            3,
            [{"organisation": busy.organisation}],
            status=PublicationStatus.DRAFT,
        )
        page = get_page(client, busy.organisation.get_absolute_url())
        assert "series-heading" not in page
        assert "/meetings/?organisation=" not in page
        assert "No published meeting records Busy Agency taking part yet." in page
        country_page = get_page(client, busy.country.get_absolute_url())
        assert "series-heading" not in country_page
        assert "No published meeting was held in Busyland." in country_page
        assert client.get(busy.person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", list(QUERIES))
def test_same_queries_and_a_bounded_size_at_5_and_60_meetings(client, busy, kind, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page's own queries, rendered each time
    url = urls(busy)[kind]

    def fetch():
        """(size, queries) of the page after a change, then (queries) the next time."""
        with CaptureQueriesContext(connection) as first:
            page = get_page(client, url)
        with CaptureQueriesContext(connection) as again:
            assert get_page(client, url) == page
        queries = (len(first.captured_queries), len(again.captured_queries))
        return page, len(page.encode()), queries

    busy.grow(5)
    _page, small_size, small_queries = fetch()
    busy.grow(55)  # 60 published meetings a series
    _page, size, queries = fetch()
    assert small_queries == queries == QUERIES[kind]
    # At 5 meetings a series the lists are not full yet; at 60 they are, at their bound.
    assert size - small_size < 12_000
    busy.grow(100)
    page, large_size, queries = fetch()
    assert queries == QUERIES[kind]
    assert abs(large_size - size) < SIZE_SLACK
    assert "160" in page  # the counts did grow


def test_an_edit_is_counted_at_once(client, busy):
    busy.grow(3)
    for url in urls(busy).values():
        get_page(client, url)  # counted for this content version
    draft = Meeting.objects.filter(series=busy.alpha, status=PublicationStatus.DRAFT).first()
    draft.status = PublicationStatus.PUBLISHED
    draft.save()  # a new content version
    country = get_page(client, busy.country.get_absolute_url())
    assert summary_rows(country)["Alpha Series"] == [4, 4]
    person = get_page(client, busy.person.get_absolute_url())
    assert summary_rows(person)["Alpha Series"] == [4]
    organisation = get_page(client, busy.organisation.get_absolute_url())
    assert summary_rows(organisation)["Alpha Series"] == [4, 4]
    countries = get_page(client, "/countries/")
    assert re.search(r"Busyland</a></th>\s*<td>4</td>\s*<td>7</td>", countries)
