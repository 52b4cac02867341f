"""The meetings list filtered by a person or an organisation (``?person=<slug>``,
``?organisation=<slug>``): the links of the directory's pages.

Query-string only: the form lists no person and no organisation, the active filter is a
chip with the name, an unknown slug is an error on the page (never a 500), and drafts
never show, not even as the name of a person seen only in drafts. Browsed in the
``record`` of tests/meetings/conftest.py.
"""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from dialogues_site.page_cache import canonical_query, page_parameters
from meetings.models import Meeting, Participation
from tests.factories import (
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.meetings.bulk_rows import bulk_meetings
from tests.meetings.page_reading import card_titles, page_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("factory_country_codes_start_at_aa"),
]

LIST_URL = "/meetings/"


def listed(response):
    return card_titles(page_of(response))


def chips(response):
    found = re.findall(r'<li class="chip">(.*?) <a href="([^"]*)"', page_of(response))
    return [(text, href.replace("&amp;", "&")) for text, href in found]


def form_errors(response):
    match = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', page_of(response), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def the_form(response):
    page = page_of(response)
    start = page.index('<form class="filter-form"')
    return page[start : page.index("</form>", start)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=kozo-akino", ["First Dialogue"]),
        ("person=tri-rismaharini", ["Ministerial Dialogue"]),
        ("organisation=moej", ["First Dialogue"]),
        ("organisation=city-of-surabaya", ["Ministerial Dialogue"]),
        ("person=tri-rismaharini&organisation=city-of-surabaya", ["Ministerial Dialogue"]),
        ("person=tri-rismaharini&organisation=moej", []),
        ("person=kozo-akino&year_from=2010", []),
        ("organisation=city-of-surabaya&series=japan-asean-dialogue&country=ID",
         ["Ministerial Dialogue"]),
    ],
)  # fmt: skip
def test_filters_by_person_and_organisation(client, record, query, expected):
    assert listed(client.get(f"{LIST_URL}?{query}")) == expected


def test_each_meeting_once_however_many_times_named(client, record):
    moej = record["first"].participations.get().organisation
    for order in (10, 11):
        ParticipationFactory(
            meeting=record["first"], organisation=moej, person=PersonFactory(), order=order
        )
    response = client.get(LIST_URL, {"organisation": "moej"})
    assert listed(response) == ["First Dialogue"]
    assert "1 meeting" in page_of(response)


def test_a_chip_names_the_person_and_the_organisation(client, record):
    response = client.get(LIST_URL, {"person": "kozo-akino", "organisation": "moej"})
    assert chips(response) == [
        ("Person: Mr. Kozo Akino", "/meetings/?organisation=moej"),
        ("Organisation: Ministry of the Environment, Japan (MOEJ)", "/meetings/?person=kozo-akino"),
    ]


def test_the_form_lists_no_person_and_no_organisation(client, record):
    for query in ({}, {"person": "kozo-akino", "organisation": "moej"}):
        form = the_form(client.get(LIST_URL, query))
        assert "Kozo Akino" not in form and "MOEJ" not in form
        assert 'name="host"' in form  # the other filters are still there
    assert 'name="person"' not in the_form(client.get(LIST_URL))


def test_sending_the_form_keeps_the_person_and_the_organisation(client, record):
    """They have no field, but stay in force when other filters are applied."""
    form = the_form(client.get(LIST_URL, {"person": "kozo-akino", "organisation": "moej"}))
    assert '<input type="hidden" name="person" value="kozo-akino"' in form
    assert '<input type="hidden" name="organisation" value="moej"' in form


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("person=nobody", "Person: Select a valid choice."),
        ("organisation=no-such-body", "Organisation: Select a valid choice."),
        ("person=kozo-akino&organisation=no-such-body", "Organisation: Select a valid choice."),
    ],
)
def test_an_unknown_slug_is_an_error_on_the_page_not_a_500(client, record, query, message):
    response = client.get(f"{LIST_URL}?{query}")
    page = page_of(response)  # asserts 200
    assert message in form_errors(response)
    assert listed(response) == []
    assert "please correct the fields marked in the form" in page
    assert chips(response) == []


