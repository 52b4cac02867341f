"""Real gunicorn servers started with the command an operator uses, in production mode:
/healthz over plain HTTP, HTTPS redirects, the 503 page of a database outage, WhiteNoise's
hashed and compressed static files, and JSON lines on stdout with the access log.

Three servers share the module (one sound, one whose database is down, one whose cache
is down: real addresses where nothing listens) and start together once collectstatic
has run (WhiteNoise reads the static root as a worker boots).
"""

import gzip
import json
import os
import subprocess
import sys
import time

import brotli
import pytest
from django.db import connection

from tests.site.process_helpers import (
    PRODUCTION,
    PROJECT_DIR,
    THROUGH_PROXY,
    Server,
    clean_env,
    unused_port,
)

REDIS_TEST_URL = "redis://127.0.0.1:6379/5"
TEN_YEARS = "max-age=315360000"


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


def database_url_for_servers(folder):
    """The test database on PostgreSQL (created by pytest-django); on SQLite a file."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{folder / 'servers.sqlite3'}"


@pytest.fixture(scope="module")
def servers(tmp_path_factory, django_db_setup):
    folder = tmp_path_factory.mktemp("production")
    static_root = folder / "static"
    database_url = database_url_for_servers(folder)
    base = clean_env(
        **PRODUCTION,
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_CONN_MAX_AGE="0",  # the test database is dropped at the end of the run
        WEB_CONCURRENCY="1",
    )
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        env=base,
        check=True,
        capture_output=True,
        timeout=180,
    )
    started = {
        # Nothing listens on these ports: the connection is refused, as when the server
        # is down or restarting.
        "database_down": Server(
            "database_down",
            {**base, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{unused_port()}/gone"},
            folder,
        ),
        "cache_down": Server(
            "cache_down",
            {
                **base,
                "DATABASE_URL": database_url,
                "REDIS_URL": f"redis://127.0.0.1:{unused_port()}/0",
            },
            folder,
        ),
    }
    try:
        sound = {**base, "DATABASE_URL": database_url, "WEB_CONCURRENCY": "2"}
        if redis_answers():
            sound.update(REDIS_URL=REDIS_TEST_URL, DJANGO_CACHE_KEY_PREFIX=f"test-{os.getpid()}")
        started["sound"] = Server("sound", sound, folder)
        for server in started.values():
            server.wait_until_ready()
        yield {**started, "static_root": static_root, "redis": "REDIS_URL" in sound}
    finally:
        for server in started.values():
            server.process.terminate()  # all at once: each shuts down gracefully
        for server in started.values():
            server.wait_for_exit()


def test_gunicorn_healthz_is_ok_over_plain_http(servers):
    server = servers["sound"]

    status, headers, body = server.get("/healthz")  # no X-Forwarded-Proto: a probe

    assert status == 200, server.output()
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in headers["Cache-Control"]
    assert headers.get("Set-Cookie") is None


def test_gunicorn_checks_the_shared_redis_when_there_is_one(servers):
    if not servers["redis"]:
        pytest.skip("no Redis answering at 127.0.0.1:6379")
    import redis

    servers["sound"].get("/healthz")

    client = redis.Redis.from_url(REDIS_TEST_URL)
    # Django's key: KEY_PREFIX:version:key; the prefix is this run's own.
    assert list(client.scan_iter(f"test-{os.getpid()}:1:healthz:*"))


def test_gunicorn_redirects_other_plain_http_requests_to_https(servers):
    status, headers, _ = servers["sound"].get("/")

    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/"


def test_gunicorn_healthz_names_the_database_when_it_is_down(servers):
    status, headers, body = servers["database_down"].get("/healthz")

    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "failed", "cache": "ok"}
    assert "no-store" in headers["Cache-Control"]


def test_gunicorn_healthz_names_the_cache_when_it_is_down(servers):
    status, _, body = servers["cache_down"].get("/healthz")

    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "ok", "cache": "failed"}


def test_a_database_outage_is_the_503_page_not_a_traceback(servers):
    server = servers["database_down"]

    status, headers, body = server.get("/", THROUGH_PROXY)

    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "<h1>The site is briefly unavailable</h1>" in page
    for leak in ("Traceback", "OperationalError", "5432", "127.0.0.1:"):
        assert leak not in page
    # The operator's side: one JSON line naming the failure and the request.
    outage = [e for e in server.log_entries() if e["logger"] == "dialogues_site.unavailable"]
    assert outage and outage[-1]["path"] == "/" and outage[-1]["status"] == 503
    assert "OperationalError" in outage[-1]["message"]


def test_static_files_have_hashed_names_far_future_headers_and_compression(servers):
    server = servers["sound"]
    manifest = json.loads((servers["static_root"] / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    original = (PROJECT_DIR / "static/css/site.css").read_bytes()

    status, headers, body = server.get(f"/static/{hashed}", {**THROUGH_PROXY})
    assert status == 200
    assert body == original
    assert TEN_YEARS in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith("text/css")

    status, headers, body = server.get(
        f"/static/{hashed}", {**THROUGH_PROXY, "Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original
    assert "Accept-Encoding" in headers["Vary"]

    status, headers, body = server.get(
        f"/static/{hashed}", {**THROUGH_PROXY, "Accept-Encoding": "br"}
    )
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == original

    # The error pages (500, 503) link the plain name: it is served too, briefly cached.
    status, headers, body = server.get("/static/css/site.css", THROUGH_PROXY)
    assert status == 200 and body == original
    assert "immutable" not in headers["Cache-Control"]


def test_pages_link_the_hashed_files(servers):
    server = servers["sound"]
    manifest = json.loads((servers["static_root"] / "staticfiles.json").read_text())["paths"]

    status, _, body = server.get("/no-such-page/", THROUGH_PROXY)

    assert status == 404
    assert f'href="/static/{manifest["css/site.css"]}"' in body.decode()


def test_the_admin_and_import_export_files_work_under_the_manifest(servers):
    server = servers["sound"]
    manifest = json.loads((servers["static_root"] / "staticfiles.json").read_text())["paths"]

    status, _, body = server.get("/admin/login/", THROUGH_PROXY)
    assert status == 200
    assert f'href="/static/{manifest["admin/css/base.css"]}"' in body.decode()

    # The import page's own files (it needs a signed-in editor; its template names these).
    for name in ("admin/css/base.css", "import_export/import.css", "import_export/guess_format.js"):
        status, headers, _ = server.get(f"/static/{manifest[name]}", THROUGH_PROXY)
        assert status == 200, name
        assert TEN_YEARS in headers["Cache-Control"]


def test_every_line_gunicorn_writes_to_stdout_is_json_with_the_access_log(servers):
    server = servers["sound"]
    server.get("/healthz?probe=1", {"User-Agent": "load-balancer"})

    # gunicorn writes the access line once the answer is sent: wait for it, briefly.
    for _ in range(50):
        entries = server.log_entries()  # json.loads fails on any line that is not JSON
        probe = [e for e in entries if e["logger"] == "gunicorn.access" and e["query"] == "probe=1"]
        if probe:
            break
        time.sleep(0.1)

    assert any(e["logger"] == "gunicorn.error" and "Listening at" in e["message"] for e in entries)
    assert len(probe) == 1
    assert probe[0]["method"] == "GET" and probe[0]["path"] == "/healthz"
    assert probe[0]["status"] == 200 and probe[0]["user_agent"] == "load-balancer"
    assert isinstance(probe[0]["duration_ms"], float) and probe[0]["level"] == "INFO"
