"""The shared cache cannot be turned against the site (issue 11, findings 1, 2 and 8).

- Random query parameters and Host port variants do not multiply the page cache's entries:
  a page is kept once per canonical address, and each content version has a budget.
- A Redis that is full (``maxmemory`` with ``noeviction``), paused or stopped (a real
  ``redis-server`` started here on a free port) leaves every public page answering 200,
  signing in working (cached_db sessions fall back to the database), an edit visible on
  the next request, and /healthz answering 503 "cache": "failed".
- ``Cache-Control: max-age`` says nothing about a scheduled publish time.
"""

import datetime
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from core.models import PublicationStatus
from dialogues_site import page_cache
from tests.factories import MeetingFactory
from tests.site.page_cache_helpers import PUBLIC_PAGES, body, make_record

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PASSWORD = "a-long-test-password"


@pytest.fixture
def record():
    return make_record()


def page_entries():
    """The page cache's entries in the (local memory) cache of the tests."""
    return [key for key in cache._cache if page_cache.PAGE_KEY_PREFIX in key]


def random_value():
    return secrets.token_hex(6)


# --- Canonical addresses -------------------------------------------------------------------


def test_a_thousand_addresses_with_random_parameters_leave_a_handful_of_entries(client, record):
    pages = ["/", "/meetings/", "/meetings/hanoi-dialogue/", "/programmes/", "/robots.txt"]
    for n in range(1000):
        page = pages[n % len(pages)]
        response = client.get(f"{page}?utm_x={random_value()}&fbclid={random_value()}&page=")
        assert response.status_code == 200
    assert len(page_entries()) <= len(pages)
    # And the thousandth was served from the cache.
    assert response["X-Page-Cache"] == "hit"


def test_the_page_rendered_is_the_canonical_page(client, record):
    """A parameter the page does not read is dropped before the view: not in its links,
    and the same entry as the address without it, whatever the order and empty values."""
    canonical = client.get("/meetings/?host=VN&year_from=2000")
    assert canonical["X-Page-Cache"] == "miss"
    page = body(canonical)
    for url in (
        "/meetings/?year_from=2000&host=VN&utm_source=mail",
        "/meetings/?utm_source=x&host=&host=VN&year_from=2000&q=&page=",
        "/meetings/?host=%20VN%20&year_from=2000",
    ):
        response = Client().get(url)
        assert (response.status_code, response["X-Page-Cache"]) == (200, "hit"), url
        assert body(response) == page
    assert "utm_source" not in page
    assert len(page_entries()) == 1
    # What the page reads still makes its own page.
    assert Client().get("/meetings/?host=VN&year_from=2000&page=2").status_code == 404
    assert Client().get("/search/?q=Hanoi&utm=1")["X-Page-Cache"] == "miss"
    assert Client().get("/search/?q=Hanoi")["X-Page-Cache"] == "hit"
    assert "/meetings/hanoi-dialogue/" in body(Client().get("/search/?q=Hanoi&x=2"))


def test_host_port_and_case_variants_do_not_multiply_entries(client, record):
    """Django's ALLOWED_HOSTS ignores the port and the letter case: every variant would be
    an entry. Only the site's names as listed (and the port the server listens on) are."""
    variants = [f"testserver:{port}" for port in range(8001, 8101)]
    variants += ["TestServer", "TESTSERVER:8080", "testserver."]
    for host in variants:
        response = client.get("/robots.txt", HTTP_HOST=host)
        assert response.status_code == 200
        assert f"http://{host}/sitemap.xml" in body(response)  # its own links, uncached
    assert page_entries() == []
    assert client.get("/robots.txt")["X-Page-Cache"] == "miss"
    assert client.get("/robots.txt", HTTP_HOST="testserver:80")["X-Page-Cache"] == "miss"
    assert client.get("/robots.txt")["X-Page-Cache"] == "hit"
    assert len(page_entries()) == 2


@override_settings(PAGE_CACHE_MAX_ENTRIES=3)
def test_a_version_stores_no_more_entries_than_its_budget(client, record):
    for n in range(10):
        response = client.get(f"/search/?q=Hanoi{n}")
        assert response.status_code == 200
    assert len(page_entries()) == 3
    # Beyond the budget pages are served uncached; a change of the record renews it.
    assert client.get("/search/?q=Hanoi9")["X-Page-Cache"] == "miss"
    MeetingFactory(title="Danang Dialogue", published=True)
    client.get("/search/?q=Hanoi9")
    assert client.get("/search/?q=Hanoi9")["X-Page-Cache"] == "hit"


@override_settings(PAGE_CACHE_VERSION_BYTES=30_000)
def test_a_version_stores_no_more_bytes_than_its_budget(client, record):
    for n in range(20):
        assert client.get(f"/search/?q=Hanoi{n}").status_code == 200
    stored = [cache.get(key.split(":", 2)[2]) for key in page_entries()]
    assert 0 < sum(len(entry["content"]) for entry in stored) <= 30_000


# --- Scheduled publishing ------------------------------------------------------------------