def test_the_calendar_and_the_downloads_take_the_same_filters(client, record):
    calendar = client.get("/meetings/calendar.ics", {"organisation": "city-of-surabaya"})
    assert calendar.status_code == 200
    assert b"Ministerial Dialogue" in calendar.content
    assert b"First Dialogue" not in calendar.content
    refused = client.get("/meetings/calendar.ics", {"person": "nobody"})
    assert refused.status_code == 400
    assert "Person: Select a valid choice." in refused.content.decode()
    download = client.get("/meetings/download.csv", {"person": "kozo-akino"})
    rows = b"".join(download.streaming_content).decode()
    assert "first-dialogue-2008" in rows and "ministerial-dialogue-2013" not in rows


class TestDrafts:
    def test_a_draft_meeting_is_never_listed(self, client, record):
        for meeting in (record["draft"], record["scheduled"]):
            ParticipationFactory(
                meeting=meeting,
                person=record["first"].participations.get().person,
                organisation=record["first"].participations.get().organisation,
                order=50,
            )
        for query in ({"person": "kozo-akino"}, {"organisation": "moej"}):
            response = client.get(LIST_URL, query)
            assert listed(response) == ["First Dialogue"]
            page = page_of(response)
            assert "Draft Dialogue" not in page and "Scheduled Dialogue" not in page

    def test_a_person_seen_only_in_drafts_is_unknown_and_unnamed(self, client, record):
        secret = PersonFactory(name="Draft Delegate", slug="draft-delegate")
        ParticipationFactory(meeting=record["draft"], person=secret, order=60)
        ParticipationFactory(meeting=record["scheduled"], person=secret, order=60)
        response = client.get(LIST_URL, {"person": "draft-delegate"})
        assert "Person: Select a valid choice." in form_errors(response)
        assert "Draft Delegate" not in page_of(response)
        assert listed(response) == []

    def test_an_organisation_seen_only_in_drafts_lists_nothing(self, client, record):
        hidden = OrganisationFactory(name="Quiet Agency", slug="quiet-agency")
        ParticipationFactory(meeting=record["draft"], organisation=hidden, order=70)
        response = client.get(LIST_URL, {"organisation": "quiet-agency"})
        assert listed(response) == []
        assert "No meetings match these filters." in page_of(response)


def test_the_page_cache_keeps_each_person_apart(client, record):
    """The page cache keys a page by its FilterSet's parameters only: ``person`` and
    ``organisation`` are among them, so one person's list is never served for another's."""
    parameters = page_parameters(resolve(LIST_URL))
    assert parameters["person"] is False and parameters["organisation"] is False
    query = QueryDict("utm_source=x&person=kozo-akino&organisation=+moej+")
    assert canonical_query(query, parameters) == "person=kozo-akino&organisation=moej"
    first = client.get(LIST_URL, {"person": "kozo-akino", "utm_source": "mail"})
    assert listed(first) == ["First Dialogue"]
    second = client.get(LIST_URL, {"person": "kozo-akino"})
    assert second.headers["X-Page-Cache"] == "hit"  # the same page, kept
    other = client.get(LIST_URL, {"person": "tri-rismaharini"})
    assert listed(other) == ["Ministerial Dialogue"]


def test_the_queries_do_not_grow_with_the_meetings(client, record, settings):
    settings.PAGE_CACHE_SECONDS = 0
    person = record["first"].participations.get().person
    query = {"person": person.slug, "organisation": "moej", "year_from": "1990"}

    def add(count, series):
        bulk_meetings(count, series, record["first"].host_country)
        Participation.objects.bulk_create(
            Participation(meeting=meeting, order=1, person=person)
            for meeting in Meeting.objects.filter(series=series, participations=None)
        )

    add(5, record["apt"])
    with CaptureQueriesContext(connection) as small:
        assert len(listed(client.get(LIST_URL, {"person": person.slug}))) == 6
    with CaptureQueriesContext(connection) as small_both:
        page_of(client.get(LIST_URL, query))
    add(60, MeetingSeriesFactory())
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST_URL, {"person": person.slug})
    assert len(listed(response)) == 20
    assert "66 meetings" in page_of(response)
    with CaptureQueriesContext(connection) as large_both:
        page_of(client.get(LIST_URL, query))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_both.captured_queries) == len(small_both.captured_queries)
