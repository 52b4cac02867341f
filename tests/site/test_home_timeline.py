"""The home page's timeline: published meetings counted per series and year, a bounded
number of series drawn (the featured one first, then in the editors' order, the others
counted and linked), a legend
that says what is drawn, and the same figures as a table with links to the meetings.
"""

import datetime
import re

import pytest

from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


def meetings(series, years, host, **kwargs):
    """One published meeting of ``series`` in each of ``years`` (repeat a year for more)."""
    for year in years:
        MeetingFactory(
            series=series,
            host_country=host,
            start_date=datetime.date(year, 6, 1),
            end_date=None,
            published=True,
            **kwargs,
        )


def between(page, start, end):
    return page[page.index(start) : page.index(end, page.index(start))]


def text_of(html):
    """What a reader sees of ``html``: without tags, with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def table_rows(page):
    """{period: [count of each series, ...]} of the timeline's table, as a reader sees it."""
    body = between(page, "<tbody>", "</tbody>")
    return {
        text_of(period): [text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", cells)]
        for period, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', body)
    }


def legend(page):
    return text_of(between(page, "<figcaption", "</figcaption>"))


def test_published_meetings_are_counted_per_series_and_year(client):
    host = CountryFactory()
    dialogue = MeetingSeriesFactory(short_name="Dialogue", slug="jad")
    forum = MeetingSeriesFactory(short_name="Forum", slug="forum")
    meetings(dialogue, [2008, 2008, 2010], host)
    meetings(forum, [2009], host)
    # Never counted: a draft and a meeting whose publish time is still to come.
    MeetingFactory(series=dialogue, start_date=datetime.date(2008, 2, 1), end_date=None)
    MeetingFactory(
        series=dialogue, start_date=datetime.date(2011, 2, 1), end_date=None, scheduled=True
    )
    MeetingFactory(series=forum, start_date=datetime.date(2012, 2, 1), end_date=None)

    page = client.get("/").content.decode()

    assert table_rows(page) == {
        "2008": ["2", "0"],
        "2009": ["0", "1"],
        "2010": ["1", "0"],
    }
    # Each year links to its meetings.
    assert '<a href="/meetings/?year_from=2009&amp;year_to=2009">2009</a>' in page
    svg = between(page, "<svg", "</svg>")
    # Every series and year has a cell (shaded if it has meetings, faint if not) ...
    assert svg.count('<rect class="cell cell--0"') == 3
    assert svg.count('<rect class="cell cell--') == 6
    # ... and the counts are written in those with meetings.
    assert re.findall(r'<text class="count--\d"[^>]*>(\d+)<', svg) == ["2", "1", "1"]
    assert ">2008</text>" in svg and ">2010</text>" in svg and ">2011</text>" not in svg
    # The legend says what is drawn, and names each series drawn with its figures.
    text = legend(page)
    assert "Each row is a series and each column a year" in text
    assert "Dialogue: 3 meetings from 2008 to 2010" in text
    assert "Forum: 1 meeting in 2009" in text
    assert "/meetings/?series=jad&amp;ordering=oldest" in page
    assert "other series" not in text


def test_the_featured_series_comes_first_and_the_rest_beyond_five_are_summarised(client, settings):
    host = CountryFactory()
    own = MeetingSeriesFactory(
        name=settings.SITE_NAME, short_name="Our Dialogue", slug="ours", featured=True, order=1
    )
    meetings(own, [2010], host)
    others = [MeetingSeriesFactory(short_name=f"Other {n}", slug=f"other-{n}") for n in range(7)]
    for n, series in enumerate(others):
        meetings(series, [2000 + year for year in range(n + 2)], host)  # Other 6 has the most
    # A series with drafts only is neither drawn nor counted among the others.
    MeetingFactory(series=MeetingSeriesFactory(short_name="Secret Series"))

    page = client.get("/").content.decode()

    # The featured series is the page's heading; four more are introduced below it.
    assert re.findall(r'<h1 id="series-\d+">([^<]+)</h1>', page) == [settings.SITE_NAME]
    assert len(re.findall(r'<h2 id="series-\d+">', page)) == 4
    drawn = re.findall(r'<text class="row-label"[^>]*>([^<]+)</text>', page)
    assert drawn == ["Our Dialogue", "Other 6", "Other 5", "Other 4", "Other 3"]
    text = legend(page)
    assert re.findall(r"(Our Dialogue|Other \d):", text) == drawn
    assert "Other 2" not in page and "Other 0" not in page
    assert "And 3 other series: see all meetings, which can be filtered by series." in text
    assert 'see <a href="/meetings/">all meetings</a>' in page
    assert "Secret Series" not in page


def test_a_second_series_with_more_meetings_does_not_take_over_the_heading(client):
    """Issue 14: the ASEAN+3 series, with more meetings (and a name sorting first), came
    above the site's own; the featured series and the editors' order decide."""
    host = CountryFactory()
    own = MeetingSeriesFactory(
        name="Japan-ASEAN Dialogue", short_name="JAD", slug="jad", featured=True, order=1
    )
    meetings(own, [2008, 2013], host)
    apt = MeetingSeriesFactory(name="ASEAN+3 Environment Ministers Meeting", short_name="APT")
    meetings(apt, [2002, 2005, 2008, 2011, 2017], host)
    late = MeetingSeriesFactory(name="A Late Series", short_name="Late", order=200)
    meetings(late, [2001, 2002, 2003, 2004, 2005, 2006], host)

    page = client.get("/").content.decode()

    assert re.findall(r'<h1 id="series-\d+">([^<]+)</h1>', page) == ["Japan-ASEAN Dialogue"]
    drawn = re.findall(r'<text class="row-label"[^>]*>([^<]+)</text>', page)
    assert drawn == ["JAD", "APT", "Late"]  # order 1, 100 (the default), 200
    options = re.findall(r'<option value="([a-z-]+\d*)"', client.get("/meetings/").content.decode())
    assert options[:3] == ["jad", apt.slug, late.slug]  # the series filter, in that order


def test_a_long_record_is_drawn_in_columns_of_several_years(client):
    host = CountryFactory()
    series = MeetingSeriesFactory(slug="long")
    meetings(series, [1900, 1901, 1950, 2020], host)

    page = client.get("/").content.decode()

    # 121 years: four years a column (31 columns) is the first grouping within 40.
    assert "Each row is a series and each column 4 years" in legend(page)
    rows = table_rows(page)
    assert len(rows) == 31  # every column, from 1900-1903 to 2020
    assert rows["1900–1903"] == ["2"] and rows["1904–1907"] == ["0"]
    assert rows["1948–1951"] == ["1"] and rows["2020"] == ["1"]
    assert '<a href="/meetings/?year_from=1900&amp;year_to=1903">1900–1903</a>' in page
    svg = between(page, "<svg", "</svg>")
    assert svg.count('<rect class="cell') == 31
    assert re.findall(r'<text class="count--\d"[^>]*>(\d+)<', svg) == ["2", "1", "1"]
    labelled = [int(year) for year in re.findall(r'text-anchor="middle">(\d{4})</text>', svg)]
    assert len(labelled) <= 10 and all(year % 4 == 0 for year in labelled)


def test_the_shades_of_the_legend_cover_the_counts_drawn(client):
    host = CountryFactory()
    series = MeetingSeriesFactory()
    meetings(series, [2001] + [2002] * 8, host)

    page = client.get("/").content.decode()

    svg = between(page, "<svg", "</svg>")
    assert '<rect class="cell cell--1"' in svg and '<rect class="cell cell--4"' in svg
    shades = re.findall(r'<span class="swatch swatch--(\d)"></span> ([^<]+)</li>', page)
    assert shades == [
        ("1", "1 to 2 meetings"),
        ("2", "3 to 4 meetings"),
        ("3", "5 to 6 meetings"),
        ("4", "7 to 8 meetings"),
    ]


def test_no_timeline_without_published_meetings(client):
    MeetingFactory(start_date=datetime.date(2008, 2, 1), end_date=None)  # a draft
    page = client.get("/").content.decode()
    assert "<svg" not in page and "<table" not in page
    assert "Nothing has been published yet." in page
