"""The interface in Japanese: every public page under /ja/ in Japanese with no English
interface string left, the language switcher and hreflang alternates, dates in each
language's form, feeds and calendars in the page's language, the "not yet translated"
mark, the page cache keeping each language apart, and the catalogue compiled by
``manage.py compile_translations``.

The record here has Japanese text in every translated field, so any English left on a
Japanese page is the interface's (or a proper noun the test names).
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.signals import setting_changed
from django.test import Client, override_settings
from django.utils import translation

from core.dates import format_partial, format_range
from meetings.models import Country, Meeting, Organisation, Participation
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# What may stay in Latin letters on a Japanese page: proper nouns, acronyms, codes and
# formats of the test record and of the interface (each also kept by the translation).
PROPER_NOUNS = {
    "ASEAN", "MOEJ", "JAIF", "ESC", "Mr", "Kozo", "Akino", "ISO", "alpha", "VN", "JP",
    "CSV", "JSON", "Atom", "iCalendar", "XLSX", "UTF", "Markdown", "SHA",
    "M",  # the home timeline's mark of a meeting without a number (its caption says so)
}  # fmt: skip


def reload_translations():
    """Forget the catalogues Django has loaded (as changing LOCALE_PATHS does)."""
    for enter in (True, False):
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=enter
        )


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request under /ja/ leaves Japanese active in this thread (as in a server's
    worker); the next test must not start in it (a factory's ``title=`` would fill the
    Japanese column)."""
    translation.deactivate()
    yield
    translation.deactivate()


def url_in(language, obj):
    """``obj``'s page in ``language`` (reverse() follows the active language)."""
    with translation.override(language):
        return obj.get_absolute_url()


def ja(obj):
    return url_in("ja", obj)