def test_max_age_does_not_reveal_a_scheduled_publish_time(client, record):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        plain = client.get("/meetings/")["Cache-Control"]
        for seconds in (5, 17, 42):
            MeetingFactory(
                status=PublicationStatus.PUBLISHED,
                published_at=now + datetime.timedelta(seconds=seconds),
            )
            for url in ("/meetings/", "/", "/meetings/download.csv"):
                assert client.get(url)["Cache-Control"] == plain == "public, max-age=60"


# --- A real Redis: full, paused, stopped ---------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def small_redis():
    """A redis-server of this test only: 3 MB, refusing writes when full (noeviction)."""
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("REQUIRE_SCALE_OUT") == "1":
            pytest.fail(f"redis-server is missing ({REDIS_SERVER}) and REQUIRE_SCALE_OUT=1")
        pytest.skip(f"needs redis-server ({REDIS_SERVER}) to start a Redis of its own")
    import redis

    port = free_port()
    folder = tempfile.mkdtemp(prefix="small-redis-")
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        [
            REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--maxmemory", "3mb", "--maxmemory-policy", "noeviction",
            "--dir", folder,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port, socket_timeout=5)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    caches = {
        "default": {
            # As in production (dialogues_site/settings.py), on this Redis.
            "BACKEND": "dialogues_site.cache.GuardedRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "bounds-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_after": 5},
        }
    }
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        page_cache.new_version(next_publish=page_cache.NOTHING_SCHEDULED)
        try:
            yield {"client": client, "process": process}
        finally:
            process.kill()
            process.wait()
            shutil.rmtree(folder, ignore_errors=True)


def fill(redis_client):
    """Write until Redis refuses (OutOfMemoryError); how many bytes it took.

    Then ``maxmemory`` is lowered a little below what is used, so that Redis stays full:
    the few bytes a deleted key frees (the page cache drops a version it cannot renew)
    would otherwise let the next small write in, as it would at the edge of the limit."""
    import redis

    written = 0
    for n in range(1000):
        try:
            redis_client.set(f"filler:{n}", b"x" * 64 * 1024)
        except redis.exceptions.OutOfMemoryError:
            used = redis_client.info("memory")["used_memory"]
            redis_client.config_set("maxmemory", used - 256 * 1024)
            return written
        written += 64 * 1024
    raise AssertionError("Redis never refused a write")


def assert_every_public_page_answers(expected_text=True):
    for name, (url, text) in PUBLIC_PAGES.items():
        for _ in range(2):
            response = Client().get(url)
            assert response.status_code == 200, f"{name}: {response.status_code}"
            if expected_text:
                assert text in body(response), name


def health(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def sign_in(django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    browser = Client()
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": "chief", "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert browser.get("/admin/").status_code == 200
    return browser


def test_a_full_redis_leaves_every_public_page_answering(
    client, record, small_redis, django_user_model
):
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    assert client.get("/meetings/hanoi-dialogue/")["X-Page-Cache"] == "miss"
    assert client.get("/meetings/hanoi-dialogue/")["X-Page-Cache"] == "hit"

    assert fill(small_redis["client"]) > 0
    assert_every_public_page_answers()
    # Random addresses, all answered.
    for _ in range(50):
        assert client.get(f"/meetings/?utm={random_value()}").status_code == 200
        assert client.get(f"/search/?q={random_value()}").status_code == 200
    status, answer = health(client)
    assert (status, answer["cache"], answer["database"]) == (503, "failed", "ok")
    # Signing in works from the database sessions.
    sign_in(django_user_model)
    # An edit cannot write the new version to a full Redis: the old version is dropped,
    # so no page from before the edit is served.
    meeting = record["meeting"]
    meeting.title = "Hue Dialogue"
    meeting.save()
    page = body(client.get("/meetings/hanoi-dialogue/"))
    assert "Hue Dialogue" in page and "Hanoi Dialogue" not in page

    # Room again: the page cache works again, and /healthz says so.
    small_redis["client"].delete(*[f"filler:{n}" for n in range(1000)])
    assert health(client)[0] == 200
    client.get("/meetings/hanoi-dialogue/")
    assert client.get("/meetings/hanoi-dialogue/")["X-Page-Cache"] == "hit"


def test_a_stopped_redis_leaves_every_public_page_answering(
    client, record, small_redis, django_user_model
):
    client.get("/meetings/")
    small_redis["process"].kill()
    small_redis["process"].wait()
    assert_every_public_page_answers()
    status, answer = health(client)
    assert (status, answer["cache"], answer["database"]) == (503, "failed", "ok")
    browser = sign_in(django_user_model)
    assert browser.get("/meetings/").status_code == 200
    meeting = record["meeting"]
    meeting.title = "Hue Dialogue"
    meeting.save()  # the signal's cache writes fail quietly
    assert "Hue Dialogue" in body(client.get("/meetings/hanoi-dialogue/"))


def test_a_paused_redis_costs_time_not_errors(client, record, small_redis):
    """A Redis that does not answer within the socket timeout (CLIENT PAUSE)."""
    client.get("/meetings/")
    pauser = small_redis["client"]
    pause = threading.Thread(target=pauser.execute_command, args=("CLIENT", "PAUSE", 5000, "ALL"))
    pause.start()
    pause.join()
    for url in ("/meetings/", "/", "/search/?q=Hanoi", "/robots.txt"):
        assert client.get(url).status_code == 200
    assert health(client)[1]["cache"] == "failed"
