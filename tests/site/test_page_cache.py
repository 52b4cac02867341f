"""The shared page cache (dialogues_site/page_cache.py): public pages are served to
anonymous visitors from the cache, with no query, and every change of the record (an
admin edit, a publish action, a delete, a relink, a restore, a bulk write, a publish time
reached) shows on the next request. Signed-in editors, drafts and error answers never
go through it. Conditional GET answers 304.
"""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core.models import PublicationStatus, content_changed
from dialogues_site import page_cache
from meetings.models import Meeting
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
from tests.site.test_workflow import admin_url, form_data

pytestmark = pytest.mark.django_db

MIDDLEWARE = "dialogues_site.page_cache.PageCacheMiddleware"


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def get(client, url, **headers):
    """(status, X-Page-Cache, body) of a GET."""
    response = client.get(url, **headers)
    return response.status_code, response.get("X-Page-Cache"), body(response)


@pytest.fixture
def record():
    return make_record()


def make_record():
    """A small published record with something on every public page."""
    country = CountryFactory(name="Viet Nam", slug="viet-nam", code="VN")
    person = PersonFactory(name="Lan Nguyen", slug="lan-nguyen")
    organisation = OrganisationFactory(name="Hanoi Institute", slug="hanoi-institute")
    series = MeetingSeriesFactory(organisers=[organisation])
    meeting = MeetingFactory(
        series=series,
        title="Hanoi Dialogue",
        slug="hanoi-dialogue",
        host_country=country,
        published=True,
    )
    ParticipationFactory(meeting=meeting, person=person, organisation=organisation)
    programme = ProgrammeFactory(
        name="Clean Rivers Programme", slug="clean-rivers", published=True, countries=[country]
    )
    DiscussionFactory(meeting=meeting, programme=programme)
    return {"meeting": meeting, "programme": programme, "series": series}


# What each public page shows of the record (page: (url, text on it)).
PUBLIC_PAGES = {
    "home": ("/", "Hanoi Dialogue"),
    "meetings list": ("/meetings/", "Hanoi Dialogue"),
    "filtered meetings list": ("/meetings/?host=VN&year_from=2000", "Hanoi Dialogue"),
    "meeting": ("/meetings/hanoi-dialogue/", "Lan Nguyen"),
    "meeting calendar event": ("/meetings/hanoi-dialogue/calendar.ics", "Hanoi Dialogue"),
    "calendar": ("/meetings/calendar.ics", "Hanoi Dialogue"),
    "feed": ("/meetings/feed/", "Hanoi Dialogue"),
    "meetings CSV": ("/meetings/download.csv", "hanoi-dialogue"),
    "meetings JSON": ("/meetings/download.json?host=VN", "hanoi-dialogue"),
    "programmes list": ("/programmes/", "Clean Rivers Programme"),
    "programme": ("/programmes/clean-rivers/", "Hanoi Dialogue"),
    "programmes CSV": ("/programmes/download.csv", "clean-rivers"),
    "programmes JSON": ("/programmes/download.json", "clean-rivers"),
    "countries": ("/countries/", "Viet Nam"),
    "country": ("/countries/viet-nam/", "Clean Rivers Programme"),
    "person": ("/people/lan-nguyen/", "Hanoi Dialogue"),
    "organisation": ("/organisations/hanoi-institute/", "Hanoi Dialogue"),
    "search": ("/search/?q=Hanoi", "/meetings/hanoi-dialogue/"),
    "sitemap": ("/sitemap.xml", "http://testserver/"),
    "robots.txt": ("/robots.txt", "Sitemap:"),
}
# Streamed downloads: never kept whole in the shared cache (HTTP caching does the rest).
DOWNLOADS = ["meetings CSV", "meetings JSON", "programmes CSV", "programmes JSON"]
CACHED_PAGES = [name for name in PUBLIC_PAGES if name not in DOWNLOADS]


def test_the_middleware_is_installed():
    assert MIDDLEWARE in settings.MIDDLEWARE


# --- Hits --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_the_second_anonymous_request_is_a_hit_without_queries(
    client, record, name, django_assert_num_queries
):
    url, text = PUBLIC_PAGES[name]
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    first_body = body(first)
    assert text in first_body

    # Another visitor, as if on another app server: the cache is shared.
    with django_assert_num_queries(0):
        second = Client().get(url)
        second_body = body(second)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second_body == first_body
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("Content-Disposition") == first.get("Content-Disposition")
    # Headers of the inner middleware are replayed; validators and caching are set.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in second["Vary"]
    assert second["ETag"].startswith('"')
    assert second["Last-Modified"] == first["Last-Modified"]


