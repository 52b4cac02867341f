"""Public downloads when there is nothing to give: a site with nothing published
downloads empty lists, and a database outage is the 503 page (in the visitor's
language, with Retry-After), never a broken or truncated file.
"""

import pytest
from django.db import connection
from django.db.utils import OperationalError

from tests.exchange.download_helpers import json_rows
from tests.factories import MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_an_empty_record_downloads_empty_lists(client):
    """A site with nothing published downloads empty files, not errors."""
    assert json_rows(client, "/meetings/download.json") == []
    assert json_rows(client, "/programmes/download.json") == []


# --- A database outage ------------------------------------------------------------------


def refuse(execute, sql, params, many, context):
    """Every query fails as it does when PostgreSQL is down or restarting."""
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/download.csv",
        "/meetings/download.json",
        "/ja/meetings/download.csv",
        "/programmes/download.csv",
        "/programmes/download.json",
    ],
)
def test_a_database_outage_is_the_503_page_not_a_broken_stream(client, url):
    """The first rows are read in the view, where the outage middleware answers with the
    503 page; read inside the stream, the failure came after the 200 had been decided
    and the app server answered a bare 500 (or cut the file short)."""
    MeetingFactory(published=True)
    ProgrammeFactory(published=True)
    client.raise_request_exception = False

    with connection.execute_wrapper(refuse):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Disposition" not in response
    page = content.decode()
    if url.startswith("/ja/"):
        assert '<html lang="ja">' in page and "<h1>" in page  # the page in Japanese
    else:
        assert "<h1>The site is briefly unavailable</h1>" in page
    assert "Connection refused" not in page
    # And once the database is back, the same address is the file again.
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
