"""Every change of the record shows on the next request through the page cache: an
admin edit, a publish or unpublish action, a delete, a relink, a new participant, a
restore, a bulk write once content_changed() is called, and a publish time reached,
even by a server whose clock is behind.
"""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.http import http_date

from core.models import PublicationStatus, content_changed
from dialogues_site import page_cache
from meetings.models import Meeting
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)
from tests.site.page_cache_helpers import get, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return make_record()


# --- Invalidation ------------------------------------------------------------------------


def test_an_edit_in_the_admin_shows_on_the_next_request(client, superuser_client, record):
    meeting = record["meeting"]
    assert "Hanoi Dialogue" in get(client, "/meetings/")[2]
    assert get(client, "/meetings/hanoi-dialogue/")[1] == "miss"
    assert get(client, "/meetings/hanoi-dialogue/")[1] == "hit"

    url = admin_url("meeting", "change", meeting.pk)
    # (title_en: the column of the English title once the record is translated.)
    new_title = {"title": "Hue Dialogue", "title_en": "Hue Dialogue"}
    data = form_data(superuser_client.get(url)) | new_title
    assert superuser_client.post(url, data).status_code == 302

    status, state, page = get(client, "/meetings/hanoi-dialogue/")
    assert (status, state) == (200, "miss")
    assert "Hue Dialogue" in page and "Hanoi Dialogue" not in page
    assert "Hue Dialogue" in get(client, "/meetings/")[2]
    assert "Hue Dialogue" in get(client, "/meetings/feed/")[2]


def test_publish_and_unpublish_actions_show_on_the_next_request(client, publisher_client, record):
    draft = MeetingFactory(title="Draft Dialogue", slug="draft-dialogue")
    assert "Draft Dialogue" not in get(client, "/meetings/")[2]
    assert get(client, "/meetings/")[1] == "hit"
    assert get(client, "/meetings/draft-dialogue/")[0] == 404

    changelist = admin_url("meeting", "changelist")
    publisher_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert "Draft Dialogue" in get(client, "/meetings/")[2]
    assert get(client, "/meetings/draft-dialogue/")[0] == 200

    publisher_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert "Draft Dialogue" not in get(client, "/meetings/")[2]
    assert get(client, "/meetings/draft-dialogue/")[0] == 404


