"""What the public sees of documents: on their meeting's and programme's pages (bounded,
with a link to them all), in /documents/ with its filters, and in the JSON-LD; never a
draft, nor a document of a draft or scheduled meeting or programme."""

import datetime
import json
import re

import pytest

from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db
ADDRESS = {"file": None, "url": "https://example.org/statement.pdf"}


def titles_in(html):
    return re.findall(r'class="document__title"[^>]*>([^<]+)</a>', html)


def hidden_documents(meeting):
    """A draft, and published documents of a draft meeting, a scheduled meeting and a
    draft programme, each titled "Hidden ..."."""
    DocumentFactory(meeting=meeting, title="Hidden draft")
    DocumentFactory(published=True, title="Hidden by meeting", meeting=MeetingFactory())
    DocumentFactory(
        published=True, title="Hidden by schedule", meeting=MeetingFactory(scheduled=True)
    )
    DocumentFactory(
        published=True, title="Hidden by programme", meeting=meeting, programme=ProgrammeFactory()
    )


def test_a_meetings_page_lists_its_published_documents_in_order(client):
    meeting = MeetingFactory(published=True)
    DocumentFactory(published=True, meeting=meeting, title="Second", order=2)
    DocumentFactory(published=True, meeting=meeting, title="First", order=1, **ADDRESS)
    hidden_documents(meeting)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert titles_in(html) == ["First", "Second"]
    assert "PDF" in html and "1 page" in html and "published elsewhere" in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert [d["name"] for d in data["subjectOf"]] == ["First", "Second"]
    assert data["subjectOf"][1]["encodingFormat"] == "application/pdf"
    assert data["subjectOf"][1]["url"].startswith("http://testserver/documents/")


def test_a_page_shows_twenty_documents_and_links_them_all(client):
    meeting = MeetingFactory(published=True)
    for n in range(23):
        DocumentFactory(published=True, meeting=meeting, title=f"Paper {n:02}", order=n, **ADDRESS)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert len(titles_in(html)) == 20
    assert f'href="/documents/?meeting={meeting.slug}">All 23 documents</a>' in html


def test_a_programmes_page_lists_its_documents(client):
    programme = ProgrammeFactory(published=True)
    DocumentFactory(published=True, meeting=None, programme=programme, title="Final report")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert titles_in(html) == ["Final report"]


def test_the_list_shows_published_documents_newest_first(client):
    old = MeetingFactory(published=True, start_date=datetime.date(2009, 3, 1), end_date=None)
    new = MeetingFactory(published=True, start_date=datetime.date(2015, 8, 1), end_date=None)
    DocumentFactory(published=True, meeting=old, title="Old agenda")
    DocumentFactory(published=True, meeting=new, title="New agenda")
    hidden_documents(new)
    html = client.get("/documents/").content.decode()
    assert titles_in(html) == ["New agenda", "Old agenda"]
    assert "2 documents" in html


def test_each_filter(client):
    series = MeetingSeriesFactory(slug="asean-plus-three")
    other = MeetingFactory(published=True, start_date=datetime.date(2012, 5, 1), end_date=None)
    mine = MeetingFactory(
        published=True, series=series, start_date=datetime.date(2015, 5, 1), end_date=None
    )
    programme = ProgrammeFactory(published=True)
    DocumentFactory(published=True, meeting=other, title="Agenda 2012", kind="agenda")
    DocumentFactory(
        published=True, meeting=mine, title="Statement 2015", kind="joint_statement", language="ja"
    )
    DocumentFactory(
        published=True, meeting=None, programme=programme, title="Programme report", kind="report"
    )
    cases = {
        "kind=agenda": ["Agenda 2012"],
        "series=asean-plus-three": ["Statement 2015"],
        "year=2012": ["Agenda 2012"],
        "language=ja": ["Statement 2015"],
        f"meeting={mine.slug}": ["Statement 2015"],
        f"programme={programme.slug}": ["Programme report"],
        "q=mangrove+Statement": ["Statement 2015"],
    }
    for query, expected in cases.items():
        html = client.get(f"/documents/?{query}").content.decode()
        assert titles_in(html) == expected, query


@pytest.mark.parametrize(
    "query", ["year=abc", "kind=poem", "language=xx", "series=nope", "meeting=nope"]
)
def test_bad_values_are_form_errors_not_500s(client, query):
    DocumentFactory(published=True)
    answer = client.get(f"/documents/?{query}")
    assert answer.status_code == 200
    assert "Some filters could not be used" in answer.content.decode()


@pytest.mark.parametrize("owner", ["meeting", "programme"])
@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_hidden_owners_slug_answers_like_an_unknown_one(client, owner, state):
    """Naming a draft's slug must not tell that it exists (an empty list would)."""
    factory = MeetingFactory if owner == "meeting" else ProgrammeFactory
    hidden = factory(slug="hidden-owner", **({"scheduled": True} if state == "scheduled" else {}))
    DocumentFactory(published=True)
    unknown = client.get(f"/documents/?{owner}=no-such-owner").content.decode()
    named = client.get(f"/documents/?{owner}={hidden.slug}").content.decode()
    assert "Some filters could not be used" in named
    assert named.replace("hidden-owner", "no-such-owner") == unknown


def test_the_list_is_paginated(client):
    meeting = MeetingFactory(published=True)
    for n in range(25):
        DocumentFactory(published=True, meeting=meeting, title=f"Paper {n}", **ADDRESS)
    assert len(titles_in(client.get("/documents/").content.decode())) == 20
    assert len(titles_in(client.get("/documents/?page=2").content.decode())) == 5


def test_the_japanese_pages_show_japanese_titles(client):
    meeting = MeetingFactory(published=True)
    DocumentFactory(published=True, meeting=meeting, title_en="Agenda", title_ja="議題案")
    DocumentFactory(published=True, meeting=meeting, title_en="Only English", order=2)
    html = client.get(f"/ja{meeting.get_absolute_url()}").content.decode()
    assert titles_in(html) == ["議題案", "Only English"]
    assert "文書" in html
    assert titles_in(client.get("/ja/documents/").content.decode())[0] in {"議題案", "Only English"}
