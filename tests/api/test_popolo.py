"""/api/v1/popolo.json and export_popolo: the published record as Popolo, valid against
the Popolo project's own schemas, in both languages, dates at their precision; never a
draft or a scheduled record; computed once per content version, served with ETag and
Last-Modified (304), and still served when the cache fails."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from api.popolo import build_lock_key, render
from core.dates import DatePrecision
from meetings.models import Country
from tests.api.popolo_schemas import document_errors, errors
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/popolo.json"


def make_record(meetings=1, prefix="m"):
    """A published record: a series, meetings with participations, a programme discussed."""
    with translation.override("en"):
        japan = Country.objects.filter(code="JP").first() or CountryFactory(
            code="JP", name="Japan", slug="japan", name_ja="日本"
        )
        series = MeetingSeriesFactory(slug=f"{prefix}-series", name=f"{prefix} Dialogue series")
        ministry = OrganisationFactory(slug=f"{prefix}-moe", name="Ministry", acronym="MOE")
        for n in range(meetings):
            meeting = MeetingFactory(
                published=True, series=series, slug=f"{prefix}-meeting-{n}", host_country=japan
            )
            someone = PersonFactory(slug=f"{prefix}-person-{n}", name=f"Person {n}", name_ja="浅尾")
            ParticipationFactory(
                meeting=meeting, person=someone, organisation=ministry, country=japan
            )
            ParticipationFactory(meeting=meeting, person=None, organisation=ministry, country=None)
            programme = ProgrammeFactory(
                published=True,
                slug=f"{prefix}-programme-{n}",
                themes=[ThemeFactory()],
                countries=[japan],
            )
            DiscussionFactory(meeting=meeting, programme=programme)
    return japan, series


def get_document(client):
    response = client.get(URL)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def by_id(document, key):
    return {obj["id"]: obj for obj in document[key]}


def test_the_export_validates_against_the_popolo_schemas(client):
    make_record(meetings=2)
    document = get_document(client)
    assert document_errors(document) == []
    assert {len(document[key]) > 0 for key in ("persons", "organizations", "memberships")} == {True}


def test_the_schemas_catch_what_popolo_forbids():
    """The check above can fail: an invented day, a nameless other name, a bad URL."""
    assert errors("event", {"start_date": "2008-3"})
    assert errors("person", {"other_names": [{"note": "ja"}]})
    assert errors("membership", {"person": {"name": 3}})
    assert not errors("event", {"start_date": "2008-03"})


def test_memberships_events_and_organizations_link_up(client):
    japan, series = make_record()
    document = get_document(client)
    organizations, events = by_id(document, "organizations"), by_id(document, "events")
    delegation = organizations["delegation/JP"]
    assert delegation["classification"] == "delegation"
    assert delegation["identifiers"] == [{"identifier": "JP", "scheme": "ISO 3166-1 alpha-2"}]
    assert delegation["other_names"] == [{"name": "日本", "note": "ja"}]
    meeting = events["meeting/m-meeting-0"]
    assert meeting["parent_id"] == "series/m-series" and "series/m-series" in events
    assert events["series/m-series"]["classification"] == "meeting-series"
    person_membership, organisation_only = document["memberships"]
    assert person_membership["person_id"] == "person/m-person-0"
    assert person_membership["organization_id"] == "organisation/m-moe"
    assert person_membership["on_behalf_of_id"] == "delegation/JP"
    assert person_membership["x_event_id"] == "meeting/m-meeting-0"
    assert person_membership["role"] == "delegate"
    assert organisation_only["member"] == {"@type": "Organization", "id": "organisation/m-moe"}
    referenced = {m["organization_id"] for m in document["memberships"]} - {None}
    assert referenced <= set(organizations)
    assert {m["person_id"] for m in document["memberships"] if "person_id" in m} <= set(
        by_id(document, "persons")
    )
    (discussion,) = document["x_discussions"]
    assert discussion["event_id"] == "meeting/m-meeting-0"
    assert discussion["programme_id"] in by_id(document, "x_programmes")


def test_both_languages_and_absolute_links(client):
    make_record()
    document = get_document(client)
    person = by_id(document, "persons")["person/m-person-0"]
    assert person["name"] == "Person 0"
    assert person["other_names"] == [{"name": "浅尾", "note": "ja"}]
    assert [link["url"] for link in person["links"]] == [
        "http://testserver/people/m-person-0/",
        "http://testserver/ja/people/m-person-0/",
    ]
    meeting = by_id(document, "events")["meeting/m-meeting-0"]
    # No Japanese outline was written: null, not the English text.
    assert meeting["x_translations"]["outline"] == {
        "en": "The meeting reviewed the programmes.",
        "ja": None,
    }


def test_dates_at_their_precision(client):
    MeetingFactory(
        published=True,
        slug="march-2008",
        start_date=datetime.date(2008, 3, 1),
        end_date=None,
        date_precision=DatePrecision.MONTH,
    )
    MeetingFactory(published=True, slug="days", start_date=datetime.date(2011, 7, 26))
    events = by_id(get_document(client), "events")
    assert events["meeting/march-2008"]["start_date"] == "2008-03"
    assert events["meeting/march-2008"]["end_date"] is None
    assert events["meeting/march-2008"]["x_date_precision"] == "month"
    assert (events["meeting/days"]["start_date"], events["meeting/days"]["end_date"]) == (
        "2011-07-26",
        "2011-07-28",
    )


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_no_draft_or_scheduled_record_is_exported(client, state):
    make_record()
    hidden = {"published": False} if state == "draft" else {"scheduled": True}
    secret = MeetingFactory(
        slug="secret-meeting", series=MeetingSeriesFactory(slug="secret-series"), **hidden
    )
    ParticipationFactory(meeting=secret, person=PersonFactory(slug="secret-person"))
    programme = ProgrammeFactory(
        slug="secret-programme", themes=[ThemeFactory(slug="secret-theme")], **hidden
    )
    DiscussionFactory(
        meeting=MeetingFactory(published=True, slug="open-meeting"), programme=programme
    )
    content = client.get(URL).content.decode()
    assert "open-meeting" in content
    for slug in (
        "secret-meeting",
        "secret-series",
        "secret-person",
        "secret-programme",
        "secret-theme",
        programme.fund.slug,
    ):
        assert slug not in content


def test_the_query_count_does_not_grow_with_the_record():
    def queries(meetings, prefix):
        make_record(meetings=meetings, prefix=prefix)
        with CaptureQueriesContext(connection) as captured:
            render("http://testserver/")
        return len(captured)

    small = queries(1, "a")
    assert small == queries(8, "b") == 13


def test_computed_once_per_content_version_then_a_304(client, django_assert_num_queries):
    make_record()
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert first["Last-Modified"]
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not not_modified.content
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    MeetingFactory(published=True, slug="just-added")  # a change: a new version
    changed = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert b"just-added" in changed.content


def test_while_another_request_builds_it_a_503_with_retry_after(client):
    """A large record takes tens of seconds to export: one build at a time, across servers;
    the requests meanwhile are told when to come back instead of building it again."""
    make_record()
    lock = build_lock_key("http://testserver/")
    cache.add(lock, 1, 60)  # another server is building this version's document
    busy = client.get(URL)
    assert busy.status_code == 503 and int(busy["Retry-After"]) > 0
    assert "being prepared" in busy.json()["detail"]
    cache.delete(lock)  # built (or given up): the next request builds or finds it
    assert client.get(URL).status_code == 200
    assert cache.get(lock) is None  # the build let go of the lock


def test_a_stray_host_makes_no_new_entry_and_no_foreign_links(client, settings):
    settings.ALLOWED_HOSTS = ["records.example.org", "*"]
    MeetingFactory(published=True, slug="a-meeting")
    content = client.get(URL, HTTP_HOST="evil.example").content.decode()
    assert "evil.example" not in content and "http://records.example.org/meetings/" in content


def test_a_failing_cache_still_gives_the_export(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.api.broken_cache.BrokenCache"}}
    make_record()
    document = get_document(client)
    assert "person/m-person-0" in by_id(document, "persons")


def test_export_popolo_writes_the_same_document(tmp_path, capsys):
    make_record()
    target = tmp_path / "popolo.json"
    call_command("export_popolo", output=str(target), base_url="https://records.example.org/")
    written = target.read_bytes()
    assert written == render("https://records.example.org/")
    assert document_errors(json.loads(written)) == []
    call_command("export_popolo", base_url="https://records.example.org/")
    assert json.loads(capsys.readouterr().out) == json.loads(written)
