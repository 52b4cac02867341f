"""The public meeting pages: the filtered list at /meetings/ and a meeting's own page."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
LIST_URL = "/meetings/"
LIST_MAX_QUERIES = 12
DETAIL_MAX_QUERIES = 6


# --- Reading pages the way a user does ------------------------------------------------


def page_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(response):
    """The titles of the result cards, in the order shown."""
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', page_of(response))


def result_count(response):
    match = re.search(r'<p class="result-count"[^>]*>([^<]+)</p>', page_of(response))
    return match.group(1).strip() if match else None


def chips(response):
    """(text, removal link) of each active-filter chip."""
    found = re.findall(r'<li class="chip">(.*?) <a href="([^"]*)"', page_of(response))
    return [(text, href.replace("&amp;", "&")) for text, href in found]


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page_of(response), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta_content(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return match.group(1) if match else None


# --- The record the tests browse -----------------------------------------------------


@pytest.fixture(autouse=True)
def factory_country_codes_start_at_aa():
    """Countries a factory makes get codes AA, AB, ...: never the real codes used here."""
    CountryFactory.reset_sequence(0)


@pytest.fixture
def record():
    """Four published meetings in two series, plus a draft and a scheduled one.

    ===============  ========  =======  ====  =============  ===================
    meeting          series    kind     host  participants   programmes (stage)
    ===============  ========  =======  ====  =============  ===================
    First (2008-03)  jad       dialog   VN    JP (Akino)     Model Cities
    Third (2009-08)  jad       dialog   TH    ID, KR         Biodiversity
    Ministerial      jad       minist.  ID    ID (Risma.)    Model Cities, Secret
    (26 Sep 2013)                                            (draft programme)
    Bangkok (2015)   apt       other    TH    KR             -
    Draft (2012)     jad       dialog   TH    -              -
    Scheduled(2014)  jad       dialog   TH    -              -
    ===============  ========  =======  ====  =============  ===================
    """
    c = {
        code: Country.objects.create(code=code, name=name, slug=slug)
        for code, name, slug in [
            ("TH", "Thailand", "thailand"),
            ("VN", "Viet Nam", "viet-nam"),
            ("JP", "Japan", "japan"),
            ("ID", "Indonesia", "indonesia"),
            ("KR", "Republic of Korea", "republic-of-korea"),
        ]
    }
    moej = OrganisationFactory(
        name="Ministry of the Environment, Japan",
        acronym="MOEJ",
        slug="moej",
        country=c["JP"],
    )
    surabaya = OrganisationFactory(
        name="City of Surabaya", acronym="", slug="city-of-surabaya", country=c["ID"]
    )
    jad = MeetingSeriesFactory(
        name="Japan-ASEAN Dialogue on Environmental Cooperation",
        short_name="Japan-ASEAN Dialogue",
        slug="japan-asean-dialogue",
        organisers=[moej],
    )
    apt = MeetingSeriesFactory(
        name="ASEAN Plus Three Environment Ministers Meeting",
        short_name="ASEAN+3 EMM",
        slug="asean-plus-three",
    )
    cities = ThemeFactory(name="Sustainable cities", slug="sustainable-cities")
    biodiversity = ThemeFactory(name="Biodiversity", slug="biodiversity")
    water = ThemeFactory(name="Water", slug="water")
    model_cities = ProgrammeFactory(
        published=True,
        name="Model Cities Programme",
        acronym="AESCX",
        slug="model-cities",
        themes=[cities],
    )
    capacity = ProgrammeFactory(
        published=True,
        name="Biodiversity Capacity Building Programme",
        acronym="",
        slug="biodiversity-capacity",
        themes=[biodiversity],
    )
    secret = ProgrammeFactory(
        name="Secret Wetlands Programme", acronym="SWPX", slug="secret-wetlands", themes=[water]
    )

    def meeting(**kwargs):
        defaults = {"published": True, "end_date": None, "venue": "", "series": jad}
        return MeetingFactory(**{**defaults, **kwargs})

    first = meeting(
        number=1,
        title="First Dialogue",
        slug="first-dialogue-2008",
        start_date=D(2008, 3, 1),
        date_precision="month",
        city="Hanoi",
        host_country=c["VN"],
        outline=(
            "Participating countries agreed to **exchange** views. Japan presented its "
            "initiative.\n\nIt was recommended to take note of the fund."
        ),
    )
    third = meeting(
        number=3,
        title="Third Dialogue",
        slug="third-dialogue-2009",
        start_date=D(2009, 8, 1),
        date_precision="month",
        city="Hua Hin",
        venue="Hyatt Regency",
        host_country=c["TH"],
        outline="Views were exchanged on water resources.",
    )
    ministerial = meeting(
        kind=Meeting.Kind.MINISTERIAL,
        number=None,
        title="Ministerial Dialogue",
        slug="ministerial-dialogue-2013",
        start_date=D(2013, 9, 26),
        date_precision="day",
        city="Surabaya",
        host_country=c["ID"],
        outline="The 40th anniversary was commemorated.",
    )
    bangkok = meeting(
        series=apt,
        kind=Meeting.Kind.OTHER,
        number=1,
        title="Bangkok Environment Meeting",
        slug="bangkok-meeting-2015",
        start_date=D(2015, 5, 1),
        date_precision="month",
        city="Pattaya",
        host_country=c["TH"],
        outline="Ministers met.",
    )
    draft = meeting(
        published=False,
        number=4,
        title="Draft Dialogue",
        slug="draft-dialogue-2012",
        start_date=D(2012, 5, 10),
        city="Chiang Mai",
        host_country=c["TH"],
        outline="Not yet public.",
    )
    scheduled = meeting(
        published=False,
        scheduled=True,
        number=5,
        title="Scheduled Dialogue",
        slug="scheduled-dialogue-2014",
        start_date=D(2014, 5, 10),
        city="Khon Kaen",
        host_country=c["TH"],
        outline="Not yet public either.",
    )

    def took_part(meeting, country, person=None, organisation=None, **kwargs):
        return ParticipationFactory(
            meeting=meeting, country=country, person=person, organisation=organisation, **kwargs
        )

    took_part(
        first,
        c["JP"],
        PersonFactory(name="Kozo Akino", honorific="Mr.", slug="kozo-akino"),
        moej,
        role=Participation.Role.SPEAKER,
        title="Parliamentary Vice-Minister",
    )
    took_part(third, c["ID"], order=1, title="", note="Presented its progress.")
    took_part(third, c["KR"], order=2, title="")
    took_part(
        ministerial,
        c["ID"],
        PersonFactory(name="Tri Rismaharini", honorific="Ms.", slug="tri-rismaharini"),
        surabaya,
        role=Participation.Role.SPEAKER,
        title="Mayor of Surabaya",
    )
    took_part(bangkok, c["KR"], title="")
    DiscussionFactory(meeting=first, programme=model_cities, stage="proposed", note="Drafted.")
    DiscussionFactory(meeting=third, programme=capacity, stage="considered", note="")
    DiscussionFactory(
        meeting=ministerial, programme=model_cities, stage="progress_reported", note="Reported."
    )
    DiscussionFactory(meeting=ministerial, programme=secret, stage="approved", note="Hush.")
    return {
        "first": first,
        "third": third,
        "ministerial": ministerial,
        "bangkok": bangkok,
        "draft": draft,
        "scheduled": scheduled,
        "jad": jad,
        "apt": apt,
        "secret": secret,
        "model_cities": model_cities,
    }


ALL_PUBLISHED = [
    "Bangkok Environment Meeting",
    "Ministerial Dialogue",
    "Third Dialogue",
    "First Dialogue",
]


# --- The list ------------------------------------------------------------------------------


class TestMeetingList:
    def test_lists_published_meetings_newest_first_with_their_facts(self, client, record):
        response = client.get(LIST_URL)
        assert listed(response) == ALL_PUBLISHED
        page = page_of(response)
        assert '<a href="/meetings/first-dialogue-2008/">First Dialogue</a>' in page
        assert "March 2008 · Hanoi, Viet Nam · Japan-ASEAN Dialogue" in page
        assert "26 September 2013 · Surabaya, Indonesia · Japan-ASEAN Dialogue" in page
        assert "May 2015 · Pattaya, Thailand · ASEAN+3 EMM" in page
        assert "1 March 2008" not in page
        assert result_count(response) == "4 meetings"

    def test_drafts_and_scheduled_meetings_never_appear(self, client, record):
        for query in ["", "?host=TH", "?q=Dialogue", "?year_from=2012&year_to=2014"]:
            page = page_of(client.get(LIST_URL + query))
            assert "Draft Dialogue" not in page
            assert "Scheduled Dialogue" not in page
            assert record["draft"].get_absolute_url() not in page
            assert record["scheduled"].get_absolute_url() not in page

    def test_the_page_has_the_filter_form_in_its_panel(self, client, record):
        page = page_of(client.get(LIST_URL))
        layout = page[page.index('class="filter-layout"') :]
        assert layout.index('<aside class="filter-panel"') < layout.index('class="filter-form"')
        for name in [
            "q",
            "series",
            "kind",
            "host",
            "country",
            "programme",
            "theme",
            "year_from",
            "year_to",
            "ordering",
        ]:
            assert f'name="{name}"' in page

    def test_choices_use_natural_keys_and_only_published_programmes(self, client, record):
        page = page_of(client.get(LIST_URL))
        assert '<option value="TH">Thailand</option>' in page
        assert '<option value="japan-asean-dialogue">' in page
        assert '<option value="model-cities">Model Cities Programme</option>' in page
        assert '<option value="sustainable-cities">Sustainable cities</option>' in page
        # A draft programme, and a theme only it has, are no choice at all.
        assert "secret-wetlands" not in page
        assert "Secret Wetlands Programme" not in page
        assert '<option value="water">' not in page

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("series=japan-asean-dialogue", ALL_PUBLISHED[1:]),
            ("series=asean-plus-three", ["Bangkok Environment Meeting"]),
            ("kind=ministerial", ["Ministerial Dialogue"]),
            ("kind=other", ["Bangkok Environment Meeting"]),
            ("kind=dialogue", ["Third Dialogue", "First Dialogue"]),
            ("host=TH", ["Bangkok Environment Meeting", "Third Dialogue"]),
            ("host=VN", ["First Dialogue"]),
            ("country=ID", ["Ministerial Dialogue", "Third Dialogue"]),
            ("country=KR", ["Bangkok Environment Meeting", "Third Dialogue"]),
            ("country=JP", ["First Dialogue"]),
            ("programme=model-cities", ["Ministerial Dialogue", "First Dialogue"]),
            ("programme=biodiversity-capacity", ["Third Dialogue"]),
            ("theme=sustainable-cities", ["Ministerial Dialogue", "First Dialogue"]),
            ("theme=biodiversity", ["Third Dialogue"]),
            ("year_from=2013", ["Bangkok Environment Meeting", "Ministerial Dialogue"]),
            ("year_to=2009", ["Third Dialogue", "First Dialogue"]),
            ("year_from=2009&year_to=2013", ["Ministerial Dialogue", "Third Dialogue"]),
            ("year_from=2013&year_to=2013", ["Ministerial Dialogue"]),
        ],
    )  # fmt: skip
    def test_each_filter_alone(self, client, record, query, expected):
        assert listed(client.get(f"{LIST_URL}?{query}")) == expected

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("Hanoi", ["First Dialogue"]),  # city
            ("hyatt", ["Third Dialogue"]),  # venue, any case
            ("anniversary", ["Ministerial Dialogue"]),  # outline
            ("Bangkok", ["Bangkok Environment Meeting"]),  # title
            ("Rismaharini", ["Ministerial Dialogue"]),  # person
            ("MOEJ", ["First Dialogue"]),  # organisation acronym
            ("Ministry of the Environment", ["First Dialogue"]),  # organisation name
            ("Korea", ["Bangkok Environment Meeting", "Third Dialogue"]),  # country represented
            ("Model Cities", ["Ministerial Dialogue", "First Dialogue"]),  # programme name
            ("AESCX", ["Ministerial Dialogue", "First Dialogue"]),  # programme acronym
            ("Biodiversity Capacity", ["Third Dialogue"]),
            ("Hanoi Thailand", []),  # every word must match the same meeting
            ("Secret", []),  # a draft programme's name finds nothing
            ("SWPX", []),
        ],
    )
    def test_free_text_search(self, client, record, q, expected):
        assert listed(client.get(LIST_URL, {"q": q})) == expected

    def test_a_search_matching_many_participants_lists_the_meeting_once(self, client, record):
        for order in range(3):
            ParticipationFactory(
                meeting=record["third"],
                person=PersonFactory(name=f"Somchai Twin {order}"),
                organisation=None,
                country=None,
                order=10 + order,
            )
        response = client.get(LIST_URL, {"q": "Somchai"})
        assert listed(response) == ["Third Dialogue"]
        assert result_count(response) == "1 meeting"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("host=TH&year_from=2010", ["Bangkok Environment Meeting"]),
            ("series=japan-asean-dialogue&country=ID&year_to=2010", ["Third Dialogue"]),
            ("q=Model&host=ID", ["Ministerial Dialogue"]),
            ("programme=model-cities&kind=dialogue", ["First Dialogue"]),
            ("theme=sustainable-cities&year_from=2010&country=ID", ["Ministerial Dialogue"]),
            ("host=TH&kind=ministerial", []),
            ("q=Korea&series=asean-plus-three&ordering=oldest", ["Bangkok Environment Meeting"]),
        ],
    )
    def test_filters_combined(self, client, record, query, expected):
        assert listed(client.get(f"{LIST_URL}?{query}")) == expected

    def test_ordering_oldest_first(self, client, record):
        assert listed(client.get(LIST_URL, {"ordering": "oldest"})) == ALL_PUBLISHED[::-1]
        assert listed(client.get(LIST_URL, {"ordering": "newest"})) == ALL_PUBLISHED
        assert listed(client.get(LIST_URL, {"ordering": ""})) == ALL_PUBLISHED

    def test_result_count_says_meeting_or_meetings(self, client, record):
        assert result_count(client.get(LIST_URL, {"host": "VN"})) == "1 meeting"
        assert result_count(client.get(LIST_URL, {"host": "TH"})) == "2 meetings"
        assert result_count(client.get(LIST_URL)) == "4 meetings"

    def test_active_filter_chips_with_removal_links(self, client, record):
        response = client.get(LIST_URL, {"host": "TH", "year_from": "2010"})
        assert chips(response) == [
            ("Host country: Thailand", "/meetings/?year_from=2010"),
            ("From year: 2010", "/meetings/?host=TH"),
        ]
        # Following a chip's link removes that filter only.
        assert listed(client.get("/meetings/?year_from=2010")) == [
            "Bangkok Environment Meeting",
            "Ministerial Dialogue",
        ]
        assert 'href="/meetings/">Clear all filters</a>' in page_of(response)

    def test_chips_name_model_choices_and_orderings_in_words(self, client, record):
        response = client.get(
            LIST_URL, {"programme": "model-cities", "kind": "dialogue", "ordering": "oldest"}
        )
        texts = [text for text, _ in chips(response)]
        assert texts == [
            "Kind: Working-level dialogue",
            "Programme discussed: Model Cities Programme",
            "Order: Oldest first",
        ]

    def test_the_default_order_and_empty_fields_are_not_active_filters(self, client, record):
        # What the form sends when only the host was chosen.
        response = client.get(
            "/meetings/?q=&series=&kind=&host=VN&country=&programme=&theme="
            "&year_from=&year_to=&ordering=newest"
        )
        assert [text for text, _ in chips(response)] == ["Host country: Viet Nam"]
        assert listed(response) == ["First Dialogue"]

    def test_empty_state_offers_to_clear_the_filters(self, client, record):
        response = client.get(LIST_URL, {"q": "nothing-matches-this"})
        page = page_of(response)
        assert listed(response) == []
        assert result_count(response) == "0 meetings"
        assert "No meetings match these filters." in page
        empty_state = page[page.index('class="empty-state"') :]
        assert '<a href="/meetings/">clear all filters</a>' in empty_state

    def test_no_meetings_at_all_says_so(self, client, db):
        page = page_of(client.get(LIST_URL))
        assert "No meetings have been published yet." in page
        assert "0 meetings" in page

    @pytest.mark.parametrize(
        ("query", "field", "message"),
        [
            ("year_from=abc", "year_from", "Enter a whole number."),
            ("year_to=20x5", "year_to", "Enter a whole number."),
            ("year_from=99999", "year_from", "less than or equal to 2100"),
            ("host=ZZ", "host", "Select a valid choice."),
            ("country=zz", "country", "Select a valid choice."),
            ("programme=nope", "programme", "Select a valid choice."),
            ("programme=secret-wetlands", "programme", "Select a valid choice."),  # a draft
            ("theme=water", "theme", "Select a valid choice."),  # only a draft's theme
            ("series=nope", "series", "Select a valid choice."),
            ("kind=summit", "kind", "Select a valid choice."),
            ("ordering=random", "ordering", "Select a valid choice."),
            ("year_from=2015&year_to=2010", "year_to", "cannot be before the start year"),
        ],
    )
    def test_invalid_input_is_an_error_on_the_form_not_a_500(
        self, client, record, query, field, message
    ):
        response = client.get(f"{LIST_URL}?{query}")
        page = page_of(response)  # asserts 200
        error = re.search(rf'<p class="field__error" id="id_{field}-error">([^<]*)</p>', page)
        assert error, f"no error shown for {field}"
        assert message in error.group(1).replace("&#x27;", "'")
        assert f'aria-describedby="id_{field}-error"' in page
        assert 'aria-invalid="true"' in page
        assert listed(response) == []
        assert "please correct the fields marked in the form" in page
        # The calendar link does not point at a calendar that would refuse the filters.
        assert 'href="/meetings/calendar.ics"' in page

    def test_a_page_number_that_does_not_exist_is_a_404_not_a_500(self, client, record):
        assert client.get(LIST_URL, {"page": "abc"}).status_code == 404
        assert client.get(LIST_URL, {"page": "9"}).status_code == 404

    def test_pagination_keeps_the_filters(self, client, record):
        thailand = Country.objects.get(code="TH")
        for number in range(23):
            MeetingFactory(
                published=True,
                series=record["apt"],
                number=100 + number,
                title=f"Thai Meeting {number:02d}",
                host_country=thailand,
                start_date=D(2016, 1, 1) + datetime.timedelta(days=number),
                end_date=None,
            )
        response = client.get(LIST_URL, {"host": "TH", "year_from": "2010"})
        page = page_of(response)
        assert result_count(response) == "24 meetings"
        assert len(listed(response)) == 20
        next_link = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
        next_link = next_link.replace("&amp;", "&")
        assert next_link == "?host=TH&year_from=2010&page=2"
        second = client.get(LIST_URL + next_link)
        assert listed(second) == ["Thai Meeting 02", "Thai Meeting 01", "Thai Meeting 00"] + [
            "Bangkok Environment Meeting"
        ]
        previous_link = re.search(r'<a rel="prev" href="([^"]+)"', page_of(second)).group(1)
        assert previous_link.replace("&amp;", "&") == "?host=TH&year_from=2010&page=1"
        # Chips on page 2 drop the page along with the filter.
        assert ("Host country: Thailand", "/meetings/?year_from=2010") in chips(second)

    def test_links_to_the_filtered_calendar_and_the_feed(self, client, record):
        page = page_of(client.get(LIST_URL, {"host": "TH", "year_from": "2010", "page": "1"}))
        assert 'href="/meetings/calendar.ics?host=TH&amp;year_from=2010"' in page
        assert 'href="/meetings/feed/"' in page
        assert 'href="/meetings/calendar.ics"' in page_of(client.get(LIST_URL))

    def test_query_count_is_pinned(self, client, record, django_assert_max_num_queries):
        with django_assert_max_num_queries(LIST_MAX_QUERIES):
            page_of(client.get(LIST_URL))
        with django_assert_max_num_queries(LIST_MAX_QUERIES):
            page_of(
                client.get(
                    LIST_URL,
                    {
                        "q": "Model Korea",
                        "series": "japan-asean-dialogue",
                        "host": "TH",
                        "country": "KR",
                        "programme": "model-cities",
                        "theme": "sustainable-cities",
                        "year_from": "2008",
                        "year_to": "2020",
                        "kind": "dialogue",
                        "ordering": "oldest",
                    },
                )
            )


def bulk_meetings(count, series, host, **extra):
    """``count`` published meetings, created in one query."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Meeting.objects.bulk_create(
        Meeting(
            series=series,
            kind=Meeting.Kind.DIALOGUE,
            number=number + 1,
            title=f"Bulk Dialogue {number + 1}",
            slug=f"bulk-dialogue-{series.pk}-{number + 1}",
            start_date=D(2000, 1, 1) + datetime.timedelta(days=number),
            city="Bulk City",
            host_country=host,
            outline="A bulk meeting.",
            status=PublicationStatus.PUBLISHED,
            published_at=an_hour_ago,
            **extra,
        )
        for number in range(count)
    )


