"""Every endpoint hides drafts and scheduled records, and what only they reach (a person
named only at a draft meeting, the theme and fund of a draft programme, a document of a
draft meeting): on the list, in the filters and at the detail address. A scheduled record
appears at its publish time, on every endpoint at once (the page cache included), and
goes when it is withdrawn. The API's side of tests/site/test_scheduled_publishing.py."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.models import PublicationStatus
from tests.api.conftest import get_json
from tests.factories import (
    DiscussionFactory,
    DocumentFactory,
    FundFactory,
    MeetingFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def hidden_records(meeting_status, programme_status, when):
    """A meeting and a programme in one state (draft, or scheduled at ``when``), each with
    what only it reaches; named after the state ("draft-..." or "scheduled-...")."""
    state = "draft" if meeting_status == PublicationStatus.DRAFT else "scheduled"
    at = None if state == "draft" else when
    meeting = MeetingFactory(slug=f"{state}-meeting", status=meeting_status, published_at=at)
    person = PersonFactory(slug=f"{state}-person")
    participation = ParticipationFactory(meeting=meeting, person=person)
    programme = ProgrammeFactory(
        slug=f"{state}-programme", status=programme_status, published_at=at,
        themes=[ThemeFactory(slug=f"{state}-theme")], fund=FundFactory(slug=f"{state}-fund"),
    )  # fmt: skip
    published = MeetingFactory(published=True)
    discussion = DiscussionFactory(meeting=published, programme=programme)
    DocumentFactory(
        slug=f"{state}-meeting-agenda", meeting=meeting, file=None, url="https://e.org/a",
        published=True,
    )  # fmt: skip
    DocumentFactory(
        slug=f"{state}-document", meeting=published, file=None, url="https://e.org/b",
        status=meeting_status, published_at=at,
    )  # fmt: skip
    return {
        "meetings": meeting.slug,
        "participations": participation.pk,
        "people": person.slug,
        "programmes": programme.slug,
        "discussions": discussion.pk,
        "themes": f"{state}-theme",
        "funds": f"{state}-fund",
        "documents": [f"{state}-meeting-agenda", f"{state}-document"],
    }


@pytest.fixture
def hidden(record):
    now = timezone.now()
    draft = hidden_records(PublicationStatus.DRAFT, PublicationStatus.DRAFT, None)
    scheduled = hidden_records(PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED, now + HOUR)
    return {"draft": draft, "scheduled": scheduled, "now": now}


def keys_listed(client, endpoint):
    data = get_json(client, f"/api/v1/{endpoint}/?page_size=100")
    return {str(item.get("slug", item.get("id"))) for item in data["results"]}


def shown(client, endpoint, key):
    """Whether the record ``key`` is on the list and at its address."""
    on_list = str(key) in keys_listed(client, endpoint)
    found = client.get(f"/api/v1/{endpoint}/{key}/").status_code == 200
    assert on_list == found, (endpoint, key, on_list, found)
    return on_list


def each(records):
    for endpoint, keys in records.items():
        for key in keys if isinstance(keys, list) else [keys]:
            yield endpoint, key


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_no_endpoint_shows_a_draft_or_a_scheduled_record(client, hidden, state):
    for endpoint, key in each(hidden[state]):
        assert not shown(client, endpoint, key), f"{endpoint} shows the {state} {key}"
    assert shown(client, "meetings", "third-dialogue")  # (the published ones are there)


def test_filters_do_not_take_a_hidden_record(client, hidden):
    for query in (
        "meetings/?programme=draft-programme",
        "meetings/?person=scheduled-person",
        "meetings/?theme=draft-theme",
        "programmes/?theme=scheduled-theme",
        "programmes/?fund=draft-fund",
        "participations/?meeting=scheduled-meeting",
        "discussions/?programme=draft-programme",
        "documents/?meeting=draft-meeting",
        "documents/?programme=draft-programme",
    ):
        response = client.get(f"/api/v1/{query}")
        assert response.status_code == 400, query


def test_a_scheduled_record_appears_at_its_time_and_goes_when_withdrawn(client, hidden):
    now = hidden["now"]
    with time_machine.travel(now + HOUR - datetime.timedelta(seconds=1), tick=False):
        for endpoint, key in each(hidden["scheduled"]):
            assert not shown(client, endpoint, key), f"{endpoint}: {key} a second early"
    with time_machine.travel(now + HOUR, tick=False):
        for endpoint, key in each(hidden["scheduled"]):
            assert shown(client, endpoint, key), f"{endpoint}: {key} not shown at its time"
        for endpoint, key in each(hidden["draft"]):
            assert not shown(client, endpoint, key), f"{endpoint}: the draft {key}"
    with time_machine.travel(now + 2 * HOUR, tick=False):
        meeting = MeetingFactory._meta.model.objects.get(slug="scheduled-meeting")
        meeting.status = PublicationStatus.DRAFT
        meeting.save()
        assert not shown(client, "meetings", "scheduled-meeting")
        assert not shown(client, "participations", hidden["scheduled"]["participations"])
        assert not shown(client, "people", "scheduled-person")
        assert not shown(client, "documents", "scheduled-meeting-agenda")


def test_a_signed_in_editor_sees_no_draft_either(editor_client, hidden):
    """The API has no preview: a session changes nothing (and is never read)."""
    for endpoint, key in each(hidden["draft"]):
        assert not shown(editor_client, endpoint, key), f"{endpoint}: the draft {key}"
    response = editor_client.get("/api/v1/meetings/")
    assert "X-Page-Cache" not in response  # a session's requests bypass the cache