def en(obj):
    return url_in("en", obj)


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """The .mo is build output (make test builds it); build it here if it is missing or
    older than the .po, so these tests also run straight from pytest."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", locale=["ja"], verbosity=0)
        reload_translations()


# --- The record ------------------------------------------------------------------------


@pytest.fixture
def record(db):
    """A small published record with Japanese text in every translated field."""
    with translation.override("en"):  # ``title=`` is the English column
        return make_record()


def make_record():
    viet_nam = CountryFactory(
        code="VN", name="Viet Nam", name_ja="ベトナム", slug="viet-nam", is_asean_member=True
    )
    japan = CountryFactory(code="JP", name="Japan", name_ja="日本", slug="japan")
    ministry = OrganisationFactory(
        name="Ministry of the Environment, Japan",
        name_ja="環境省",
        acronym="MOEJ",
        country=japan,
        slug="moej",
    )
    series = MeetingSeriesFactory(
        name="Japan-ASEAN Dialogue on Environmental Cooperation",
        name_ja="日ASEAN環境協力対話",
        short_name="Japan-ASEAN Dialogue",
        short_name_ja="日ASEAN対話",
        slug="japan-asean-dialogue",
        description="The dialogue between Japan and ASEAN.",
        description_ja="日本とASEANの環境協力に関する対話。",
        organisers=[ministry],
    )
    common = {
        "series": series,
        "published": True,
        "venue": "",
        "outline": "The meeting reviewed the programmes.",
        "outline_ja": "会合では協力プログラムの進捗を確認した。",
    }
    first = MeetingFactory(
        **common,
        number=1,
        title="First Dialogue",
        title_ja="第1回対話",
        slug="first-dialogue-2008",
        start_date=datetime.date(2008, 3, 1),
        end_date=None,
        date_precision="month",
        city="Hanoi",
        city_ja="ハノイ",
        host_country=viet_nam,
    )
    ministerial = MeetingFactory(
        **{**common, "venue": "Conference Centre", "venue_ja": "国際会議場"},
        kind=Meeting.Kind.MINISTERIAL,
        number=None,
        title="Ministerial Dialogue",
        title_ja="閣僚級対話",
        slug="ministerial-dialogue-2013",
        start_date=datetime.date(2013, 9, 26),
        end_date=None,
        date_precision="day",
        city="Hanoi",
        city_ja="ハノイ",
        host_country=viet_nam,
    )
    tokyo = MeetingFactory(
        **common,
        number=2,
        title="Second Dialogue",
        title_ja="第2回対話",
        slug="second-dialogue-2015",
        start_date=datetime.date(2015, 1, 1),
        end_date=None,
        date_precision="year",
        city="Tokyo",
        city_ja="東京",
        host_country=japan,
    )
    person = PersonFactory(name="Kozo Akino", honorific="Mr.", slug="kozo-akino")
    ParticipationFactory(
        meeting=ministerial,
        person=person,
        organisation=ministry,
        country=japan,
        role=Participation.Role.CHAIR,
        title="Parliamentary Vice-Minister of the Environment",
        title_ja="環境大臣政務官",
    )
    theme = ThemeFactory(name="Biodiversity", name_ja="生物多様性", slug="biodiversity")
    fund = FundFactory(
        name="Japan-ASEAN Integration Fund",
        name_ja="日・ASEAN統合基金",
        acronym="JAIF",
        slug="jaif",
        description="The fund.",
        description_ja="協力プロジェクトの資金。",
    )
    programme = ProgrammeFactory(
        published=True,
        name="ASEAN ESC Model Cities Programme",
        name_ja="ASEAN環境的に持続可能な都市モデル都市プログラム",
        acronym="ESC",
        slug="esc-model-cities",
        summary="Cities share what works.",
        summary_ja="都市が成功例を共有する。",
        description="Model cities *lead*.",
        description_ja="モデル都市が*先導*する。",
        fund=fund,
        themes=[theme],
        countries=[viet_nam, japan],
        start_year=2010,
        end_year=2015,
        programme_status=Programme.Status.ONGOING,
    )
    DiscussionFactory(
        meeting=ministerial, programme=programme, stage=Discussion.Stage.APPROVED, note=""
    )
    return {
        "first": first,
        "ministerial": ministerial,
        "tokyo": tokyo,
        "programme": programme,
        "viet_nam": viet_nam,
        "person": person,
        "ministry": ministry,
    }


def japanese_pages(record):
    """Every public page, in Japanese: list pages with and without filters, each kind of
    record, search (results, none, empty) and the 404."""
    return [
        "/ja/",
        "/ja/meetings/",
        "/ja/meetings/?host=VN&year_from=2008&year_to=2013&ordering=oldest",
        "/ja/meetings/?q=ハノイ&kind=ministerial",
        "/ja/meetings/?year_from=2015&year_to=2008",  # a form error, in Japanese
        "/ja/meetings/?host=XX",  # not a choice
        "/ja/meetings/?series=japan-asean-dialogue&host=JP",  # nothing matches
        ja(record["ministerial"]),
        ja(record["first"]),
        "/ja/programmes/",
        "/ja/programmes/?theme=biodiversity&status=ongoing",
        "/ja/programmes/?theme=biodiversity&status=completed",  # nothing matches
        ja(record["programme"]),
        "/ja/countries/",
        ja(record["viet_nam"]),
        ja(record["person"]),
        ja(record["ministry"]),
        "/ja/search/",
        "/ja/search/?q=ハノイ",
        "/ja/search/?q=存在しない言葉",
        "/ja/no-such-page/",
    ]


# --- Reading a page as a visitor does ----------------------------------------------------

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
TEXT_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """The text a visitor meets: text nodes (not scripts), labels in attributes, button
    values and the page's descriptions; nothing inside an element marked lang="en"
    (English on purpose: the other language's name, content shown in English)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.stack = []  # (tag, skipped) for open elements

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (attrs.get("lang") == "en" and tag != "html") or tag in ("script", "style")
        if not (self.skipping or skipped):
            self.parts += [value for name, value in attrs.items() if name in TEXT_ATTRIBUTES]
            if tag == "input" and attrs.get("type") == "submit":
                self.parts.append(attrs.get("value") or "")
            if tag == "meta" and attrs.get("name", attrs.get("property")) in (
                "description",
                "og:title",
                "og:description",
            ):
                self.parts.append(attrs.get("content") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sd]|\{[^}]*\}")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def interface_phrases():
    """The English of the catalogue, as phrases a page would show: every msgid (and
    plural) without its markup, cut at its placeholders, keeping the pieces that have a
    word the Japanese does not keep too (a proper noun like ASEAN or iCalendar)."""
    phrases = set()
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete:
            continue
        kept = set(WORD.findall(entry.msgstr + " ".join(entry.msgstr_plural.values())))
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            plain = TAG.sub("", text).replace("&amp;", "&")
            for piece in PLACEHOLDER.split(plain):
                piece = piece.strip(" .,:;()“”\"'←→–-")
                words = WORD.findall(piece)
                if any(len(word) > 1 and word not in kept for word in words):
                    phrases.add(piece)
    return phrases


def english_left(text, phrases):
    """Catalogue phrases found in the text (whole words only), and Latin words that are
    not proper nouns (an interface string nobody marked for translation)."""
    found = sorted(
        phrase
        for phrase in phrases
        if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)
    )
    stray = sorted({word for word in WORD.findall(text) if word not in PROPER_NOUNS})
    return found, stray


