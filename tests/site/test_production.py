"""The production profile: gunicorn with gunicorn.conf.py, WhiteNoise's hashed and
compressed static files, the Redis cache and sessions, JSON logs, /healthz and the 503
page of an outage.

Real parts: the servers are real gunicorn processes started with the same command an
operator uses, in production mode; the broken database and cache are real addresses
where nothing listens. Three servers share the module (one sound, one whose database is
down, one whose cache is down) and start together once collectstatic has run (WhiteNoise
reads the static root as a worker boots). Settings are read in fresh interpreters,
because they are read once at import.
"""

import gzip
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.template.loader import get_template
from django.test import RequestFactory

from dialogues_site.logs import JsonFormatter

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_TEST_URL = "redis://127.0.0.1:6379/5"

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-for-the-tests-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}
# What the TLS-ending proxy adds to every request it forwards.
THROUGH_PROXY = {"X-Forwarded-Proto": "https"}
TEN_YEARS = "max-age=315360000"


def clean_env(**overrides):
    """The current environment without the site's or gunicorn's variables."""
    dropped = {"DATABASE_URL", "REDIS_URL", "PORT", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "IMPORT_EXPORT_")) and key not in dropped
    }
    env.update(overrides)
    return env


def unused_port():
    """A loopback port nothing listens on (bound by the kernel, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


# --- Settings from the environment ------------------------------------------------------

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
cache = settings.CACHES["default"]
print(json.dumps({
    "cache": cache["BACKEND"],
    "location": cache.get("LOCATION"),
    "prefix": cache.get("KEY_PREFIX"),
    "sessions": settings.SESSION_ENGINE,
    "import_storage": settings.IMPORT_EXPORT_TMP_STORAGE_CLASS,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "log_stream": settings.LOGGING["handlers"]["console"]["stream"],
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
}))
"""


def settings_under(module="dialogues_site.settings", **env):
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE=module, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_the_cache_is_per_process_and_static_files_stay_where_they_are():
    values = settings_under()

    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["import_storage"] == "import_export.tmp_storages.TempFolderStorage"
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["log_formatter"] == "text"


def test_redis_url_selects_the_shared_cache_sessions_and_import_storage():
    values = settings_under(
        REDIS_URL="redis://cache.internal:6379/2",
        DJANGO_CACHE_KEY_PREFIX="dialogue-a",
        DATABASE_URL="postgres://someone@db.internal:5432/dialogues",
    )

    # Redis behind a guard: a full or absent Redis costs speed, never an error page.
    assert values["cache"] == "dialogues_site.cache.GuardedRedisCache"
    assert values["location"] == "redis://cache.internal:6379/2"
    assert values["prefix"] == "dialogue-a"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    # The import's confirm may land on another app server than its preview.
    assert values["import_storage"] == "import_export.tmp_storages.CacheStorage"
    # A PostgreSQL that does not answer fails a request in seconds (the 503 page).
    assert values["db_options"]["connect_timeout"] == 5


def test_production_mode_serves_hashed_compressed_static_files_and_logs_json():
    values = settings_under(**PRODUCTION)

    assert values["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["log_formatter"] == "json"
    # A command's stdout is its output (export_records streams a CSV there); only the
    # app server logs to stdout (gunicorn.conf.py, checked with the servers below).
    assert values["log_stream"] == "ext://sys.stderr"


def test_the_test_settings_never_use_a_shared_redis_or_the_manifest():
    values = settings_under(
        "dialogues_site.settings_test", REDIS_URL="redis://cache.internal:6379/2", **PRODUCTION
    )

    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["import_storage"] == "import_export.tmp_storages.TempFolderStorage"
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_whitenoise_comes_right_after_the_security_middleware():
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


# --- /healthz and the 503 page, in this process ----------------------------------------


@pytest.mark.django_db
def test_healthz_answers_with_one_query_no_session_and_no_caching(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):  # SELECT 1, and no write
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_still_checks_the_host(client):
    # docs/deploy.md: a probe by IP address needs that address in DJANGO_ALLOWED_HOSTS
    # (or the site's name as its Host header).
    client.raise_request_exception = False
    assert client.get("/healthz", HTTP_HOST="10.0.0.11").status_code == 400


@pytest.mark.django_db
def test_healthz_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_503_template_renders_alone(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = get_template("503.html").render()

    assert "<h1>The site is briefly unavailable</h1>" in page
    assert "<title>Briefly unavailable | Japan-ASEAN Dialogue on Environmental" in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert "{%" not in page and "{{" not in page


@pytest.mark.django_db
def test_a_connection_lost_during_a_page_is_the_503_page(client, monkeypatch):
    # A connection dropped mid-request (InterfaceError) cannot be produced on demand;
    # a refused connection is produced for real by the servers below.
    def lost(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("search.engine.search", lost)

    response = client.get("/search/", {"q": "mercury"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "<h1>The site is briefly unavailable</h1>" in page
    assert "connection already closed" not in page and "Traceback" not in page


@pytest.mark.django_db
def test_a_programming_error_is_still_a_500_not_an_outage(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ProgrammingError('relation "meetings_meeting" does not exist')

    monkeypatch.setattr("search.engine.search", broken)
    client.raise_request_exception = False

    response = client.get("/search/", {"q": "mercury"})

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


@pytest.mark.django_db
def test_an_outage_raised_in_a_middleware_is_the_503_page_too(client, monkeypatch):
    # Outside a view, process_exception never sees it: handler500 answers instead.
    def lost(self, request):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", lost
    )
    client.raise_request_exception = False

    response = client.get("/meetings/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "could not connect" not in response.content.decode()


# --- The JSON log formatter -------------------------------------------------------------


def test_json_log_lines_carry_the_request_and_the_exception():
    request = RequestFactory().get("/meetings/", {"q": "water"})
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/meetings/",),
            sys.exc_info(),
            extra={"request": request, "status_code": 500, "worker": object()},
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line  # one line, whatever the traceback
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /meetings/"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/meetings/", 500)
    assert entry["time"].endswith("+00:00")
    assert "ValueError: boom" in entry["exception"]
    assert entry["worker"].startswith("<object object")  # any value still makes a line


def test_json_log_lines_without_a_request_have_the_four_keys():
    record = logging.makeLogRecord(
        {"name": "dialogues_site.health", "levelno": 30, "levelname": "WARNING", "msg": "hi"}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert set(entry) == {"time", "level", "logger", "message"}


# --- Real gunicorn servers ----------------------------------------------------------------


class Server:
    """A gunicorn process started as an operator starts it, its output in files."""

    def __init__(self, name, env, folder):
        self.name = name
        self.port = unused_port()
        self.stdout_path = folder / f"{name}.stdout"
        self.stderr_path = folder / f"{name}.stderr"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [str(GUNICORN), "-c", "gunicorn.conf.py", "dialogues_site.wsgi"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=out,
                stderr=err,
            )

    def output(self):
        return self.stdout_path.read_text() + self.stderr_path.read_text()

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn ({self.name}) exited:\n{self.output()}")
            try:
                status = self.get("/healthz")[0]
            except OSError:
                time.sleep(0.1)
                continue
            if status in (200, 503):
                return
        pytest.fail(f"gunicorn ({self.name}) did not answer:\n{self.output()}")

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def log_entries(self):
        """stdout, every line a JSON object (the test fails on any other line)."""
        return [json.loads(line) for line in self.stdout_path.read_text().splitlines() if line]

    def wait_for_exit(self):
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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