@pytest.mark.parametrize(
    "query",
    ["", "?host=BQ&year_from=2000&ordering=oldest&page=2", "?q=Bulk&series=bulk&country=BQ"],
)
def test_list_queries_are_the_same_for_5_and_500_meetings(
    client, django_assert_max_num_queries, query
):
    host = Country.objects.create(code="BQ", name="Bulkland", slug="bulkland")
    small_series = MeetingSeries.objects.create(name="Small", short_name="S", slug="small")
    bulk_meetings(25, small_series, host)
    for meeting in Meeting.objects.all():
        Participation.objects.create(meeting=meeting, country=host)
    with CaptureQueriesContext(connection) as small:
        page_of(client.get(LIST_URL + query.replace("series=bulk", "series=small")))
    big_series = MeetingSeries.objects.create(name="Bulk", short_name="B", slug="bulk")
    bulk_meetings(500, big_series, host)
    Participation.objects.bulk_create(
        Participation(meeting=meeting, order=1, country=host)
        for meeting in Meeting.objects.filter(series=big_series)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST_URL + query)
    assert len(listed(response)) == 20
    assert len(small.captured_queries) <= LIST_MAX_QUERIES


# --- A meeting's page ------------------------------------------------------------------


class TestMeetingDetail:
    def test_facts_at_their_precision(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert "<h1>First Dialogue</h1>" in page
        assert "<dt>Date</dt><dd>March 2008</dd>" in page
        assert "1 March 2008" not in page
        assert "<dd>Hanoi</dd>" in page
        assert '<a href="/countries/viet-nam/">Viet Nam</a>' in page
        assert "Japan-ASEAN Dialogue on Environmental Cooperation" in page

    def test_venue_and_day_range(self, client, record):
        MeetingFactory(
            published=True,
            slug="long-meeting",
            venue="Shangri-La Hotel",
            start_date=D(2014, 6, 30),
            end_date=D(2014, 7, 2),
        )
        page = page_of(client.get("/meetings/long-meeting/"))
        assert "<dd>30 June – 2 July 2014</dd>" in page
        assert "<dd>Shangri-La Hotel</dd>" in page

    def test_outline_is_rendered_markdown_and_sanitised(self, client, record):
        MeetingFactory(
            published=True,
            slug="markdown-meeting",
            outline='Some **bold** words.\n\n<script>alert(1)</script><a href="javascript:x">x</a>',
        )
        page = page_of(client.get("/meetings/markdown-meeting/"))
        assert "<strong>bold</strong>" in page
        assert "<script>alert(1)</script>" not in page
        assert "javascript:" not in page

    def test_programmes_discussed_with_their_stage_and_only_published(self, client, record):
        page = page_of(client.get("/meetings/ministerial-dialogue-2013/"))
        section = page[page.index('id="programmes-heading"') :]
        assert '<a href="/programmes/model-cities/">Model Cities Programme</a>' in section
        assert '<span class="badge badge--stage">Progress reported</span>' in section
        assert "Reported." in section
        assert "Secret Wetlands Programme" not in page
        assert "Hush." not in page

    def test_participants_are_grouped_by_the_country_they_represented(self, client, record):
        meeting = MeetingFactory(published=True, slug="grouped")
        japan = Country.objects.get(code="JP")
        indonesia = Country.objects.get(code="ID")

        def person(name, country, order, **kwargs):
            return ParticipationFactory(
                meeting=meeting,
                person=PersonFactory(name=name, honorific="", slug=name.lower().replace(" ", "-")),
                organisation=kwargs.pop("organisation", None),
                country=country,
                order=order,
                **kwargs,
            )

        person("Aiko Tanaka", japan, 1, title="Director-General", role="head_of_delegation")
        person("Budi Santoso", indonesia, 2, title="Deputy Minister", role="delegate")
        person("Chie Sato", japan, 3, title="Adviser", role="delegate")
        ParticipationFactory(
            meeting=meeting,
            person=None,
            organisation=OrganisationFactory(
                name="ASEAN Secretariat", acronym="", slug="asec", country=None
            ),
            country=None,
            order=4,
            title="",
            role="observer",
        )
        page = page_of(client.get("/meetings/grouped/"))
        section = page[page.index('id="participants-heading"') :]
        headings = re.findall(r"<h3>(.*?)</h3>", section)
        assert headings == [
            '<a href="/countries/japan/">Japan</a>',
            '<a href="/countries/indonesia/">Indonesia</a>',
            "Other participants",
        ]
        japan_part, indonesia_part, others = re.split(r"<h3>.*?</h3>", section)[1:4]
        assert "Aiko Tanaka" in japan_part and "Chie Sato" in japan_part
        assert "Budi Santoso" not in japan_part
        assert "Budi Santoso" in indonesia_part and "Deputy Minister" in indonesia_part
        assert "Head of delegation" in japan_part and "Director-General" in japan_part
        assert '<a href="/people/aiko-tanaka/">Aiko Tanaka</a>' in japan_part
        assert '<a href="/organisations/asec/">ASEAN Secretariat</a>' in others
        assert "Observer" in others

    def test_participant_with_person_organisation_and_note(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        section = page[page.index('id="participants-heading"') :]
        assert '<a href="/countries/japan/">Japan</a>' in section
        assert '<a href="/people/kozo-akino/">Mr. Kozo Akino</a>, Parliamentary Vice-Minister' in (
            section
        )
        assert '<a href="/organisations/moej/">Ministry of the Environment, Japan (MOEJ)</a>' in (
            section
        )
        assert "Speaker / presenter" in section

    def test_previous_and_next_of_the_same_series_published_only(self, client, record):
        page = page_of(client.get("/meetings/third-dialogue-2009/"))
        assert '<a rel="prev" href="/meetings/first-dialogue-2008/">' in page
        # Not the draft of 2012, which lies in between.
        assert '<a rel="next" href="/meetings/ministerial-dialogue-2013/">' in page
        assert "draft-dialogue-2012" not in page
        first = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert 'rel="prev"' not in first
        assert '<a rel="next" href="/meetings/third-dialogue-2009/">' in first
        # The last of its series: the scheduled meeting and another series' do not count.
        last = page_of(client.get("/meetings/ministerial-dialogue-2013/"))
        assert 'rel="next"' not in last
        assert "scheduled-dialogue-2014" not in last
        assert "bangkok-meeting-2015" not in last

    def test_breadcrumbs(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        crumbs = page[page.index('<nav class="breadcrumbs"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert '<li><a href="/meetings/">Meetings</a></li>' in crumbs
        assert '<span aria-current="page">First Dialogue</span>' in crumbs

    def test_head_tags(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert "<title>First Dialogue, Japan-ASEAN Dialogue | " in page
        # The first sentence of the outline, without its Markdown.
        description = "Participating countries agreed to exchange views."
        assert meta_content(page, "name", "description") == description
        assert meta_content(page, "property", "og:description") == description
        assert meta_content(page, "property", "og:title") == "First Dialogue, Japan-ASEAN Dialogue"
        assert meta_content(page, "property", "og:type") == "article"
        assert '<link rel="canonical" href="http://testserver/meetings/first-dialogue-2008/">' in (
            page
        )

    def test_canonical_url_drops_the_query_string(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/?utm_source=x"))
        assert '<link rel="canonical" href="http://testserver/meetings/first-dialogue-2008/">' in (
            page
        )

    def test_meta_description_without_outline(self, client, record):
        MeetingFactory(
            published=True, slug="quiet", title="Quiet Meeting", outline="", city="Vientiane"
        )
        description = meta_content(page_of(client.get("/meetings/quiet/")), "name", "description")
        assert description.startswith("Quiet Meeting of the ")
        assert "Vientiane" in description

    def test_links_to_its_calendar_file(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert 'href="/meetings/first-dialogue-2008/calendar.ics"' in page

    def test_json_ld_event_for_a_month_precision_meeting(self, client, record):
        data = json_ld(client.get("/meetings/first-dialogue-2008/"))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"].startswith("First Dialogue")
        assert data["startDate"] == "2008-03"
        assert "endDate" not in data
        assert data["location"]["@type"] == "Place"
        assert data["location"]["address"]["addressLocality"] == "Hanoi"
        assert data["location"]["address"]["addressCountry"] == "VN"
        assert data["url"] == "http://testserver/meetings/first-dialogue-2008/"
        assert data["description"].startswith("Participating countries agreed to exchange views.")
        assert "**" not in data["description"]
        assert [o["name"] for o in data["organizer"]] == ["Ministry of the Environment, Japan"]
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"

    @pytest.mark.parametrize(
        ("precision", "start", "end", "start_iso", "end_iso"),
        [
            ("year", D(2015, 1, 1), None, "2015", None),
            ("day", D(2011, 7, 26), D(2011, 7, 28), "2011-07-26", "2011-07-28"),
            ("day", D(2013, 9, 26), None, "2013-09-26", None),
        ],
    )
    def test_json_ld_dates_at_their_precision(
        self, client, db, precision, start, end, start_iso, end_iso
    ):
        MeetingFactory(
            published=True, slug="dated", date_precision=precision, start_date=start, end_date=end
        )
        data = json_ld(client.get("/meetings/dated/"))
        assert data["startDate"] == start_iso
        assert data.get("endDate") == end_iso

    def test_a_hostile_outline_cannot_break_out_of_the_json_ld(self, client, db):
        hostile = "</script><script>alert(1)</script>"
        MeetingFactory(
            published=True,
            slug="hostile",
            title=f"Evil {hostile}",
            city=f"Town {hostile}",
            outline=f"Beware `{hostile}` & <b>friends</b>.\n\n{hostile}",
        )
        response = client.get("/meetings/hostile/")
        page = page_of(response)
        # The only script element is the JSON-LD one: nothing closed it early.
        assert page.count("<script") == 1
        assert page.count("</script>") == 1
        assert "<script>alert(1)" not in page
        data = json_ld(response)
        # The text survived intact, escaped, inside the JSON.
        assert hostile in data["name"]
        assert hostile in data["description"]
        assert hostile in data["location"]["address"]["addressLocality"]
        block = page[page.index('type="application/ld+json">') : page.index("</script>")]
        assert "\\u003C/script\\u003E" in block
        assert "&" not in block.replace("\\u0026", "")

    def test_drafts_and_scheduled_meetings_are_404_to_the_public(self, client, record):
        assert client.get("/meetings/draft-dialogue-2012/").status_code == 404
        assert client.get("/meetings/scheduled-dialogue-2014/").status_code == 404

    def test_a_signed_in_user_without_rights_gets_404_too(self, client, record, django_user_model):
        user = django_user_model.objects.create_user(username="reader", password="a-long-pw-1")
        client.force_login(user)
        assert client.get("/meetings/draft-dialogue-2012/").status_code == 404

    def test_an_editor_previews_a_draft_with_a_banner_and_no_cache(self, editor_client, record):
        response = editor_client.get("/meetings/draft-dialogue-2012/")
        page = page_of(response)
        assert "<h1>Draft Dialogue</h1>" in page
        assert '<div class="draft-banner" role="status"><strong>Draft preview.</strong>' in page
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in page
        # A published page is not marked as a preview.
        published = editor_client.get("/meetings/first-dialogue-2008/")
        assert "Draft preview." not in page_of(published)
        assert "no-cache" not in published.get("Cache-Control", "")

    def test_query_count_is_pinned(self, client, record, django_assert_max_num_queries):
        with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
            page_of(client.get("/meetings/ministerial-dialogue-2013/"))


def crowd(meeting, people, programmes):
    """``people`` participations and ``programmes`` discussions, in a few queries."""
    n = Person.objects.count()
    persons = Person.objects.bulk_create(
        Person(name=f"Crowd {n + i}", slug=f"crowd-{n + i}") for i in range(people)
    )
    countries = Country.objects.bulk_create(
        Country(
            code=f"Q{chr(65 + (n + i) % 26)}", name=f"Crowdland {n}-{i}", slug=f"crowdland-{n}-{i}"
        )
        for i in range(min(people, 5))
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Crowd Org {n + i}", slug=f"crowd-org-{n + i}") for i in range(5)
    )
    Participation.objects.bulk_create(
        Participation(
            meeting=meeting,
            person=person,
            organisation=organisations[i % 5],
            country=countries[i % len(countries)],
            title="Delegate",
            order=i,
        )
        for i, person in enumerate(persons)
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    made = Programme.objects.bulk_create(
        Programme(
            name=f"Crowd Programme {meeting.pk}-{i}",
            slug=f"crowd-programme-{meeting.pk}-{i}",
            status=PublicationStatus.PUBLISHED,
            published_at=an_hour_ago,
        )
        for i in range(programmes)
    )
    Discussion.objects.bulk_create(
        Discussion(meeting=meeting, programme=programme, stage="approved") for programme in made
    )


def test_detail_queries_are_the_same_for_few_and_many_participants(
    client, django_assert_max_num_queries
):
    organisers = [OrganisationFactory(country=None), OrganisationFactory(country=None)]
    series = MeetingSeriesFactory(organisers=organisers)
    host = Country.objects.create(code="BQ", name="Bulkland", slug="bulkland")
    bulk_meetings(5, series, host)
    small, big = Meeting.objects.order_by("start_date")[1:3]
    crowd(small, people=5, programmes=5)
    with CaptureQueriesContext(connection) as few:
        page_of(client.get(small.get_absolute_url()))
    crowd(big, people=500, programmes=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = page_of(client.get(big.get_absolute_url()))
    assert page.count('href="/people/crowd-') == 500
    assert page.count('class="badge badge--stage"') == 200
    assert len(few.captured_queries) <= DETAIL_MAX_QUERIES