def page_html(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- Every page in Japanese --------------------------------------------------------------


def test_every_public_page_renders_in_japanese_with_no_english_interface_left(client, record):
    phrases = interface_phrases()
    assert {"Meetings", "Host country", "Apply filters", "Page not found"} <= phrases
    problems = {}
    for url in japanese_pages(record):
        response = client.get(url)
        assert response.status_code == (404 if "no-such-page" in url else 200), url
        html = page_html(response)
        assert '<html lang="ja">' in html, url
        found, stray = english_left(VisibleText.of(html), phrases)
        if found or stray:
            problems[url] = {"catalogue phrases": found, "other English": stray}
    assert not problems, problems


def test_the_checker_finds_english_left_on_a_page(client, record):
    # The walk above can fail: the English page, read the same way, is full of both.
    html = page_html(client.get("/meetings/?host=VN"))
    found, stray = english_left(VisibleText.of(html), interface_phrases())
    assert {"Meetings", "Host country", "Apply filters"} <= set(found)
    assert "Hanoi" in stray


def test_english_pages_stay_english(client, record):
    for url in ("/", "/meetings/", en(record["ministerial"]), "/no-such-page/"):
        html = page_html(client.get(url))
        assert '<html lang="en">' in html, url
        assert "会合" not in VisibleText.of(html), url
    page = page_html(client.get(en(record["ministerial"])))
    assert "<h1>Ministerial Dialogue</h1>" in page
    assert "<dt>Date</dt><dd>26 September 2013</dd>" in page


def test_the_japanese_pages_show_japanese_content_and_interface(client, record):
    page = page_html(client.get(ja(record["ministerial"])))
    assert "<h1>閣僚級対話</h1>" in page
    assert "<dt>日付</dt><dd>2013年9月26日</dd>" in page
    assert "<dt>主催国</dt>" in page and ">ベトナム</a>" in page
    assert "<dt>種別</dt><dd>閣僚級対話</dd>" in page
    assert "環境大臣政務官" in page and "議長" in page
    listing = page_html(client.get("/ja/meetings/?host=VN"))
    assert "2件の会合" in listing
    assert '<label for="id_host">主催国</label>' in listing
    assert '<option value="VN" selected>ベトナム</option>' in listing


def test_a_filter_error_is_in_japanese(client, record):
    page = page_html(client.get("/ja/meetings/?year_from=2015&year_to=2008"))
    assert "終了年を開始年（2015年）より前にすることはできません。" in page
    page = page_html(client.get("/ja/meetings/?year_from=abc"))
    assert "整数を入力してください。" in page  # Django's own catalogue


# --- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "english", "japanese"),
    [
        (datetime.date(2013, 9, 26), None, "day", "26 September 2013", "2013年9月26日"),
        (datetime.date(2008, 3, 1), None, "month", "March 2008", "2008年3月"),
        (datetime.date(2015, 1, 1), None, "year", "2015", "2015年"),
        (datetime.date(2011, 7, 26), datetime.date(2011, 7, 28), "day", "26–28 July 2011",
         "2011年7月26日～28日"),
        (datetime.date(2014, 6, 30), datetime.date(2014, 7, 2), "day", "30 June – 2 July 2014",
         "2014年6月30日～7月2日"),
        (datetime.date(2013, 12, 30), datetime.date(2014, 1, 2), "day",
         "30 December 2013 – 2 January 2014", "2013年12月30日～2014年1月2日"),
    ],
)  # fmt: skip
def test_dates_in_each_language(start, end, precision, english, japanese):
    with translation.override("en"):
        assert format_range(start, end, precision) == english
    with translation.override("ja"):
        assert format_range(start, end, precision) == japanese
        assert format_partial(start, precision) == japanese.split("～")[0]


def test_japanese_dates_on_the_pages(client, record):
    listing = VisibleText.of(page_html(client.get("/ja/meetings/")))
    assert "2013年9月26日" in listing and "2008年3月" in listing and "2015年" in listing
    assert "March 2008" not in listing
    programme = page_html(client.get(ja(record["programme"])))
    assert '<time datetime="2013-09-26">2013年9月26日</time>' in programme
    assert "<dd>2010年～2015年</dd>" in programme


def test_the_partial_date_filter_follows_the_language():
    from django.template import Context, Template

    template = Template("{% load record %}{{ day|partial_date:'month' }}")
    context = Context({"day": datetime.date(2008, 3, 1)})
    with translation.override("ja"):
        assert template.render(context) == "2008年3月"
    with translation.override("en"):
        assert template.render(context) == "March 2008"


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


