"""Search follows the record: a programme's name (English or Japanese) or acronym finds
the meetings that discussed it, on the search page and in the meetings list's text box;
a draft programme's name finds nothing; the index follows a rename, a publication, a
discussion added, moved or deleted, a programme deleted, bulk writes and the rebuild.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import PublicationStatus, content_changed
from programmes.models import Discussion, Programme
from search.engine import search
from search.models import SearchEntry
from tests.factories import DiscussionFactory, MeetingFactory, ProgrammeFactory
from tests.meetings.page_reading import page_of

pytestmark = pytest.mark.django_db


def found(query, kind="meetings"):
    return [hit.url for hit in search(query)[kind]]


def meetings_section(client, query, prefix=""):
    response = client.get(f"{prefix}{reverse('search')}", {"q": query})
    assert response.status_code == 200
    match = re.search(
        r'<section aria-labelledby="results-meetings">(.*?)</section>',
        response.content.decode(),
        flags=re.DOTALL,
    )
    return match.group(1) if match else ""


def listed(client, query, prefix=""):
    """The addresses of the meetings list's result cards for the text box's ``query``."""
    html = page_of(client.get(f"{prefix}/meetings/", {"q": query}))
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)"', html)


@pytest.fixture
def space():
    """A published meeting that discussed SPACE, whose own texts never name it."""
    meeting = MeetingFactory(
        published=True, title="Fifth Dialogue", outline="Cities were reviewed.", venue=""
    )
    programme = ProgrammeFactory(
        published=True,
        name="Seminar on Promoting Adaptation to Climate in Ecosystems",
        name_ja="生態系気候適応促進セミナー",
        acronym="SPACE",
        summary="",
        description="",
    )
    DiscussionFactory(meeting=meeting, programme=programme, note="")
    return meeting, programme


@pytest.mark.parametrize(
    ("query", "prefix"),
    [
        ("SPACE", ""),
        ("Promoting Adaptation", ""),
        ("生態系気候適応", ""),
        ("SPACE", "/ja"),
        ("生態系気候適応", "/ja"),
    ],
)
def test_the_search_page_finds_the_meetings_that_discussed_a_programme(
    client, space, query, prefix
):
    meeting, programme = space

    section = meetings_section(client, query, prefix)

    assert meeting.get_absolute_url() in section  # (/ja/meetings/… on the Japanese page)
    assert "<mark>" in section  # the snippet shows why it was found


def test_the_programme_ranks_below_the_meetings_own_title(space):
    meeting, programme = space
    named = MeetingFactory(published=True, title="SPACE Review Meeting", outline="")

    assert found("SPACE") == [named.get_absolute_url(), meeting.get_absolute_url()]


@pytest.mark.parametrize(
    ("query", "prefix"),
    [("SPACE", ""), ("Promoting Adaptation", ""), ("生態系気候適応", "/ja"), ("SPACE", "/ja")],
)
def test_the_meetings_list_finds_them_too(client, space, query, prefix):
    meeting, _programme = space

    assert listed(client, query, prefix) == [f"{prefix}/meetings/{meeting.slug}/"]


def test_a_draft_programme_makes_no_meeting_findable(client, space):
    meeting, programme = space
    programme.status = PublicationStatus.DRAFT
    programme.save()

    assert not SearchEntry.objects.filter(meeting=meeting, text__icontains="SPACE").exists()
    assert found("SPACE") == [] and found("生態系気候適応") == []
    assert meeting.get_absolute_url() not in meetings_section(client, "SPACE")
    assert listed(client, "SPACE") == [] and listed(client, "生態系気候適応", "/ja") == []

    programme.status = PublicationStatus.PUBLISHED
    programme.save()  # published again: found again, with no rebuild
    assert found("SPACE") == [meeting.get_absolute_url()]


def test_a_draft_meeting_stays_unfindable(client, space):
    meeting, _programme = space
    meeting.status = PublicationStatus.DRAFT
    meeting.save()

    assert found("SPACE") == [] and listed(client, "SPACE") == []
    assert meeting.get_absolute_url() not in meetings_section(client, "SPACE")


def test_a_renamed_programme_is_searched_under_its_new_name(client, space):
    meeting, programme = space
    other = MeetingFactory(published=True, outline="")
    DiscussionFactory(meeting=other, programme=programme)
    programme.name = "Ecosystem Resilience Seminar"
    programme.acronym = "ERS"
    programme.name_ja = "生態系強靱化セミナー"
    programme.save()

    both = sorted([meeting.get_absolute_url(), other.get_absolute_url()])
    assert sorted(found("Resilience")) == both
    assert sorted(found("ERS")) == both
    assert sorted(found("生態系強靱化")) == both
    assert found("SPACE") == [] and found("Promoting") == [] and found("生態系気候適応") == []


def test_a_rename_reindexes_the_meetings_in_bounded_queries(space, django_assert_max_num_queries):
    _meeting, programme = space
    for _ in range(20):
        DiscussionFactory(meeting=MeetingFactory(published=True), programme=programme)
    programme.acronym = "SPACE2"

    # The save itself, its history and the programme's own entry, then the meetings'
    # entries: the same number of queries for 1 meeting as for 21.
    with django_assert_max_num_queries(12) as captured:
        programme.save()

    assert search("SPACE2")["meetings"].total == 21
    assert len(captured) <= 12


def test_a_discussion_added_moved_or_deleted_is_searched_at_once(space):
    meeting, programme = space
    other = MeetingFactory(published=True, outline="")
    discussion = Discussion.objects.get(meeting=meeting, programme=programme)

    discussion.meeting = other
    discussion.save()
    assert found("SPACE") == [other.get_absolute_url()]

    discussion.delete()
    assert found("SPACE") == []

    DiscussionFactory(meeting=meeting, programme=programme)
    assert found("SPACE") == [meeting.get_absolute_url()]


def test_a_discussion_deleted_in_the_admin_is_no_longer_searched(superuser_client, space):
    meeting, programme = space
    discussion = Discussion.objects.get(meeting=meeting, programme=programme)
    url = reverse("admin:programmes_discussion_delete", args=[discussion.pk])
    assert found("SPACE") == [meeting.get_absolute_url()]

    assert superuser_client.post(url, {"post": "yes"}).status_code == 302

    assert found("SPACE") == []
    assert found("SPACE", "programmes") == [programme.get_absolute_url()]


def test_a_deleted_programme_or_meeting_leaves_nothing_behind(space):
    meeting, programme = space
    other = MeetingFactory(published=True, outline="")
    DiscussionFactory(meeting=other, programme=programme)

    meeting.delete()
    assert found("SPACE") == [other.get_absolute_url()]
    programme.delete()
    assert found("SPACE") == [] and found("SPACE", "programmes") == []
    assert not SearchEntry.objects.filter(text__icontains="SPACE").exists()


def test_bulk_writes_and_the_rebuild_include_the_programmes(space):
    meeting, programme = space
    Programme.objects.filter(pk=programme.pk).update(acronym="BULK")  # no signal
    assert found("BULK") == []

    content_changed(sender=Programme)
    assert found("BULK") == [meeting.get_absolute_url()]

    Programme.objects.filter(pk=programme.pk).update(acronym="REBUILT")
    call_command("rebuild_search_index", verbosity=0)
    assert found("REBUILT") == [meeting.get_absolute_url()]

    Discussion.objects.all().delete()  # a queryset delete sends the signals too
    assert found("REBUILT") == []


def test_an_upgrade_reindexes_the_meetings_after_migrate(space):
    """Entries written before this release lack the programmes: the migration that
    marks the change has them written again once migrate is done."""
    from django.db.migrations.loader import MigrationLoader

    from search import signals
    from search.apps import SearchConfig

    meeting, _programme = space
    entry = SearchEntry.objects.get(kind="meetings", object_id=meeting.pk)
    old = {"text": "Fifth Dialogue", "text_b": "", "document": None}
    SearchEntry.objects.filter(pk=entry.pk).update(**old)
    assert found("SPACE") == []

    migration = MigrationLoader(None).get_migration("search", "0003_programmes_in_meetings")
    config = SearchConfig.create("search")
    signals.fill_if_empty(config, plan=[(migration, False)])

    assert "SPACE" in SearchEntry.objects.get(kind="meetings", object_id=meeting.pk).text
    assert found("SPACE") == [meeting.get_absolute_url()]
