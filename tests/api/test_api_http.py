"""The API as a good citizen: CORS open for reading, validators and 304s from the content
version, answers from the shared page cache keyed on every parameter the API reads and
renewed the instant the record changes, a schema that validates, and the links to the
API from the public pages."""

import re

import pytest
from openapi_spec_validator import validate

from core.models import PublicationStatus
from tests.api.conftest import get_json
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://researcher.example"}


def test_any_origin_may_read_the_api(client, record):
    response = client.get("/api/v1/meetings/", **ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    cached = client.get("/api/v1/meetings/", **ORIGIN)
    assert cached["X-Page-Cache"] == "hit"
    assert cached["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_allows_reading_only(client, record):
    response = client.options(
        "/api/v1/meetings/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **ORIGIN
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_pages_get_no_cors_headers(client, record):
    assert "Access-Control-Allow-Origin" not in client.get("/meetings/", **ORIGIN)


def test_writing_is_refused(client, record):
    assert client.post("/api/v1/meetings/", {}).status_code == 405
    assert client.delete("/api/v1/meetings/third-dialogue/").status_code == 405


def test_validators_and_a_304(client, record):
    first = client.get("/api/v1/meetings/")
    assert first["X-Page-Cache"] == "miss"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/meetings/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    MeetingFactory(slug="new-meeting", published=True)
    changed = client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "new-meeting" in changed.content.decode()


def test_publishing_shows_in_the_cached_list_at_once(client, record):
    draft = MeetingFactory(slug="just-published")
    for url in ("/api/v1/meetings/", "/api/v1/meetings/?host=VN", "/api/v1/people/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert "just-published" not in client.get("/api/v1/meetings/").content.decode()
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    response = client.get("/api/v1/meetings/")
    assert response["X-Page-Cache"] == "miss"
    assert "just-published" in response.content.decode()


@pytest.mark.parametrize(
    "other",
    [
        "?page_size=1",
        "?expand=series",
        "?ordering=oldest",
        "?host=VN",
        "?year_from=2009",
        "?cursor={cursor}",
    ],
)
def test_the_cache_key_holds_every_parameter_the_api_reads(client, record, other):
    first = get_json(client, "/api/v1/meetings/?page_size=1")
    other = other.format(cursor=first["next"].split("cursor=")[1].split("&")[0])
    plain = client.get("/api/v1/meetings/")
    variant = client.get(f"/api/v1/meetings/{other}")
    assert variant.status_code == 200
    assert variant.content != plain.content, other


def test_a_parameter_the_api_does_not_read_is_not_a_new_entry(client, record):
    client.get("/api/v1/meetings/")
    assert client.get("/api/v1/meetings/?utm_source=x")["X-Page-Cache"] == "hit"


def test_the_schema_validates_and_names_every_endpoint(client, record):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = set(schema["paths"])
    for segment in (
        "series", "meetings", "participations", "people", "organisations", "countries",
        "programmes", "discussions", "themes", "funds", "documents",
    ):  # fmt: skip
        assert f"/api/v1/{segment}/" in paths, segment
    parameters = {p["name"] for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    assert {"q", "series", "host", "country", "year_from", "ordering", "cursor"} <= parameters
    assert {"page_size", "expand", "person", "organisation", "theme"} <= parameters
    assert client.get("/api/v1/schema/?format=yaml").content.startswith(b"openapi:")


def test_the_docs_page_runs_from_static_files_only(client, record):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert 'data-schema-url="/api/v1/schema/"' in html
    assert "/static/api/docs-init.js" in html
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(src).status_code == 200, src
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


ALTERNATES = {
    "/meetings/?host=VN&page=1": "/api/v1/meetings/?host=VN",
    "/ja/meetings/third-dialogue/": "/api/v1/meetings/third-dialogue/",
    "/programmes/?theme=biodiversity": "/api/v1/programmes/?theme=biodiversity",
    "/programmes/mangroves/": "/api/v1/programmes/mangroves/",
    "/documents/?kind=agenda": "/api/v1/documents/?kind=agenda",
    "/countries/": "/api/v1/countries/",
    "/countries/viet-nam/": "/api/v1/countries/VN/",
    "/people/nguyen-van-a/": "/api/v1/people/nguyen-van-a/",
    "/organisations/monre/": "/api/v1/organisations/monre/",
}


# (Not "page": pytest-playwright would take the test for a browser test.)
@pytest.mark.parametrize("address", list(ALTERNATES))
def test_each_public_page_links_its_api_equivalent(client, record, address):
    html = client.get(address).content.decode()
    href = f"http://testserver{ALTERNATES[address]}".replace("&", "&amp;")
    assert f'<link rel="alternate" type="application/json" href="{href}">' in html
    target = ALTERNATES[address]
    assert client.get(target).status_code == 200


@pytest.mark.parametrize(
    "address, label", [("/", "Open data (API)"), ("/ja/", "オープンデータ（API）")]
)
def test_every_page_links_the_api_docs_in_its_footer(client, record, address, label):
    html = client.get(address).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'<a href="/api/v1/docs/">{label}</a>' in footer
    assert 'type="application/json"' not in html  # the home page has no API equivalent
