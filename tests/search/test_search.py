"""Search: one box for the published record, on PostgreSQL and on the SQLite fallback.

The module runs under both engines (CI runs the suite on each). Where they differ on
purpose (stemming and web-search syntax on PostgreSQL, substrings on SQLite), the test
asks ``connection.vendor`` or runs on one engine only.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import SafeString

from search.engine import search
from search.query import MAX_QUERY_LENGTH, clean_query
from tests.factories import (
    CountryFactory,
    DocumentFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)
from tests.search.budget import search_queries

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search (stemming, web-search syntax) runs only on PostgreSQL",
)
on_fallback = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="substring matching is the fallback's behaviour; PostgreSQL matches whole words",
)


def search_page(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def section(page, kind):
    """The HTML of one kind's section of the results, or "" when the page has none."""
    match = re.search(
        rf'<section aria-labelledby="results-{kind}">(.*?)</section>', page, flags=re.DOTALL
    )
    return match.group(1) if match else ""


def participate(meeting, person=None, organisation=None, title="Director"):
    return ParticipationFactory(
        meeting=meeting,
        person=person,
        organisation=organisation,
        country=meeting.host_country,
        title=title,
    )


# What is found, and where it is shown -------------------------------------------------


def test_results_are_grouped_by_kind_with_counts(client):
    meeting = MeetingFactory(
        published=True, title="Kitakyushu Dialogue", outline="Held in Kitakyushu."
    )
    programme = ProgrammeFactory(published=True, name="Kitakyushu Initiative")
    person = PersonFactory(name="Ayako Moriyama")
    organisation = OrganisationFactory(name="City of Kitakyushu", acronym="")
    participate(meeting, person, organisation, title="Mayor of Kitakyushu")

    page = search_page(client, "Kitakyushu")

    assert "4 results for “Kitakyushu”" in page
    meetings, programmes = section(page, "meetings"), section(page, "programmes")
    people, organisations = section(page, "people"), section(page, "organisations")
    assert "<h2" in meetings and "Meetings" in meetings and "(1)" in meetings
    assert f'href="{meeting.get_absolute_url()}"' in meetings
    assert f'href="{programme.get_absolute_url()}"' in programmes
    assert f'href="{reverse("people:detail", args=[person.slug])}"' in people
    assert "Ayako Moriyama" in people
    org_url = reverse("organisations:detail", args=[organisation.slug])
    assert f'href="{org_url}"' in organisations
    # Each record appears once, in its own section only.
    assert page.count(f'href="{programme.get_absolute_url()}"') == 1
    assert programme.get_absolute_url() not in meetings + people + organisations
    # The sections come in a fixed order.
    assert page.index('id="results-meetings"') < page.index('id="results-programmes"')
    assert page.index('id="results-programmes"') < page.index('id="results-people"')
    assert page.index('id="results-people"') < page.index('id="results-organisations"')


def test_search_interface_returns_every_kind_with_results_and_totals():
    meeting = MeetingFactory(published=True, outline="The mangrove restoration was reviewed.")
    other = MeetingFactory(published=True, outline="Another mangrove report.")

    results = search("mangrove", limit_per_kind=1)

    assert list(results) == ["meetings", "programmes", "people", "organisations", "documents"]
    assert results["meetings"].total == 2
    assert len(results["meetings"]) == 1  # the limit holds; the total still counts all
    assert results["programmes"].total == 0 and list(results["programmes"]) == []
    hit = results["meetings"][0]
    assert hit.url in {meeting.get_absolute_url(), other.get_absolute_url()}
    assert hit.title in {meeting.display_title, other.display_title}
    assert hit.kind == "meetings"
    assert isinstance(hit.snippet, SafeString)
    assert "<mark>mangrove</mark>" in hit.snippet
    assert hit.rank > 0


def test_meetings_are_found_by_city_venue_and_participant(client):
    by_city = MeetingFactory(published=True, city="Luang Prabang", outline="")
    by_venue = MeetingFactory(published=True, venue="Ariyana Convention Centre", outline="")
    by_person = MeetingFactory(published=True, outline="")
    participate(by_person, PersonFactory(name="Noriko Hasegawa"), None)

    assert by_city.get_absolute_url() in section(search_page(client, "Prabang"), "meetings")
    assert by_venue.get_absolute_url() in section(search_page(client, "Ariyana"), "meetings")
    page = search_page(client, "Hasegawa")
    assert by_person.get_absolute_url() in section(page, "meetings")
    assert "<mark>Hasegawa</mark>" in section(page, "meetings")


