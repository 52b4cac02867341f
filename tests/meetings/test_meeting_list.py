"""The public list of meetings at /meetings/: filters, search, ordering, chips, pages.

Browsed in the ``record`` of tests/meetings/conftest.py; query counts are pinned and must
not grow with the number of meetings.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Country, Meeting, MeetingSeries, Participation
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory
from tests.meetings.bulk_rows import bulk_meetings
from tests.meetings.page_reading import card_titles, page_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("factory_country_codes_start_at_aa"),
]

D = datetime.date
LIST_URL = "/meetings/"
LIST_MAX_QUERIES = 13  # the first render of a content version: its filter choices too


# --- Reading the list the way a user does ---------------------------------------------


def listed(response):
    """The titles of the result cards, in the order shown."""
    return card_titles(page_of(response))


def result_count(response):
    match = re.search(r'<p class="result-count"[^>]*>([^<]+)</p>', page_of(response))
    return match.group(1).strip() if match else None


def chips(response):
    """(text, removal link) of each active-filter chip."""
    found = re.findall(r'<li class="chip">(.*?) <a href="([^"]*)"', page_of(response))
    return [(text, href.replace("&amp;", "&")) for text, href in found]


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
