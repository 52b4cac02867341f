"""In this process: /healthz (one query, no session, no caching, reads only, the host
checked), the 503 page of a database outage (alone, from a view or a middleware; a
programming error stays a 500), and the JSON log lines the production profile writes.
"""

import json
import logging
import sys

import pytest
from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.template.loader import get_template
from django.test import RequestFactory

from dialogues_site.logs import JsonFormatter

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