def test_programmes_are_found_by_acronym_other_names_summary_and_description(client):
    programme = ProgrammeFactory(
        published=True,
        name="Heritage Parks Development",
        acronym="AHPDP",
        other_names="Park Development Scheme\nRainforest Parks Programme",
        summary="Protected areas of regional importance.",
        description="Support for *wetland* managers.",
    )
    url = programme.get_absolute_url()
    for query in ("AHPDP", "Rainforest", "regional", "wetland"):
        assert url in section(search_page(client, query), "programmes"), query


def test_people_are_found_by_the_titles_they_held(client):
    meeting = MeetingFactory(published=True)
    person = PersonFactory(name="Hideki Matsuda")
    participate(meeting, person, None, title="Parliamentary Vice-Minister of the Environment")

    people = section(search_page(client, "Parliamentary"), "people")

    assert reverse("people:detail", args=[person.slug]) in people
    assert "<mark>Parliamentary</mark> Vice-Minister of the Environment" in people


def test_organisations_are_found_by_acronym(client):
    organisation = OrganisationFactory(name="Institute for Global Strategies", acronym="IGSX")
    participate(MeetingFactory(published=True), None, organisation)

    organisations = section(search_page(client, "igsx"), "organisations")

    assert reverse("organisations:detail", args=[organisation.slug]) in organisations


def test_every_word_must_match(client):
    MeetingFactory(published=True, outline="Mangrove restoration in the delta.")

    assert "1 result for “mangrove delta”" in search_page(client, "mangrove delta")
    assert "0 results for “mangrove glacier”" in search_page(client, "mangrove glacier")


# Published only ------------------------------------------------------------------------


def test_drafts_and_scheduled_records_are_never_found(client):
    published = MeetingFactory(published=True, outline="Peatland fires were discussed.")
    draft = MeetingFactory(outline="Peatland fires, draft.")
    scheduled = MeetingFactory(scheduled=True, outline="Peatland fires, scheduled.")
    published_programme = ProgrammeFactory(published=True, name="Peatland Programme")
    draft_programme = ProgrammeFactory(name="Peatland Draft Programme")
    scheduled_programme = ProgrammeFactory(scheduled=True, name="Peatland Future Programme")

    page = search_page(client, "peatland")

    assert "2 results for “peatland”" in page
    assert published.get_absolute_url() in page
    assert published_programme.get_absolute_url() in page
    for hidden in (draft, scheduled, draft_programme, scheduled_programme):
        assert hidden.get_absolute_url() not in page
    for hidden_text in ("fires, draft", "fires, scheduled", "Draft Programme", "Future Programme"):
        assert hidden_text not in page


def test_people_and_organisations_only_in_unpublished_meetings_are_not_found(client):
    seen = PersonFactory(name="Kenji Watanabe Seen")
    in_draft = PersonFactory(name="Kenji Watanabe Hidden")
    in_scheduled = PersonFactory(name="Kenji Watanabe Later")
    draft_org = OrganisationFactory(name="Watanabe Draft Agency")
    participate(MeetingFactory(published=True), seen, None)
    participate(MeetingFactory(), in_draft, draft_org)
    participate(MeetingFactory(scheduled=True), in_scheduled, None)
    PersonFactory(name="Kenji Watanabe Nowhere")  # took part in nothing

    page = search_page(client, "Watanabe")

    people = section(page, "people")
    assert "Kenji Watanabe Seen" in people
    for hidden in ("Hidden", "Later", "Nowhere", "Watanabe Draft Agency"):
        assert hidden not in page
    assert section(page, "organisations") == ""


def test_a_title_held_only_at_a_draft_meeting_is_not_searched(client):
    person = PersonFactory(name="Yuki Tanabe")
    participate(MeetingFactory(published=True), person, None, title="Director")
    participate(MeetingFactory(), person, None, title="Special Envoy for Oceans")

    page = search_page(client, "envoy")

    assert "0 results for “envoy”" in page
    assert "Special Envoy" not in page
    # The public title still finds the person.
    assert "Yuki Tanabe" in section(search_page(client, "Yuki Tanabe director"), "people")