def test_a_delete_shows_on_the_next_request(client, publisher_client, record):
    programme = record["programme"]
    assert "Clean Rivers Programme" in get(client, "/programmes/")[2]
    assert get(client, "/programmes/clean-rivers/")[0] == 200
    response = publisher_client.post(
        admin_url("programme", "delete", programme.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "Clean Rivers Programme" not in get(client, "/programmes/")[2]
    assert get(client, "/programmes/clean-rivers/")[0] == 404
    assert "Clean Rivers Programme" not in get(client, "/meetings/hanoi-dialogue/")[2]


def test_a_many_to_many_change_shows_on_the_next_request(client, record):
    theme = ThemeFactory(name="Freshwater", slug="freshwater")
    assert "Freshwater" not in get(client, "/programmes/clean-rivers/")[2]
    assert get(client, "/programmes/clean-rivers/")[1] == "hit"
    record["programme"].themes.add(theme)
    assert "Freshwater" in get(client, "/programmes/clean-rivers/")[2]
    record["programme"].themes.remove(theme)
    assert "Freshwater" not in get(client, "/programmes/clean-rivers/")[2]
    # The organisers of a series, on the meeting's page.
    other = OrganisationFactory(name="Mekong Secretariat")
    assert "Mekong Secretariat" not in get(client, "/meetings/hanoi-dialogue/")[2]
    record["series"].organisers.add(other)
    assert "Mekong Secretariat" in get(client, "/meetings/hanoi-dialogue/")[2]


def test_a_new_participant_shows_on_the_next_request(client, record):
    assert "Mai Tran" not in get(client, "/meetings/hanoi-dialogue/")[2]
    ParticipationFactory(meeting=record["meeting"], person=PersonFactory(name="Mai Tran"))
    assert "Mai Tran" in get(client, "/meetings/hanoi-dialogue/")[2]


def test_restoring_a_version_shows_on_the_next_request(client, publisher_client, record):
    meeting = record["meeting"]
    url = admin_url("meeting", "change", meeting.pk)
    new_title = {"title": "Hue Dialogue", "title_en": "Hue Dialogue"}
    publisher_client.post(url, form_data(publisher_client.get(url)) | new_title)
    assert "Hue Dialogue" in get(client, "/meetings/hanoi-dialogue/")[2]
    original = meeting.history.order_by("history_date").first()
    assert original.title == "Hanoi Dialogue"

    restore = admin_url("meeting", "simple_history", meeting.pk, original.pk)
    response = publisher_client.post(restore, form_data(publisher_client.get(restore)))
    assert response.status_code == 302
    page = get(client, "/meetings/hanoi-dialogue/")[2]
    assert "Hanoi Dialogue" in page and "Hue Dialogue" not in page


def test_a_bulk_write_shows_once_content_changed_is_called(client, record):
    """bulk_create, bulk_update and QuerySet.update send no signal: the import engine
    and the site restore call content_changed() when they have written."""
    assert "Hanoi Dialogue" in get(client, "/meetings/")[2]
    Meeting.objects.filter(pk=record["meeting"].pk).update(title="Bulk Title")
    status, state, page = get(client, "/meetings/")
    assert state == "hit" and "Hanoi Dialogue" in page  # the cache does not know yet
    content_changed()
    status, state, page = get(client, "/meetings/")
    assert state == "miss" and "Bulk Title" in page


def test_one_renewal_after_the_commit_of_a_transaction(django_capture_on_commit_callbacks):
    """Every save renews the version at once; after the commit it is renewed once more
    (one callback however many saves), with the next publish time read afresh."""
    with django_capture_on_commit_callbacks() as callbacks:
        MeetingFactory(published=True)
        ProgrammeFactory(scheduled=True)
        MeetingFactory()
    assert callbacks == [page_cache.renew_after_commit]
    before = cache.get(page_cache.VERSION_KEY)["token"]
    callbacks[0]()
    version = cache.get(page_cache.VERSION_KEY)
    assert version["token"] != before
    token, next_publish = cache.get(page_cache.NEXT_PUBLISH_KEY)
    assert token == version["token"]
    programme = apps.get_model("programmes", "Programme").objects.get()
    assert next_publish == programme.published_at


@pytest.mark.parametrize(
    "label", [f"{app}.{model.__name__}" for app in ("meetings", "programmes")
              for model in apps.get_app_config(app).get_models()]
)  # fmt: skip
def test_every_record_the_public_sees_invalidates_the_cache(label):
    model = apps.get_model(label)
    if model._meta.model_name.startswith("historical") or label == "meetings.ImportRecord":
        assert label not in settings.CONTENT_MODELS  # versions and import logs: not public
    else:
        assert label in settings.CONTENT_MODELS


# --- Scheduled publishing ----------------------------------------------------------------


def test_a_scheduled_meeting_appears_once_its_time_has_come(client, record, now):
    publish_at = now + datetime.timedelta(seconds=30)
    with time_machine.travel(now, tick=False):
        MeetingFactory(
            title="Future Dialogue",
            slug="future-dialogue",
            status=PublicationStatus.PUBLISHED,
            published_at=publish_at,
        )
        status, state, page = get(client, "/meetings/")
        assert "Future Dialogue" not in page
        response = client.get("/meetings/")
        assert response["X-Page-Cache"] == "hit"
        # Browsers are told what they are told of every page: nothing says that something
        # is scheduled, nor when (they revalidate after max-age, ETag and Last-Modified).
        assert response["Cache-Control"] == "public, max-age=60"
    with time_machine.travel(publish_at - datetime.timedelta(seconds=1), tick=False):
        assert get(client, "/meetings/") == (200, "hit", page)
        assert get(client, "/meetings/future-dialogue/")[0] == 404
    with time_machine.travel(publish_at, tick=False):
        status, state, page = get(client, "/meetings/")
        assert state == "miss" and "Future Dialogue" in page
        assert get(client, "/meetings/future-dialogue/")[0] == 200
        assert "Future Dialogue" in get(client, "/")[2]
        # The page's Last-Modified is the publish time.
        assert client.get("/meetings/")["Last-Modified"] == http_date(publish_at.timestamp())


def test_a_server_whose_clock_is_behind_cannot_keep_a_page_from_before_the_publish_time(
    client, record, now
):
    """Server A (clock right) sees the publish time pass; server B (clock two seconds
    behind) then renders the list without the meeting. B's page must not be served."""
    publish_at = now + datetime.timedelta(seconds=30)
    with time_machine.travel(now, tick=False):
        MeetingFactory(
            title="Future Dialogue", status=PublicationStatus.PUBLISHED, published_at=publish_at
        )
    with time_machine.travel(publish_at + datetime.timedelta(seconds=1), tick=False):
        assert "Future Dialogue" in get(client, "/")[2]  # A: a new version
    with time_machine.travel(publish_at - datetime.timedelta(seconds=1), tick=False):
        status, state, page = get(client, "/meetings/")  # B
        assert state == "miss" and "Future Dialogue" not in page
    with time_machine.travel(publish_at + datetime.timedelta(seconds=2), tick=False):
        status, state, page = get(client, "/meetings/")  # A
        assert state == "miss" and "Future Dialogue" in page


def test_a_scheduled_programme_bounds_the_pages_cached_before_it(client, record, now):
    publish_at = now + datetime.timedelta(minutes=10)
    with time_machine.travel(now, tick=False):
        ProgrammeFactory(
            name="Future Programme", status=PublicationStatus.PUBLISHED, published_at=publish_at
        )
        assert "Future Programme" not in get(client, "/programmes/")[2]
    with time_machine.travel(publish_at + datetime.timedelta(seconds=5), tick=False):
        assert "Future Programme" in get(client, "/programmes/")[2]