# --- Not yet translated ------------------------------------------------------------------


def test_content_without_japanese_falls_back_with_a_discreet_mark(client, record):
    meeting = record["tokyo"]
    Meeting.objects.filter(pk=meeting.pk).update(title_ja="", outline_ja="")

    page = page_html(client.get(ja(meeting)))
    assert '<h1 lang="en">Second Dialogue</h1>' in page
    assert (
        '<span class="untranslated"><span lang="ja">未翻訳</span> '
        '<span class="untranslated__en" lang="en">(not yet translated)</span></span>'
    ) in page
    assert '<div lang="en"><p>The meeting reviewed the programmes.</p></div>' in page

    translated = page_html(client.get(ja(record["ministerial"])))
    assert "未翻訳" not in translated and 'class="untranslated"' not in translated
    english = page_html(client.get(en(meeting)))
    assert 'class="untranslated"' not in english and 'lang="en">Second' not in english


def test_each_kind_of_record_marks_its_fallback(client, record):
    Participation.objects.update(title_ja="")
    Country.objects.filter(pk=record["viet_nam"].pk).update(name_ja=None)
    Programme.objects.update(summary_ja="")
    Organisation.objects.update(name_ja="")
    for name in ("viet_nam", "programme", "person", "ministry"):
        assert "未翻訳" in page_html(client.get(ja(record[name]))), name
        assert "未翻訳" not in page_html(client.get(en(record[name]))), name


# --- Feeds and calendars ------------------------------------------------------------------


def test_the_atom_feed_is_in_the_pages_language(client, record):
    japanese = client.get("/ja/meetings/feed/")
    assert japanese.status_code == 200
    feed = japanese.content.decode()
    assert 'xml:lang="ja"' in feed
    assert "<title>日ASEAN環境協力対話：会合</title>" in feed
    assert "<title>閣僚級対話、日ASEAN対話</title>" in feed
    assert 'href="http://testserver/ja/meetings/ministerial-dialogue-2013/"' in feed
    assert "2013年9月26日" in feed

    english = client.get("/meetings/feed/").content.decode()
    assert 'xml:lang="en"' in english
    assert "<title>Ministerial Dialogue, Japan-ASEAN Dialogue</title>" in english


def unfold(ics):
    return ics.replace("\r\n ", "")


def test_the_calendars_carry_the_language(client, record):
    calendar = unfold(client.get("/ja/meetings/calendar.ics?host=VN").content.decode())
    assert "X-WR-CALNAME:日ASEAN環境協力対話：会合" in calendar
    assert "SUMMARY;LANGUAGE=ja:閣僚級対話、日ASEAN対話" in calendar
    assert "LOCATION;LANGUAGE=ja:ハノイ、ベトナム" in calendar
    assert "DESCRIPTION;LANGUAGE=ja:会合では協力プログラムの進捗を確認した。" in calendar
    assert "URL:http://testserver/ja/meetings/ministerial-dialogue-2013/" in calendar

    event = unfold(client.get("/ja/meetings/ministerial-dialogue-2013/calendar.ics").text)
    assert "SUMMARY;LANGUAGE=ja:閣僚級対話、日ASEAN対話" in event

    english = unfold(client.get("/meetings/calendar.ics?host=VN").content.decode())
    assert "SUMMARY;LANGUAGE=en:Ministerial Dialogue\\, Japan-ASEAN Dialogue" in english


def test_a_bad_calendar_or_download_filter_is_explained_in_japanese(client, record):
    for url in ("/ja/meetings/calendar.ics", "/ja/meetings/download.csv"):
        response = client.get(url, {"year_from": "abc"})
        assert response.status_code == 400
        assert "開始年：整数を入力してください。" in response.content.decode(), url


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


# --- The catalogue ----------------------------------------------------------------------------


def test_the_catalogue_is_complete():
    catalogue = polib.pofile(str(PO_PATH))
    assert catalogue.metadata["Language"] == "ja"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 300
    assert catalogue.find("Meetings").msgstr == "会合"
    assert catalogue.find("Host country").msgstr == "主催国"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_marked_string_of_the_sources_is_translated(tmp_path):
    """makemessages over a copy of the sources adds nothing the catalogue lacks: a string
    marked for translation and not yet in the Japanese catalogue fails here."""
    root = Path(settings.BASE_DIR)
    apps = [name for name in settings.INSTALLED_APPS if (root / name).is_dir()]
    for name in ("manage.py", *apps, "templates", "locale"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "dialogues_site.settings"
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-wrap", "--verbosity=0"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in fresh.untranslated_entries()] == []
    assert [entry.msgid for entry in fresh.fuzzy_entries()] == []
    assert len(fresh.translated_entries()) == len(polib.pofile(str(PO_PATH)).translated_entries())


@pytest.fixture
def locale_copy(tmp_path):
    """A copy of the catalogue in a locale folder of its own."""
    folder = tmp_path / "locale" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO_PATH, folder / "django.po")
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield folder


