"""The meetings list's filter form stays small whatever the record holds (issue 13): the
programme choice offers the programmes discussed most (MAX_PROGRAMME_OPTIONS) and says
how to find the others; a programme beyond them, linked from its page, is offered and
chosen; the choices are worked out once per content version."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.filters import MAX_PROGRAMME_OPTIONS
from tests.factories import DiscussionFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/meetings/"


def programme_options(html):
    select = re.search(r'<select name="programme".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.fixture
def many_programmes():
    """MAX + 10 published programmes, each discussed at one meeting; the first five at
    three meetings more (the most discussed), and a draft discussed everywhere."""
    meetings = [MeetingFactory(published=True) for _ in range(4)]
    programmes = [
        ProgrammeFactory(published=True, slug=f"programme-{number:02d}")
        for number in range(MAX_PROGRAMME_OPTIONS + 10)
    ]
    for number, programme in enumerate(programmes):
        for meeting in meetings[: 4 if number < 5 else 1]:
            DiscussionFactory(meeting=meeting, programme=programme)
    draft = ProgrammeFactory(slug="secret-draft")
    for meeting in meetings:
        DiscussionFactory(meeting=meeting, programme=draft)
    return programmes


def test_the_programme_choice_is_bounded_and_says_how_to_find_the_others(client, many_programmes):
    html = client.get(LIST_URL).content.decode()
    offered = programme_options(html)
    assert offered[0] == ""  # "Any programme"
    assert len(offered) == MAX_PROGRAMME_OPTIONS + 1
    assert {f"programme-{number:02d}" for number in range(5)} <= set(offered)
    assert "secret-draft" not in offered
    total = MAX_PROGRAMME_OPTIONS + 10
    assert f"The {MAX_PROGRAMME_OPTIONS} programmes discussed most, of {total}" in html


def test_a_programme_beyond_the_list_is_offered_chosen_when_linked(client, many_programmes):
    first = client.get(LIST_URL).content.decode()
    beyond = next(p.slug for p in many_programmes if p.slug not in programme_options(first))
    html = client.get(f"{LIST_URL}?programme={beyond}").content.decode()
    assert f'<option value="{beyond}" selected>' in html
    assert len(programme_options(html)) == MAX_PROGRAMME_OPTIONS + 2


def test_a_draft_programme_is_no_filter(client, many_programmes):
    response = client.get(f"{LIST_URL}?programme=secret-draft")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="field field--error">\s*<label for="id_programme"', html)
    assert "These filters could not be applied" in html


def test_no_programme_choice_under_the_bound_says_nothing(client):
    DiscussionFactory(
        meeting=MeetingFactory(published=True), programme=ProgrammeFactory(published=True)
    )
    assert "programmes discussed most" not in client.get(LIST_URL).content.decode()


def test_the_choices_are_worked_out_once_per_content_version(client, many_programmes, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered: only the choices are reused
    with CaptureQueriesContext(connection) as first:
        client.get(LIST_URL)
    with CaptureQueriesContext(connection) as second:
        client.get(LIST_URL)
    assert len(second) <= len(first) - 5  # series, hosts, countries, programmes, themes
    MeetingFactory(published=True)  # a change of the record: worked out again
    with CaptureQueriesContext(connection) as third:
        client.get(LIST_URL)
    assert len(third) == len(first)