def test_head_is_answered_from_the_page_get_cached(client, record):
    assert get(client, "/meetings/")[1] == "miss"
    response = client.head("/meetings/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_each_host_has_its_own_pages(client, record):
    """Pages hold absolute links (canonical URL, sitemap): one host's must not be served
    to another."""
    status, state, localhost = get(client, "/robots.txt", HTTP_HOST="localhost")
    assert (status, state) == (200, "miss")
    status, state, loopback = get(client, "/robots.txt", HTTP_HOST="127.0.0.1")
    assert (status, state) == (200, "miss")
    assert "http://localhost/sitemap.xml" in localhost
    assert "http://127.0.0.1/sitemap.xml" in loopback
    assert get(client, "/robots.txt", HTTP_HOST="localhost") == (200, "hit", localhost)


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


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


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


# --- What is never cached ----------------------------------------------------------------


def test_an_editor_previewing_a_draft_neither_gets_nor_fills_the_cache(
    client, editor_client, record
):
    MeetingFactory(title="Secret Draft", slug="secret-draft")
    preview = editor_client.get("/meetings/secret-draft/")
    assert preview.status_code == 200 and "Secret Draft" in body(preview)
    assert "X-Page-Cache" not in preview
    assert "no-cache" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    preview = editor_client.get("/meetings/secret-draft/")
    assert "X-Page-Cache" not in preview and "Secret Draft" in body(preview)
    # The public never sees it, whatever the editor did before.
    assert get(client, "/meetings/secret-draft/")[:2] == (404, None)
    assert get(client, "/meetings/secret-draft/")[:2] == (404, None)


def test_an_editor_is_never_served_a_cached_page(client, editor_client, record):
    assert get(client, "/meetings/hanoi-dialogue/")[1] == "miss"
    response = editor_client.get("/meetings/hanoi-dialogue/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    # Nor does an editor's page go into the cache.
    assert get(editor_client, "/programmes/")[1] is None
    assert get(client, "/programmes/")[1] == "miss"


def test_a_draft_never_enters_the_cache(client, record):
    MeetingFactory(title="Secret Draft", slug="secret-draft")
    for _ in range(2):
        assert get(client, "/meetings/secret-draft/")[:2] == (404, None)
        assert "Secret Draft" not in get(client, "/meetings/")[2]
        assert "Secret Draft" not in get(client, "/meetings/feed/")[2]
        assert "Secret Draft" not in get(client, "/meetings/download.csv")[2]
        assert "Secret Draft" not in get(client, "/search/?q=Secret")[2]


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_request_with_a_session_or_messages_cookie_is_not_cached(client, record, cookie):
    assert get(client, "/meetings/")[1] == "miss"
    client.cookies[cookie] = "something"
    assert get(client, "/meetings/")[1] is None
    assert get(client, "/meetings/")[1] is None


def test_the_admin_and_posts_are_not_cached(client, superuser_client, record):
    assert get(superuser_client, reverse("admin:index"))[1] is None
    response = client.get(reverse("admin:login"))
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.post("/meetings/", {})
    assert "X-Page-Cache" not in client.post("/search/", {"q": "Hanoi"})


def test_invalid_filters_show_the_form_errors_and_poison_nothing(client, record):
    status, state, page = get(client, "/meetings/?year_from=abc")
    assert (status, state) == (200, "miss")
    assert "Enter a whole number" in page
    assert get(client, "/meetings/?year_from=abc") == (200, "hit", page)
    status, state, page = get(client, "/meetings/")
    assert state == "miss" and "Enter a whole number" not in page and "Hanoi Dialogue" in page
    status, state, page = get(client, "/programmes/?theme=nope&country=ZZ")
    assert status == 200 and "Clean Rivers" not in page
    assert "Clean Rivers" in get(client, "/programmes/")[2]
    # Error answers are never kept.
    for url in ("/meetings/calendar.ics?year_from=x", "/meetings/download.csv?year_from=x"):
        assert get(client, url)[:2] == (400, None)
        assert get(client, url)[:2] == (400, None)
    for url in ("/meetings/?page=99", "/meetings/nowhere/", "/people/nobody/"):
        assert get(client, url)[:2] == (404, None)


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_page_cache_can_be_turned_off(client, record):
    assert get(client, "/meetings/")[1] is None
    assert get(client, "/meetings/")[1] is None


@override_settings(PAGE_CACHE_MAX_BYTES=100)
def test_a_page_larger_than_the_limit_is_served_but_not_kept(client, record):
    assert get(client, "/meetings/")[1] == "miss"
    assert get(client, "/meetings/")[1] == "miss"
    assert get(client, "/meetings/download.csv")[1] == "miss"
    assert get(client, "/meetings/download.csv")[1] == "miss"


@pytest.mark.parametrize(
    "backend",
    ["django.core.cache.backends.redis.RedisCache", "dialogues_site.cache.GuardedRedisCache"],
)
def test_pages_are_served_when_the_cache_is_down(client, record, backend):
    unreachable = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=unreachable):
        status, state, page = get(client, "/meetings/")
    assert status == 200 and "Hanoi Dialogue" in page
    assert state in (None, "miss")


def test_with_the_real_redis_cache(client, record):
    """Entries and the version survive the trip through Redis (pickled), db 6."""
    redis = {
        "default": {
            "BACKEND": "dialogues_site.cache.GuardedRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/6",
            "KEY_PREFIX": "page-cache-test",
        }
    }
    with override_settings(CACHES=redis):
        cache.clear()
        try:
            assert get(client, "/meetings/hanoi-dialogue/")[1] == "miss"
            assert get(client, "/meetings/hanoi-dialogue/")[1] == "hit"
            first = get(client, "/meetings/")
            assert first[1] == "miss"
            assert get(Client(), "/meetings/") == (200, "hit", first[2])
            MeetingFactory(title="Danang Dialogue", published=True)
            status, state, page = get(client, "/meetings/")
            assert state == "miss" and "Danang Dialogue" in page
        finally:
            cache.clear()


# --- Conditional GET ---------------------------------------------------------------------


def test_if_none_match_gets_a_304(client, record, django_assert_num_queries):
    first = client.get("/meetings/")
    etag = first["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["X-Page-Cache"] == "hit"
    assert client.head("/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/meetings/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_if_modified_since_gets_a_304(client, record):
    last_modified = client.get("/meetings/")["Last-Modified"]
    response = client.get("/meetings/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    assert response["Last-Modified"] == last_modified


def test_the_first_request_of_a_page_can_be_a_304_too(client, record):
    """After an unrelated change the page is rendered again; same body, same ETag."""
    etag = client.get("/robots.txt")["ETag"]
    MeetingFactory(title="Unrelated draft")
    response = client.get("/robots.txt", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response["X-Page-Cache"]) == (304, "miss")


def test_a_change_gives_a_new_etag_and_a_full_answer(client, record, now):
    first = client.get("/meetings/")
    meeting = record["meeting"]
    meeting.title = "Hue Dialogue"
    with time_machine.travel(now + datetime.timedelta(seconds=2)):
        meeting.save()
        response = client.get(
            "/meetings/",
            HTTP_IF_NONE_MATCH=first["ETag"],
            HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        )
    assert response.status_code == 200
    assert "Hue Dialogue" in body(response)
    assert response["ETag"] != first["ETag"]
    # Without an ETag, the date alone says the page changed.
    with time_machine.travel(now + datetime.timedelta(seconds=5)):
        meeting.save()
        again = client.get("/meetings/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 200


def test_no_conditional_answer_for_an_editor(editor_client, record):
    response = editor_client.get("/meetings/")
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_the_queries_of_a_miss_are_the_views_own(client, record, django_assert_num_queries):
    """With the version known, a miss costs the view's queries and nothing more."""
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as uncached:
        client.get("/meetings/hanoi-dialogue/")
    with django_assert_num_queries(len(uncached.captured_queries)):
        assert client.get("/meetings/hanoi-dialogue/")["X-Page-Cache"] == "miss"
    # With the cache emptied (Redis restarted), one query more finds the next publish time.
    cache.clear()
    with django_assert_num_queries(len(uncached.captured_queries) + 1):
        assert client.get("/meetings/hanoi-dialogue/")["X-Page-Cache"] == "miss"


# --- Downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_is_streamed_never_kept_and_revalidated_without_rendering(
    client, record, name, django_assert_num_queries
):
    url, text = PUBLIC_PAGES[name]
    first = client.get(url)
    assert (first.status_code, first["X-Page-Cache"], first.streaming) == (200, "miss", True)
    first_body = body(first)
    assert text in first_body
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60"
    # Nothing of it in the cache: the next visitor's copy is streamed again.
    assert not [key for key in cache._cache if page_cache.PAGE_KEY_PREFIX in key]
    again = Client().get(url)
    assert (again["X-Page-Cache"], again["ETag"]) == ("miss", etag)
    assert body(again) == first_body
    # A client holding this version's copy: a 304, from the version alone.
    with django_assert_num_queries(0):
        response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response["X-Page-Cache"]) == (304, "revalidated")
    assert response["ETag"] == etag and response.content == b""
    # A change of the record: a new tag, the whole file.
    MeetingFactory(title="Danang Dialogue", published=True)
    response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