def test_the_compile_command_builds_a_catalogue_django_loads(locale_copy):
    call_command("compile_translations", verbosity=0)

    assert (locale_copy / "django.mo").exists()
    with translation.override("ja"):
        assert translation.gettext("Host country") == "主催国"
        assert (
            translation.ngettext("%(counter)s meeting", "%(counter)s meetings", 3) % {"counter": 3}
            == "3件の会合"
        )


def test_the_compile_command_refuses_a_broken_catalogue(locale_copy):
    po = locale_copy / "django.po"
    catalogue = polib.pofile(str(po))
    entry = catalogue.find("No published meeting was held in %(name)s.")
    entry.msgstr = "公開済みの会合はありません。%(nom)s"
    catalogue.save()

    with pytest.raises(CommandError) as refused:
        call_command("compile_translations", verbosity=0)
    message = str(refused.value)
    assert f"{po}:" in message and "%(nom)s" in message and "drops %(name)s" in message
    assert not (locale_copy / "django.mo").exists()

    po.write_text('msgid "a"\nmsgstr "b"\nnot a catalogue line\n', encoding="utf-8")
    with pytest.raises(CommandError, match="Broken catalogue"):
        call_command("compile_translations", verbosity=0)


# --- Addresses for machines, and the admin ----------------------------------------------------


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


def test_the_admin_speaks_japanese_under_ja(superuser_client, record):
    page = superuser_client.get("/ja/admin/")
    assert page.status_code == 200
    html = page_html(page)
    assert '<html lang="ja"' in html and "ログアウト" in html  # Django's own catalogue
    assert "会合" in html  # the models' names, from ours

    change = page_html(
        superuser_client.get(f"/ja/admin/meetings/meeting/{record['tokyo'].pk}/change/")
    )
    assert 'class="historylink">履歴</a>' in change
    # "View on site" opens the public page in the admin's language.
    assert '<a href="/ja/meetings/second-dialogue-2015/" class="viewsitelink">サイトで見る</a>' in (
        change
    )

    english = page_html(superuser_client.get("/admin/"))
    assert '<html lang="en"' in english and "Log out" in english


def test_the_import_page_is_in_japanese(superuser_client, db):
    html = page_html(superuser_client.get("/ja/admin/meetings/meeting/import/"))
    assert "プレビューを確認して確定するまで何も書き込まれません。" in html


# --- Error pages ------------------------------------------------------------------------------


def test_the_error_pages_speak_the_addresses_language(client, db, monkeypatch):
    from django.db.utils import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("search.engine.search", down)
    unavailable = client.get("/ja/search/", {"q": "水銀"})
    assert unavailable.status_code == 503
    page = page_html(unavailable)
    assert '<html lang="ja">' in page and "<h1>サイトは一時的に利用できません</h1>" in page
    assert '<a href="/ja/">ホームページへ</a>' in page
    assert "<h1>The site is briefly unavailable</h1>" in page_html(
        client.get("/search/", {"q": "mercury"})
    )

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("search.engine.search", broken)
    client.raise_request_exception = False
    error = client.get("/ja/search/", {"q": "水銀"})
    assert error.status_code == 500
    assert '<html lang="ja">' in page_html(error)
    assert "<h1>エラーが発生しました</h1>" in page_html(error)
    assert "<h1>Something went wrong</h1>" in page_html(client.get("/search/", {"q": "mercury"}))


def test_the_lockout_page_is_in_japanese_under_ja(settings, editor_user):
    settings.AXES_ENABLED = True
    settings.LOGIN_LOCKOUT_CONTACT = ""
    client = Client()
    moment = datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment):
        for _ in range(5):
            response = client.post(
                "/ja/admin/login/",
                {"username": "editor", "password": "wrong", "next": "/ja/admin/"},
                REMOTE_ADDR="203.0.113.9",
            )
    assert response.status_code == 429
    page = page_html(response)
    assert '<html lang="ja">' in page
    assert "<h1>ログインがロックされています</h1>" in page
    text = VisibleText.of(page)
    assert "ログインに5回失敗したため" in text
    assert "2030年5月1日 10:00 UTC</time></strong>（1時間後）以降にもう一度お試しください。" in page
    assert "サイトの管理者にロックの解除を依頼してください。" in text