# Ranking and highlighting ---------------------------------------------------------------


def test_a_match_in_the_title_ranks_above_a_match_in_the_outline(client):
    # The outline match is the newer meeting: without ranking it would come first.
    in_title = MeetingFactory(
        published=True, title="Mangrove Dialogue", start_date=datetime.date(2009, 8, 1),
        end_date=None, outline="Forests.",
    )  # fmt: skip
    in_outline = MeetingFactory(
        published=True, title="Coastal Dialogue", start_date=datetime.date(2015, 8, 1),
        end_date=None, outline="Mangrove forests were mentioned once.",
    )  # fmt: skip

    meetings = section(search_page(client, "mangrove"), "meetings")

    assert meetings.index(in_title.get_absolute_url()) < meetings.index(
        in_outline.get_absolute_url()
    )
    results = search("mangrove")["meetings"]
    assert [hit.url for hit in results] == [
        in_title.get_absolute_url(),
        in_outline.get_absolute_url(),
    ]
    assert results[0].rank > results[1].rank


def test_an_acronym_match_ranks_above_a_description_match():
    by_description = ProgrammeFactory(
        published=True, name="Alpha Programme", acronym="", description="Run with the SWMX team."
    )
    by_acronym = ProgrammeFactory(
        published=True, name="Zulu Programme", acronym="SWMX", description="Waste."
    )

    results = search("swmx")["programmes"]

    assert [hit.url for hit in results] == [
        by_acronym.get_absolute_url(),
        by_description.get_absolute_url(),
    ]


def test_matches_are_highlighted_in_the_snippet(client):
    MeetingFactory(
        published=True,
        outline="The cities of Kitakyushu and Surabaya reported on waste management.",
    )

    meetings = section(search_page(client, "Surabaya"), "meetings")

    assert '<p class="card__body">' in meetings
    assert "<mark>Surabaya</mark>" in meetings
    assert "<mark>Kitakyushu</mark>" not in meetings


def test_engine_specific_matching_of_word_forms(client):
    meeting = MeetingFactory(published=True, outline="Each city reported on its landfill.")

    page = search_page(client, "cities")

    if connection.vendor == "postgresql":
        # English stemming: "cities" finds "city", and the headline marks the word found.
        assert meeting.get_absolute_url() in section(page, "meetings")
        assert "<mark>city</mark>" in page
    else:
        # The fallback matches the letters typed: "cities" is not in "city".
        assert "0 results for “cities”" in page


@on_postgresql
def test_postgresql_understands_web_search_syntax(client):
    both = MeetingFactory(published=True, outline="Marine litter and plastic waste.")
    only_litter = MeetingFactory(published=True, outline="Marine litter on beaches.")

    excluded = section(search_page(client, "litter -plastic"), "meetings")
    assert only_litter.get_absolute_url() in excluded
    assert both.get_absolute_url() not in excluded

    phrase = section(search_page(client, '"plastic waste"'), "meetings")
    assert both.get_absolute_url() in phrase
    assert only_litter.get_absolute_url() not in phrase

    either = section(search_page(client, "beaches or plastic"), "meetings")
    assert both.get_absolute_url() in either and only_litter.get_absolute_url() in either


@on_fallback
def test_fallback_matches_part_of_a_word_and_marks_it(client):
    meeting = MeetingFactory(published=True, outline="Delegates visited Surabaya.")

    meetings = section(search_page(client, "Surab"), "meetings")

    assert meeting.get_absolute_url() in meetings
    assert "<mark>Surab</mark>aya" in meetings


# Hostile content and hostile queries -----------------------------------------------------


def test_hostile_content_is_shown_escaped(client):
    MeetingFactory(published=True, outline="The page said <script>alert(1)</script> twice.")
    ProgrammeFactory(
        published=True,
        name='Alert <img src=x onerror="alert(2)"> Programme',
        summary="An <b>alert</b> summary & more.",
    )
    participate(
        MeetingFactory(published=True, outline="Nothing here."),
        PersonFactory(name="Alert <i>Person</i>"),
        OrganisationFactory(name="<svg onload=alert(3)> Alert Agency"),
        title="<u>Alert</u> officer",
    )

    page = search_page(client, "alert")

    assert "<script>" not in page
    assert "<img" not in page and "<svg" not in page
    assert "<b>" not in page and "<i>" not in page and "<u>" not in page
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in section(page, "meetings")
    # (PostgreSQL's headline may start at the match, so the <b> before it can be cut.)
    assert "<mark>alert</mark>&lt;/b&gt; summary &amp; more." in section(page, "programmes")
    assert "Alert &lt;i&gt;Person&lt;/i&gt;" in section(page, "people")
    assert "&lt;svg onload=alert(3)&gt;" in section(page, "organisations")


