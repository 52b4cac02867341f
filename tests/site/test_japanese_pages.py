"""The interface in Japanese: every public page under /ja/ with no English interface
string left (read as a visitor reads it, against the catalogue's English), English pages
that stay English, the "not yet translated" mark, the admin, the error pages and the
sign-in lockout page in Japanese.

The record (tests/site/conftest.py) has Japanese text in every translated field, so any
English left on a Japanese page is the interface's (or a proper noun named below).
"""

import datetime
import re

import polib
import pytest
import time_machine
from django.test import Client

from meetings.models import Country, Meeting, Organisation, Participation
from programmes.models import Programme
from tests.admin_forms import body as page_html
from tests.site.i18n_helpers import PO_PATH, VisibleText, en, ja

pytestmark = pytest.mark.usefixtures("compiled_catalogue", "english_between_tests")


# What may stay in Latin letters on a Japanese page: proper nouns, acronyms, codes and
# formats of the test record and of the interface (each also kept by the translation).
PROPER_NOUNS = {
    "ASEAN", "MOEJ", "JAIF", "ESC", "Mr", "Kozo", "Akino", "ISO", "alpha", "VN", "JP",
    "CSV", "JSON", "Atom", "iCalendar", "XLSX", "UTF", "Markdown", "SHA", "API",
    "M",  # the home timeline's mark of a meeting without a number (its caption says so)
}  # fmt: skip


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


# --- The admin ------------------------------------------------------------------------------


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
