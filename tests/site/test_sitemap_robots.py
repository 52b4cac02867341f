"""The sitemap lists the public pages and the published record only; robots.txt points to it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ORIGIN = "http://testserver"


def sitemap_entries(client):
    """{absolute URL: lastmod text or None}, from the parsed XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    entries = {}
    for url in root.findall("sm:url", NS):
        lastmod = url.find("sm:lastmod", NS)
        entries[url.find("sm:loc", NS).text] = None if lastmod is None else lastmod.text
    return entries


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


def test_sitemap_query_count_does_not_grow_with_the_record(client):
    def add(count):
        for _ in range(count):
            ParticipationFactory(meeting=MeetingFactory(published=True))
            ProgrammeFactory(published=True)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    add(20)
    with CaptureQueriesContext(connection) as many:
        entries = sitemap_entries(client)

    assert len(few.captured_queries) == len(many.captured_queries)
    # Every meeting once in each language.
    japanese = sum("/ja/meetings/meeting-" in location for location in entries)
    assert (sum("/meetings/meeting-" in location for location in entries), japanese) == (44, 22)


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
    # And the sitemap it names is there.
    sitemap = client.get("/sitemap.xml", headers={"host": "dialogue.example.org"}, secure=True)
    assert sitemap.status_code == 200
    assert b"<loc>https://dialogue.example.org/</loc>" in sitemap.content
