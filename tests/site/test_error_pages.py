"""The 404 page in the site's layout, and a 500 page that depends on nothing that can fail.

pytest-django runs with DEBUG off, so these are the pages the public would get.
"""

import html
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from dialogues_site.context_processors import language_versions
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_missing_page_is_a_404_in_the_site_layout(client):
    assert settings.DEBUG is False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert (
        "<title>Page not found | Japan-ASEAN Dialogue on Environmental Cooperation</title>" in page
    )
    assert "<h1>Page not found</h1>" in page
    assert 'class="site-header"' in page and '<main id="main-content">' in page
    assert 'href="/static/css/site.css"' in page
    for link in ('href="/"', 'href="/meetings/"', 'href="/programmes/"'):
        assert link in page
    assert '<form class="filter-form" role="search"' in page
    assert 'action="/search/"' in page and 'id="not-found-q" type="search" name="q"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_draft_is_the_same_404(client):
    draft = MeetingFactory(title="Secret Draft Dialogue")

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "Secret Draft Dialogue" not in page


def test_500_template_renders_alone(django_assert_num_queries):
    # Django's server_error renders it with no request and no context; nothing may query.
    with django_assert_num_queries(0):
        page = get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert "<title>Server error | Japan-ASEAN Dialogue on Environmental Cooperation</title>" in page
    assert 'href="/"' in page
    assert "{%" not in page and "{{" not in page


def test_an_unexpected_error_shows_the_500_page(client, monkeypatch):
    def broken_search(*args, **kwargs):
        raise RuntimeError("the search engine is down")

    monkeypatch.setattr("search.engine.search", broken_search)
    client.raise_request_exception = False

    response = client.get("/search/", {"q": "mercury"})

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Something went wrong</h1>" in page
    assert "the search engine is down" not in page
    assert "Traceback" not in page


# --- Links that stay on the site ---------------------------------------------------------

# Paths a browser or translate_url() would read as another host: "//host/…" is a
# scheme-relative address, and browsers take "\" for "/" in "/\host/…".
HOSTILE_PATHS = [
    "//evil.example/meetings/",
    "//evil.example/",
    "///evil.example/meetings/",
    "/ja//evil.example/",
    "/ja//evil.example/meetings/",
    "/ja///evil.example/",
    "/\\evil.example/meetings/",
    "/\\/evil.example/",
    "/ja/\\\\evil.example/",
    "/%5C%5Cevil.example/",
    "/%2F%2Fevil.example/",
    "/http://evil.example/",
    "/ja/https://evil.example/",
]


def get_raw(client, path):
    """GET ``path`` as a WSGI server passes it (the test client would read "//host" as a
    host): PATH_INFO is the percent-decoded path, whatever it looks like."""
    path, _, query = path.partition("?")
    return client.get("/", QUERY_STRING=query, PATH_INFO=unquote(path))


def links_of(page):
    """Every address a page links or loads: href, src, action, and the like."""
    return re.findall(r'\b(?:href|src|action|content)="([^"]*)"', page)


def off_site(link, host="testserver"):
    """Whether a browser on http://testserver/… would leave the site following ``link``.

    Browsers drop tabs and newlines from addresses and read "\\" as "/"."""
    link = html.unescape(link).replace("\t", "").replace("\n", "").replace("\r", "")
    url = urlsplit(link.replace("\\", "/"))
    if url.scheme or url.netloc:
        return url.scheme not in ("http", "https") or url.netloc != host
    return False


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_no_link_of_a_404_page_leaves_the_site(client, path):
    response = get_raw(client, path)

    assert response.status_code == 404
    page = response.content.decode()
    links = [link for link in links_of(page) if "/" in link or ":" in link]
    assert links
    assert [link for link in links if off_site(link)] == []


@pytest.mark.parametrize(
    ("path", "english", "japanese"),
    [
        ("//evil.example/meetings/", "/evil.example/meetings/", "/ja/evil.example/meetings/"),
        ("/ja//evil.example/", "/evil.example/", "/ja/evil.example/"),
        # Percent-encoded on the way out (escape_uri_path): a path, whatever follows.
        ("/\\evil.example/?q=1", "/%5Cevil.example/?q=1", "/ja/%5Cevil.example/?q=1"),
    ],
)
def test_the_language_links_of_a_hostile_address_are_paths_of_the_site(
    client, path, english, japanese
):
    """The switcher of the 404 page, and the hreflang alternates of any page: the same
    address on this site, never the host the path seemed to name."""
    page = get_raw(client, path).content.decode()
    switcher = re.findall(r'<a href="([^"]*)" hreflang="[^"]+" lang="', page)
    assert switcher == [english if path.startswith("/ja/") else japanese]

    raw, _, query = path.partition("?")
    request = RequestFactory().get("/", QUERY_STRING=query, PATH_INFO=raw)
    with translation.override("ja" if path.startswith("/ja/") else "en"):
        versions = language_versions(request)
    assert [(v["code"], v["url"]) for v in versions] == [
        ("en", f"http://testserver{english}"),
        ("ja", f"http://testserver{japanese}"),
    ]


def test_ordinary_addresses_keep_their_language_links(client):
    """The guard changes nothing for ordinary addresses, found or not."""
    page = client.get("/meetings/?ordering=oldest").content.decode()
    assert '<a href="/ja/meetings/?ordering=oldest" hreflang="ja"' in page
    missing = client.get("/ja/meetings/no-such-meeting/").content.decode()
    assert '<a href="/meetings/no-such-meeting/" hreflang="en"' in missing
