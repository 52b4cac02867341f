"""Dates in each language's form (a range, a month, a year; on the pages and through
the template filter), and the Atom feed and the calendars in the page's language, with
a bad calendar or download filter explained in Japanese.
"""

import datetime

import pytest
from django.utils import translation

from core.dates import format_partial, format_range
from tests.admin_forms import body as page_html
from tests.site.i18n_helpers import VisibleText, ja

pytestmark = pytest.mark.usefixtures("compiled_catalogue", "english_between_tests")


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

    template = Template("{% load display %}{{ day|partial_date:'month' }}")
    context = Context({"day": datetime.date(2008, 3, 1)})
    with translation.override("ja"):
        assert template.render(context) == "2008年3月"
    with translation.override("en"):
        assert template.render(context) == "March 2008"


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
