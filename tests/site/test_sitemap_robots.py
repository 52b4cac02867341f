"""The sitemap lists the public pages and the published record only, in an index of paged
sections, each page bounded; robots.txt points to the index."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues_site import sitemaps
from meetings.models import Participation, Person
from tests.factories import (
    CountryFactory,
    DocumentFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS = {"sm": SM}
ORIGIN = "http://testserver"
SECTIONS = ["pages", "meetings", "programmes", "countries", "people", "organisations", "documents"]
# The sitemap protocol's bounds for one file (index or page): https://www.sitemaps.org/protocol.html
MAX_ADDRESSES = 50_000
MAX_BYTES = 10 * 1024 * 1024


def get_xml(client, url, **kwargs):
    """The parsed root of an XML answer, checked against the protocol's bounds."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    assert len(response.content) < MAX_BYTES
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    assert len(root) < MAX_ADDRESSES
    return root


def index_pages(client, **kwargs):
    """The path (with its query string) of every page the index lists, in order."""
    root = get_xml(client, "/sitemap.xml", **kwargs)
    assert root.tag == f"{{{SM}}}sitemapindex"
    pages = []
    for entry in root.findall("sm:sitemap", NS):
        url = urlsplit(entry.find("sm:loc", NS).text)
        assert f"{url.scheme}://{url.netloc}" == ORIGIN
        pages.append(url.path + (f"?{url.query}" if url.query else ""))
    return pages


def page_entries(client, path):
    """[(absolute URL, lastmod text or None)] of one page."""
    root = get_xml(client, path)
    assert root.tag == f"{{{SM}}}urlset"
    entries = []
    for url in root.findall("sm:url", NS):
        lastmod = url.find("sm:lastmod", NS)
        entries.append((url.find("sm:loc", NS).text, None if lastmod is None else lastmod.text))
    return entries


def sitemap_entries(client):
    """{absolute URL: lastmod text or None} of every page the index lists; each URL once."""
    entries = {}
    for path in index_pages(client):
        for location, lastmod in page_entries(client, path):
            assert location not in entries, f"{location} listed twice"
            entries[location] = lastmod
    return entries


@pytest.fixture
def limit(monkeypatch):
    """A small page: ``limit(n)`` puts n addresses on each page of every section."""

    def set_limit(addresses):
        monkeypatch.setattr(sitemaps.PagedSitemap, "limit", addresses)

    return set_limit


def add_people(count, meeting):
    """``count`` people who took part in ``meeting``, written in two queries."""
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(name=f"Bulk Delegate {start + n:05}", slug=f"bulk-delegate-{start + n:05}")
        for n in range(count)
    )
    Participation.objects.bulk_create(
        Participation(meeting=meeting, person=person, order=n + 1)
        for n, person in enumerate(people)
    )
    return people


def test_sitemap_lists_the_lists_and_the_published_record(client):
    meeting = MeetingFactory(published=True)
    programme = ProgrammeFactory(published=True)
    CountryFactory(slug="viet-nam")
    person = PersonFactory(slug="kozo-akino")
    organisation = OrganisationFactory(slug="city-of-surabaya")
    ParticipationFactory(meeting=meeting, person=person, organisation=organisation)

    entries = sitemap_entries(client)

    for path in ("/", "/meetings/", "/programmes/", "/countries/"):
        assert ORIGIN + path in entries
    assert f"{ORIGIN}/meetings/{meeting.slug}/" in entries
    assert f"{ORIGIN}/programmes/{programme.slug}/" in entries
    assert f"{ORIGIN}/countries/viet-nam/" in entries
    assert f"{ORIGIN}/people/kozo-akino/" in entries
    assert f"{ORIGIN}/organisations/city-of-surabaya/" in entries
    # Every country is listed, including the meeting's host and the participation's country.
    assert f"{ORIGIN}{reverse('countries:detail', args=[meeting.host_country.slug])}" in entries