def test_a_hostile_query_is_shown_escaped(client):
    page = search_page(client, '"><script>alert(1)</script>')

    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'value="&quot;&gt;&lt;script&gt;' in page


def test_marker_characters_in_the_record_do_not_make_marks():
    MeetingFactory(published=True, outline="Bell \x02ringing\x03 \x02 then the alarm.")

    snippet = search("alarm")["meetings"][0].snippet

    assert snippet.count("<mark>") == snippet.count("</mark>") == 1
    assert "<mark>alarm</mark>" in snippet
    assert "\x02" not in snippet and "\x03" not in snippet


def test_control_characters_in_the_query_are_not_an_error(client):
    MeetingFactory(published=True, outline="Mercury was discussed.")

    page = search_page(client, "mercury\x00\x02")

    assert "1 result for “mercury”" in page


# The page itself ------------------------------------------------------------------------


def test_result_page_title_robots_and_header_box(client):
    MeetingFactory(published=True, outline="Mercury was discussed.")

    page = search_page(client, "mercury")

    assert "<title>Search: mercury |" in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'id="site-search-q" type="search" name="q" value="mercury"' in page
    assert '<label for="search-q">' in page
    assert 'id="search-q" type="search" name="q" value="mercury"' in page


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_an_empty_query_shows_the_form_and_no_results(client, query, django_assert_num_queries):
    MeetingFactory(published=True, outline="Anything at all.")
    params = {} if query is None else {"q": query}

    with django_assert_num_queries(0):
        response = client.get(reverse("search"), params)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Search |" in page
    assert 'id="search-q" type="search" name="q" value=""' in page
    assert "results for" not in page and "result for" not in page
    assert "<section" not in page
    assert '<meta name="robots"' not in page


def test_a_long_query_is_shortened_and_the_visitor_told(client):
    MeetingFactory(published=True, outline="Mercury was discussed.")
    long_query = "mercury " + "x" * 300

    page = search_page(client, long_query)

    assert f"longer than {MAX_QUERY_LENGTH} characters" in page
    assert "1 result for “mercury”" in page
    assert 'value="mercury"' in page


def test_a_long_single_word_query_is_cut_at_the_limit(client):
    page = search_page(client, "y" * 5000)

    assert f"longer than {MAX_QUERY_LENGTH} characters" in page
    assert f'value="{"y" * MAX_QUERY_LENGTH}"' in page
    assert "y" * (MAX_QUERY_LENGTH + 1) not in page


def test_clean_query():
    assert clean_query("  mercury \n\t waste ") == ("mercury waste", False)
    assert clean_query(None) == ("", False)
    query, shortened = clean_query("word " * 100)
    assert shortened and len(query) <= MAX_QUERY_LENGTH and query.endswith("word")


def test_query_count_does_not_grow_with_the_matches(client):
    country = CountryFactory()

    def add_matches(count):
        for _ in range(count):
            meeting = MeetingFactory(
                published=True, host_country=country, outline="Mangrove restoration."
            )
            organisation = OrganisationFactory(name="Mangrove Agency", country=country)
            participate(meeting, PersonFactory(), organisation, title="Mangrove Warden")
            ProgrammeFactory(published=True, summary="Mangrove planting.")
            DocumentFactory(
                published=True,
                meeting=meeting,
                file=None,
                url="https://example.org/m.pdf",
                title="Mangrove report",
            )

    add_matches(5)
    with CaptureQueriesContext(connection) as few:
        small = search_page(client, "mangrove")
    add_matches(95)
    with CaptureQueriesContext(connection) as many:
        large = search_page(client, "mangrove")

    assert len(few.captured_queries) == len(many.captured_queries) == search_queries()
    assert "25 results for “mangrove”" in small
    assert "500 results for “mangrove”" in large
    assert "The 20 best matches of 100" in section(large, "meetings")
    assert section(large, "people").count('<li class="card">') == 20
