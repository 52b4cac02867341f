"""Each language's addresses: the language switcher (keeping the record, the filters
and a missing page), hreflang alternates and the canonical link, the page cache keeping
the languages apart, robots.txt and the sitemap with both languages.
"""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from tests.admin_forms import body as page_html
from tests.site.i18n_helpers import en, ja

pytestmark = pytest.mark.usefixtures("compiled_catalogue", "english_between_tests")


# --- The language switcher and the alternates --------------------------------------------

SWITCHER = re.compile(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', re.S)


def switcher_link(html, code):
    """The switcher's link to language ``code``, its attributes checked."""
    nav = SWITCHER.search(html).group(1)
    match = re.search(rf'<a href="([^"]+)" hreflang="{code}" lang="{code}">([^<]+)</a>', nav)
    assert match, nav
    return match.group(1).replace("&amp;", "&"), match.group(2)


@pytest.mark.parametrize(
    "english_url",
    [
        "/meetings/?host=VN&year_from=2008&ordering=oldest&page=1",
        "/meetings/ministerial-dialogue-2013/",
        "/programmes/?theme=biodiversity",
        "/",
    ],
)
def test_the_switcher_round_trips_with_the_record_and_the_filters(client, record, english_url):
    english = page_html(client.get(english_url))
    japanese_url, name = switcher_link(english, "ja")
    assert japanese_url == "/ja" + english_url
    assert name == "日本語"
    assert '<span class="language-switcher__current" aria-current="true" lang="en">' in english

    japanese = client.get(japanese_url)
    assert japanese.status_code == 200
    back, name = switcher_link(page_html(japanese), "en")
    assert (back, name) == (english_url, "English")


def test_the_switcher_keeps_the_visitor_on_a_missing_page_too(client, db):
    # A parameter no page reads is dropped (the page cache's canonical address), so it
    # never travels into the links.
    page = page_html(client.get("/ja/meetings/no-such-meeting/?x=1"))
    assert switcher_link(page, "en")[0] == "/meetings/no-such-meeting/"


def test_hreflang_alternates_are_absolute(client, record):
    url = "/ja/meetings/?host=VN"
    page = page_html(client.get(url))
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert alternates == {
        "en": "http://testserver/meetings/?host=VN",
        "ja": "http://testserver/ja/meetings/?host=VN",
        "x-default": "http://testserver/meetings/?host=VN",
    }
    detail = page_html(client.get(ja(record["first"])))
    assert (
        '<link rel="canonical" href="http://testserver/ja/meetings/first-dialogue-2008/">' in detail
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/meetings/first-dialogue-2008/">'
        in detail
    )


def test_the_search_page_links_its_shortened_query_only(client, db):
    from search.query import MAX_QUERY_LENGTH

    page = page_html(client.get("/ja/search/", {"q": "ハ" * (MAX_QUERY_LENGTH + 50)}))
    assert "ハ" * (MAX_QUERY_LENGTH + 1) not in page
    assert switcher_link(page, "en")[0].startswith("/search/?q=")


# --- The page cache keeps the languages apart ----------------------------------------------


PAGE_CACHE = "dialogues_site.page_cache.PageCacheMiddleware"
LOCALE = "django.middleware.locale.LocaleMiddleware"


def with_page_cache(middleware):
    """The settings' middleware with the page cache where it goes: after LocaleMiddleware."""
    middleware = [name for name in middleware if name != PAGE_CACHE]
    return [
        *middleware[: middleware.index(LOCALE) + 1],
        PAGE_CACHE,
        *middleware[middleware.index(LOCALE) + 1 :],
    ]


@override_settings(MIDDLEWARE=with_page_cache(settings.MIDDLEWARE))
def test_the_page_cache_never_serves_one_language_for_the_other(client, record):
    for _round in range(2):
        for url, lang in (("/meetings/", "en"), ("/ja/meetings/", "ja"), ("/", "en")):
            # A worker thread keeps the language of its last request: never mind it.
            translation.activate("ja" if lang == "en" else "en")
            response = client.get(url)
            assert f'<html lang="{lang}">' in page_html(response), url
            assert response["Content-Language"] == lang
    translation.deactivate()
    assert client.get("/ja/meetings/")["X-Page-Cache"] == "hit"
    assert client.get("/meetings/")["X-Page-Cache"] == "hit"


# --- Addresses for machines ---------------------------------------------------------------


def test_robots_txt_keeps_every_languages_search_out(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /search/" in lines and "Disallow: /ja/search/" in lines
    assert client.get("/ja/robots.txt").status_code == 404  # one address, outside languages
    assert client.get("/ja/sitemap.xml").status_code == 404
    assert client.get("/ja/healthz").status_code == 404


def test_the_sitemap_lists_both_languages_with_alternates(client, record):
    sitemap = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("pages", "meetings", "programmes")
    )
    for path in ("/", "/meetings/", en(record["ministerial"]), en(record["programme"])):
        assert f"<loc>http://testserver{path}</loc>" in sitemap, path
        assert f"<loc>http://testserver/ja{path}</loc>" in sitemap, path
    assert (
        '<xhtml:link rel="alternate" hreflang="ja" '
        'href="http://testserver/ja/meetings/ministerial-dialogue-2013/"/>'
    ) in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://testserver/meetings/ministerial-dialogue-2013/"/>'
    ) in sitemap