def test_meetings_and_programmes_carry_their_last_modification(client):
    meeting = MeetingFactory(published=True)
    programme = ProgrammeFactory(published=True)
    meeting.__class__.objects.filter(pk=meeting.pk).update(
        updated_at=datetime.datetime(2016, 8, 30, 12, tzinfo=datetime.UTC)
    )

    entries = sitemap_entries(client)

    assert entries[f"{ORIGIN}{meeting.get_absolute_url()}"] == "2016-08-30"
    assert (
        entries[f"{ORIGIN}{programme.get_absolute_url()}"]
        == programme.updated_at.date().isoformat()
    )


def test_drafts_and_scheduled_records_never_appear(client):
    draft = MeetingFactory()
    scheduled = MeetingFactory(scheduled=True)
    draft_programme = ProgrammeFactory()
    scheduled_programme = ProgrammeFactory(scheduled=True)
    only_in_draft = PersonFactory()
    only_in_scheduled = PersonFactory()
    ParticipationFactory(meeting=draft, person=only_in_draft)
    ParticipationFactory(meeting=scheduled, person=only_in_scheduled)
    never_took_part = PersonFactory()
    idle_organisation = OrganisationFactory()

    published = MeetingFactory(published=True)
    seen = PersonFactory()
    ParticipationFactory(meeting=published, person=seen)

    locations = set(sitemap_entries(client))
    paths = {location.removeprefix(ORIGIN) for location in locations}

    assert published.get_absolute_url() in paths
    assert reverse("people:detail", args=[seen.slug]) in paths
    for record in (draft, scheduled, draft_programme, scheduled_programme):
        assert record.get_absolute_url() not in paths
    for person in (only_in_draft, only_in_scheduled, never_took_part):
        assert reverse("people:detail", args=[person.slug]) not in paths
    # The organisations of the unpublished participations, and one that took part in nothing.
    draft_orgs = [p.organisation for p in draft.participations.all()] + [
        p.organisation for p in scheduled.participations.all()
    ]
    for organisation in [*draft_orgs, idle_organisation]:
        assert reverse("organisations:detail", args=[organisation.slug]) not in paths
    # Each URL appears once.
    assert len(paths) == len(locations)


def test_the_index_lists_every_section_and_a_page_holds_its_records_in_both_languages(client):
    meeting = MeetingFactory(published=True)

    assert index_pages(client) == [f"/sitemap-{section}.xml" for section in SECTIONS]
    entries = page_entries(client, "/sitemap-meetings.xml")
    assert [location for location, _ in entries] == [
        f"{ORIGIN}{meeting.get_absolute_url()}",
        f"{ORIGIN}/ja{meeting.get_absolute_url()}",
    ]


def test_paging_splits_a_section_and_lists_every_record_once_per_language(client, limit):
    limit(40)
    meeting = MeetingFactory(published=True)
    people = add_people(300, meeting)
    draft = MeetingFactory()
    hidden = add_people(5, draft)

    pages = index_pages(client)

    # 300 people in two languages: 600 addresses, 15 pages of 40.
    people_pages = [path for path in pages if path.startswith("/sitemap-people.xml")]
    assert people_pages == ["/sitemap-people.xml"] + [
        f"/sitemap-people.xml?p={n}" for n in range(2, 16)
    ]
    seen = []
    for path in people_pages:
        entries = page_entries(client, path)
        assert 0 < len(entries) <= 40
        seen += [location for location, _ in entries]
    assert len(seen) == len(set(seen)) == 600
    for person in people:
        path = reverse("people:detail", args=[person.slug])
        assert f"{ORIGIN}{path}" in seen and f"{ORIGIN}/ja{path}" in seen
    for person in hidden:
        assert not any(person.slug in location for location in seen)
    # The index itself lists the pages of the other sections too, each page once.
    assert len(pages) == len(set(pages))


