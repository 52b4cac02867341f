"""Searching the index: what is published is decided when searching (drafts are indexed
but never found; a scheduled record is found once its time comes, with no write), the
queries do not grow with the record, and on PostgreSQL they use the GIN indexes.
"""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import PublicationStatus, content_changed
from documents.models import Document
from meetings.models import Meeting, Organisation, Participation, Person
from programmes.models import Programme
from search import engine
from search.engine import search
from search.kinds import KINDS
from search.models import SearchEntry
from tests.factories import (
    CountryFactory,
    DocumentFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)
from tests.meetings.bulk_rows import bulk_published_meetings
from tests.search.budget import search_queries

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's"
)


def urls(query, kind):
    return [hit.url for hit in search(query)[kind]]


def test_drafts_are_indexed_but_never_found(client):
    draft = MeetingFactory(outline="Tidal flats were discussed.", outline_ja="干潟を議論した。")
    draft_programme = ProgrammeFactory(name="Tidal Flats Draft Programme")
    person = PersonFactory(name="Mei Drafted")
    ParticipationFactory(meeting=draft, person=person, title="Tidal Envoy")
    assert SearchEntry.objects.filter(meeting=draft).exists()

    for query in ("tidal", "干潟", "Drafted"):
        results = search(query)
        assert all(hits.total == 0 for hits in results.values()), query
    page = client.get(reverse("search"), {"q": "tidal"}).content.decode()
    assert draft.get_absolute_url() not in page
    assert draft_programme.get_absolute_url() not in page
    assert "Tidal Envoy" not in page and "Mei Drafted" not in page


def test_publishing_needs_no_reindex():
    """Publish times are checked when searching: a scheduled meeting (and the title held
    there) is found once its time has passed, though nothing wrote to the index."""
    meeting = MeetingFactory(scheduled=True, outline="Seagrass meadows.")
    person = PersonFactory(name="Kana Scheduled")
    ParticipationFactory(meeting=meeting, person=person, title="Seagrass Adviser")
    assert urls("seagrass", "meetings") == urls("seagrass", "people") == []

    # As if the week had passed: .update() sends no signal, so the index is untouched.
    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "text"))
    Meeting.objects.filter(pk=meeting.pk).update(published_at=timezone.now())
    assert list(SearchEntry.objects.order_by("pk").values_list("pk", "text")) == before

    assert urls("seagrass", "meetings") == [meeting.get_absolute_url()]
    [hit] = search("seagrass")["people"]
    assert hit.url == reverse("people:detail", args=[person.slug])
    assert "<mark>Seagrass</mark> Adviser" in hit.snippet

    Meeting.objects.filter(pk=meeting.pk).update(status="draft")  # unpublished: gone
    assert urls("seagrass", "meetings") == urls("seagrass", "people") == []


def test_a_title_shows_only_while_its_meeting_is_published():
    person = PersonFactory(name="Riku Titled")
    ParticipationFactory(meeting=MeetingFactory(published=True), person=person, title="Director")
    later = MeetingFactory(scheduled=True)
    ParticipationFactory(meeting=later, person=person, title="Ambassador for Forests")

    [hit] = search("Riku Titled")["people"]
    assert "Director" in hit.snippet and "Ambassador" not in hit.snippet
    assert search("ambassador")["people"].total == 0

    Meeting.objects.filter(pk=later.pk).update(published_at=timezone.now())
    [hit] = search("Riku Titled")["people"]
    assert "Director" in hit.snippet and "Ambassador for Forests" in hit.snippet


def test_japanese_is_found_in_every_kind():
    country = CountryFactory(name="Lao PDR", name_ja="ラオス")
    meeting = MeetingFactory(published=True, host_country=country, title_ja="第十回対話")
    programme = ProgrammeFactory(published=True, name="Eco-School", name_ja="エコスクール計画")
    organisation = OrganisationFactory(name="Water Agency", name_ja="水資源機構")
    person = PersonFactory(name="Daichi Mizuno")
    ParticipationFactory(
        meeting=meeting, person=person, organisation=organisation, title_ja="水資源局長"
    )

    assert urls("ラオス", "meetings") == [meeting.get_absolute_url()]
    assert urls("第十回", "meetings") == [meeting.get_absolute_url()]
    assert urls("スクール", "programmes") == [programme.get_absolute_url()]
    assert search("水資源機構")["organisations"].total == 1
    [hit] = search("局長")["people"]
    assert hit.url == reverse("people:detail", args=[person.slug])
    assert "<mark>局長</mark>" in hit.snippet


def add_record(size, country):
    for _ in range(size):
        meeting = MeetingFactory(
            published=True, host_country=country, outline="Coral reefs.", outline_ja="サンゴ礁。"
        )
        organisation = OrganisationFactory(
            name="Coral Agency", name_ja="サンゴ機構", country=country
        )
        ParticipationFactory(
            meeting=meeting,
            person=PersonFactory(),
            organisation=organisation,
            title="Coral Warden",
            title_ja="サンゴ監視員",
        )
        ProgrammeFactory(published=True, summary="Coral planting.", summary_ja="サンゴ植え付け。")
        DocumentFactory(
            published=True, meeting=meeting, file=None, url="https://example.org/coral.pdf",
            title="Coral survey", title_ja="サンゴ調査",
        )  # fmt: skip
        MeetingFactory(outline="Coral, a draft.")  # never counted


