"""The meetings feed names a meeting's published documents, and a document published
after its meeting was last edited updates the meeting's entry (Atom <updated>)."""

import datetime

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse
from django.utils import timezone

from documents.feeds import NAMED_IN_A_MEETING_ENTRY
from meetings.models import Meeting
from tests.factories import DocumentFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, path=None):
    response = client.get(path or reverse("meetings:feed"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}


def a_day_ago_edited(meeting):
    """The meeting as last edited a day ago (before any document was published)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )


def test_an_entry_names_the_published_documents_and_is_updated_by_them(client):
    meeting = MeetingFactory(published=True, title="Tenth Dialogue")
    quiet = MeetingFactory(published=True, title="Ninth Dialogue")
    a_day_ago_edited(meeting)
    a_day_ago_edited(quiet)
    agenda = DocumentFactory(published=True, meeting=meeting, title="Provisional agenda")
    DocumentFactory(meeting=meeting, title="Draft statement")
    DocumentFactory(published=True, meeting=meeting, programme=ProgrammeFactory(), title="Hidden")
    DocumentFactory(scheduled=True, meeting=meeting, title="Scheduled report")

    found = entries(client)
    entry = next(e for title, e in found.items() if title.startswith("Tenth Dialogue"))
    content = entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content")
    assert "Provisional agenda" in content and "Agenda, PDF" in content
    assert f"http://testserver{agenda.download_url}" in content
    for hidden in ("Draft statement", "Hidden", "Scheduled report"):
        assert hidden not in content
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert abs(updated - agenda.published_at) < datetime.timedelta(seconds=1)

    other = next(e for title, e in found.items() if title.startswith("Ninth Dialogue"))
    assert "Documents" not in (other.findtext(f"{ATOM}summary") or "")
    other_updated = datetime.datetime.fromisoformat(other.findtext(f"{ATOM}updated"))
    assert other_updated < agenda.published_at


def test_an_entry_names_the_newest_few_and_links_to_the_others(client):
    meeting = MeetingFactory(published=True, slug="tenth-dialogue", title="Tenth Dialogue")
    for n in range(NAMED_IN_A_MEETING_ENTRY + 3):
        DocumentFactory(
            published=True,
            meeting=meeting,
            title=f"Paper {n}",
            published_at=timezone.now() - datetime.timedelta(hours=10 - n),
        )
    content = next(iter(entries(client).values())).findtext(f"{ATOM}summary")
    named = [n for n in range(NAMED_IN_A_MEETING_ENTRY + 3) if f"Paper {n}<" in content]
    assert named == list(range(3, NAMED_IN_A_MEETING_ENTRY + 3))  # the newest
    assert "and 3 more documents" in content
    assert "http://testserver/documents/?meeting=tenth-dialogue" in content


def test_the_japanese_feed_names_them_in_japanese(client):
    meeting = MeetingFactory(published=True)
    DocumentFactory(published=True, meeting=meeting, title="Agenda", title_ja="議題案")
    content = next(iter(entries(client, "/ja/meetings/feed/").values())).findtext(f"{ATOM}summary")
    assert "議題案" in content and "文書：" in content and "議題、PDF" in content


@pytest.mark.parametrize("size", [2, 20])
def test_naming_documents_costs_one_query_whatever_the_record(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view
    for n in range(size):
        meeting = MeetingFactory(published=True)
        for _ in range(n % 8):
            DocumentFactory(published=True, meeting=meeting)
    feed = reverse("meetings:feed") + "?kind=dialogue"
    client.get(feed)  # the filter's choices, worked out once per content version
    # The kind filter's two lookups, the meetings (with series and country) and their
    # documents, whatever the record.
    with django_assert_num_queries(4):
        assert client.get(feed).status_code == 200