def test_a_page_at_the_real_limit_stays_small_enough_for_the_page_cache(client):
    """LIMIT addresses per page: far under the protocol's bounds, and at most about 1 MB
    even with the longest slugs, so the page cache (PAGE_CACHE_MAX_BYTES) keeps it."""
    assert sitemaps.LIMIT <= MAX_ADDRESSES
    meeting = MeetingFactory(published=True)
    # Long slugs, the longest a person's may be: the biggest a page can get.
    people = Person.objects.bulk_create(
        Person(name=f"Delegate {n:05}", slug=f"{n:05}-" + "x" * 194)
        for n in range(sitemaps.LIMIT // 2 + 1)
    )
    Participation.objects.bulk_create(
        Participation(meeting=meeting, person=person, order=n + 1)
        for n, person in enumerate(people)
    )

    first = client.get("/sitemap-people.xml")
    assert first.status_code == 200
    assert first.content.count(b"<url>") == sitemaps.LIMIT
    assert len(first.content) < 1.5 * 1024 * 1024
    # The one person beyond the first page is on the second, in both languages.
    assert client.get("/sitemap-people.xml?p=2").content.count(b"<url>") == 2


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-meetings.xml?p=0",
        "/sitemap-meetings.xml?p=-1",
        "/sitemap-meetings.xml?p=2",
        "/sitemap-meetings.xml?p=99999999999999999999999999",
        "/sitemap-meetings.xml?p=" + "9" * 5000,
        "/sitemap-meetings.xml?p=abc",
        "/sitemap-meetings.xml?p=1.5",
        "/sitemap-meetings.xml?p=",
        "/sitemap-meetings.xml?p=%00",
        "/sitemap-nothing.xml",
        "/sitemap-.xml",
    ],
)
def test_a_page_that_is_not_there_is_a_404(client, path):
    MeetingFactory(published=True)
    assert client.get(path).status_code == 404


def test_an_empty_section_is_one_empty_page(client):
    assert "/sitemap-meetings.xml" in index_pages(client)
    assert page_entries(client, "/sitemap-meetings.xml") == []


def test_the_queries_of_the_index_and_of_a_page_do_not_grow_with_the_record(client, limit):
    """The index: a count per section but the static pages, and the latest change of the
    meetings and of the programmes. A page: its section's count and its own rows."""
    limit(10)

    def add(count):
        for _ in range(count):
            meeting = ParticipationFactory(meeting=MeetingFactory(published=True)).meeting
            DocumentFactory(published=True, meeting=meeting)
            ProgrammeFactory(published=True)
            MeetingFactory()  # a draft

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        sql = [query["sql"].upper() for query in captured.captured_queries]
        if path != "/sitemap.xml":
            # A page reads its own rows only, never the whole section.
            rows = [query for query in sql if "COUNT(" not in query]
            assert all(" LIMIT " in query for query in rows), rows
        return len(sql)

    paths = ["/sitemap.xml"] + [f"/sitemap-{section}.xml" for section in SECTIONS]
    paths += ["/sitemap-meetings.xml?p=2", "/sitemap-people.xml?p=2"]
    budget = dict.fromkeys(paths, 2) | {"/sitemap.xml": 9, "/sitemap-pages.xml": 0}
    add(6)
    assert {path: queries(path) for path in paths} == budget
    add(60)
    assert {path: queries(path) for path in paths} == budget
    assert len(index_pages(client)) > 20  # the record did grow: many more pages

    entries = sitemap_entries(client)
    japanese = sum("/ja/meetings/meeting-" in location for location in entries)
    # Every published meeting once in each language.
    assert (sum("/meetings/meeting-" in location for location in entries), japanese) == (
        2 * 66,
        66,
    )


def test_robots_txt(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    # The admin's path is not given away (it may be set to something unguessable).
    assert not any(reverse("admin:index") in line for line in lines)
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the site itself stays open to crawlers


def test_robots_txt_names_the_sitemap_on_the_requested_host(client, settings):
    settings.ALLOWED_HOSTS = ["dialogue.example.org"]

    response = client.get("/robots.txt", headers={"host": "dialogue.example.org"}, secure=True)

    assert "Sitemap: https://dialogue.example.org/sitemap.xml" in response.content.decode()
    # And the sitemap it names is there, its pages on the same host.
    sitemap = client.get("/sitemap.xml", headers={"host": "dialogue.example.org"}, secure=True)
    assert sitemap.status_code == 200
    assert b"<loc>https://dialogue.example.org/sitemap-pages.xml</loc>" in sitemap.content
    page = client.get("/sitemap-pages.xml", headers={"host": "dialogue.example.org"}, secure=True)
    assert page.status_code == 200
    assert b"<loc>https://dialogue.example.org/</loc>" in page.content