@pytest.mark.parametrize("query", ["coral", "サンゴ"])
def test_the_queries_of_a_search_do_not_grow_with_the_record(
    client, django_assert_num_queries, query
):
    country = CountryFactory()
    add_record(3, country)
    with django_assert_num_queries(search_queries()):
        small = client.get(reverse("search"), {"q": query}).content.decode()
    add_record(30, country)
    with django_assert_num_queries(search_queries()):
        large = client.get(reverse("search"), {"q": query}).content.decode()

    assert f"15 results for “{query}”" in small
    assert f"165 results for “{query}”" in large


# PostgreSQL: the index is used ----------------------------------------------------------


@pytest.fixture
def large_record():
    """Some thousands of entries, written in bulk and analysed: with a few rows only, the
    planner rightly reads the tables instead of an index."""
    meetings = bulk_published_meetings(1500)
    people = Person.objects.bulk_create(
        Person(name=f"Bulk Person {n}", slug=f"bulk-person-{n}") for n in range(1500)
    )
    Participation.objects.bulk_create(
        Participation(meeting=meeting, person=person, order=1, title="Director")
        for meeting, person in zip(meetings, people, strict=True)
    )
    Organisation.objects.bulk_create(
        Organisation(name=f"Bulk Agency {n}", slug=f"bulk-agency-{n}") for n in range(1500)
    )
    Programme.objects.bulk_create(
        Programme(
            name=f"Bulk Programme {n}",
            slug=f"bulk-programme-{n}",
            status=PublicationStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(1500)
    )
    content_changed()
    meeting = MeetingFactory(published=True, outline="Mangroves.", outline_ja="マングローブ。")
    ParticipationFactory(
        meeting=meeting,
        person=PersonFactory(name="Mangrove Keeper"),
        organisation=OrganisationFactory(name="Mangrove Agency", name_ja="マングローブ機構"),
        title_ja="マングローブ管理官",
    )
    ProgrammeFactory(published=True, name="Mangrove Programme", name_ja="マングローブ計画")
    Document.objects.bulk_create(
        Document(
            meeting=meetings[n], title=f"Bulk report {n}", slug=f"bulk-report-{n}",
            url="https://example.org/r.pdf", text=f"Page one.\fBulk findings {n}.",
            status=PublicationStatus.PUBLISHED, published_at=timezone.now(),
        )
        for n in range(1500)
    )  # fmt: skip
    content_changed(sender=Document)
    DocumentFactory(
        published=True, meeting=meeting, file=None, url="https://example.org/m.pdf",
        title="Field report", text="Survey.\fMangroves of the delta. マングローブの調査。",
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def test_a_word_found_everywhere_ranks_a_bounded_number_and_says_so(client, large_record):
    """1,500 programmes say "Bulk": MAX_RANKED of them are ranked, and the page says more
    match, rather than ranking every one (the cost would grow with the record)."""
    hits = search("bulk")["programmes"]
    assert hits.capped and hits.total == engine.MAX_RANKED == 500 and len(hits) == 20
    assert not search("mangrove")["programmes"].capped
    page = client.get(reverse("search"), {"q": "bulk"}).content.decode()
    assert "Programmes (more than 500)" in page
    assert "The 20 best of 500 matches ranked; more match." in page
    assert (
        "More than 2000 results for “bulk”" in page
    )  # programmes, people, organisations, documents


def plan(monkeypatch, kind, query):
    """EXPLAIN of the query that finds ``kind``'s first entries for ``query``, under the
    planner settings it runs with."""
    entries = []

    def first_entries(found):
        entries.append(found)
        return []

    monkeypatch.setattr(engine, "_first_entries", first_entries)
    search(query)  # each kind in turn, in the order of KINDS
    with engine.index_bitmaps_only():
        return engine.first_of(entries[list(KINDS).index(kind)]).explain()


@on_postgresql
@pytest.mark.parametrize("kind", list(KINDS))
def test_postgresql_full_text_search_uses_the_gin_index(monkeypatch, large_record, kind):
    assert search("mangrove")[kind].total == 1
    explained = plan(monkeypatch, kind, "mangrove")
    assert f"search_entry_document_{kind}" in explained, explained


@on_postgresql
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("word", ["マングローブ", "ロー"])  # ロー: two characters, no trigram
def test_postgresql_japanese_search_uses_the_bigram_index(monkeypatch, large_record, kind, word):
    assert search(word)[kind].total == 1
    explained = plan(monkeypatch, kind, word)
    indexes = [f"search_entry_bigrams_{kind}"]
    if len(word) >= 3:
        indexes.append(f"search_entry_trigrams_{kind}")  # the planner's choice
    assert any(index in explained for index in indexes), explained
