"""The shared page cache (dialogues_site/page_cache.py) serving: the second anonymous
request of a public page is a hit with no query, for every visitor, host by host; drafts,
signed-in editors, the admin, posts and error answers never go through it; it can be
turned off, bounds what it keeps and serves pages with the cache down; conditional GET
answers 304, and downloads are streamed, never kept, and revalidated from the version.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues_site import page_cache
from tests.admin_forms import body
from tests.factories import MeetingFactory
from tests.site.page_cache_helpers import CACHED_PAGES, DOWNLOADS, PUBLIC_PAGES, get, make_record

pytestmark = pytest.mark.django_db

MIDDLEWARE = "dialogues_site.page_cache.PageCacheMiddleware"


@pytest.fixture
def record():
    return make_record()


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
