"""A Japanese visitor's journey through the seed record in a real browser: the site in
Japanese under /ja/, a filtered list of meetings, a meeting, and the language switcher
there and back. Each page passes the axe check in Japanese and is photographed at 375
and 1280 px (under test-results/<test>/), like the English journeys. Then a Japanese
editor's import in the admin: refusals, preview and confirmation, all in Japanese.
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingSeries
from tests.conftest import make_staff_user


def test_a_japanese_visitor_filters_meetings_opens_one_and_switches_language(site, page, visit):
    page.goto(site + "/ja/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1).first).to_have_text("日ASEAN環境協力対話")
    visit.check("ja-home")

    page.get_by_role("navigation", name="メイン").get_by_role("link", name="会合").click()
    expect(page).to_have_url(site + "/ja/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("会合")
    visit.check("ja-meetings")

    page.get_by_label("主催国", exact=True).select_option(label="ベトナム")
    page.get_by_label("開始年", exact=True).fill("2009")
    page.get_by_role("button", name="絞り込む").click()
    expect(page).to_have_url(re.compile(r"/ja/meetings/\?.*host=VN"))
    expect(page).to_have_url(re.compile(r"year_from=2009"))
    results = page.locator(".card-list .card__title a")
    expect(results).to_have_count(1)
    expect(page.locator(".result-count")).to_have_text("1件の会合")
    expect(page.locator(".active-filters")).to_contain_text("主催国：ベトナム")
    expect(page.locator(".card-list .card__meta")).to_contain_text("2010年8月")
    visit.check("ja-meetings-filtered")

    filtered_url = page.url
    title = results.first.inner_text()
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_url(re.compile(r"/ja/meetings/[\w-]+/$"))
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("2010年8月")
    expect(facts).to_contain_text("ベトナム")
    expect(facts).to_contain_text("実務者レベル対話")
    visit.check("ja-meeting")

    japanese_url = page.url
    switcher = page.get_by_role("navigation", name="言語")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(japanese_url.replace("/ja/", "/", 1))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fourth Dialogue")
    expect(page.locator("dl.facts")).to_contain_text("August 2010")
    visit.check("en-meeting")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    expect(page).to_have_url(japanese_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # Back on the filtered list, the switcher keeps the filters too.
    page.goto(filtered_url)
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    # The same filters, in the page's canonical address (the form's empty fields dropped).
    expect(page).to_have_url(site + "/meetings/?host=VN&year_from=2009&ordering=newest")
    expect(page.get_by_label("Host country", exact=True)).to_have_value("VN")
    expect(page.get_by_label("From year", exact=True)).to_have_value("2009")
    expect(page.locator(".result-count")).to_have_text("1 meeting")


def test_a_japanese_editor_imports_meetings_in_the_admin(site, page, visit, tmp_path):
    """The admin's import under /ja/admin/: a wrong country code and a Shift_JIS file
    (Japanese Excel's CSV) refused with Japanese messages naming the file, then the same
    file read with its encoding chosen, previewed and confirmed."""
    # The Editor group's rights on meetings (the groups of the data migration are gone
    # once an earlier browser test has flushed the database).
    editor = make_staff_user(get_user_model(), "henshu")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="meetings",
            codename__in=["view_meeting", "add_meeting", "change_meeting"],
        )
    )
    series = MeetingSeries.objects.order_by("pk").first()
    rows = (
        "Slug,Series,Kind,Number in the series,Title (English),Title (Japanese),"
        "Start date,City (English),City (Japanese),Host country\r\n"
        f"langkawi-2025,{series.slug},dialogue,99,ASEAN-Japan Ministerial Dialogue,"
        "日ASEAN環境気候変動閣僚対話,2025-09-03,Langkawi,ランカウイ,{country}\r\n"
    )
    wrong_code = tmp_path / "会合.csv"
    wrong_code.write_text(rows.format(country="BRN"), encoding="utf-8")
    excel = tmp_path / "会合_excel.csv"
    excel.write_bytes(rows.format(country="MY").encode("cp932"))

    page.goto(site + "/ja/admin/login/")
    page.get_by_label("ユーザー名").fill("henshu")
    page.get_by_label("パスワード").fill("a-long-test-password")
    page.get_by_role("button", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/ja/admin/$"))

    page.goto(site + "/ja/admin/meetings/meeting/")
    page.get_by_role("link", name="インポート", exact=True).click()
    expect(page).to_have_url(site + "/ja/admin/meetings/meeting/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("インポート")

    # A wrong country code: the row, the column, the value and why, in Japanese.
    page.get_by_label("インポートするファイル").set_input_files(wrong_code)
    expect(page.get_by_label("フォーマット")).to_have_value("0")  # guessed from .csv
    page.get_by_role("button", name="送信").click()
    expect(page.locator(".errornote")).to_contain_text(
        "ファイル 会合.csv は受け付けられませんでした。"
    )
    expect(page.locator("ul.import-problems")).to_have_text(
        "2行目、列「主催国」（値「BRN」）：コードが「BRN」の国はありません。"
    )
    visit.check("ja-admin-import-row-error")

    # Japanese Excel's CSV, sent as UTF-8: refused, naming the choice to make.
    page.get_by_label("インポートするファイル").set_input_files(excel)
    page.get_by_role("button", name="送信").click()
    refusal = page.locator("#id_import_file_error")
    expect(refusal).to_contain_text("ファイル 会合_excel.csv は受け付けられませんでした")
    expect(refusal).to_contain_text("文字コードで「Shift_JIS（日本語版Excel）」を選んで")
    expect(page.get_by_label("フォーマット")).to_have_value("0")  # kept for the next upload
    visit.check("ja-admin-import-refused")
    assert not Meeting.objects.filter(slug="langkawi-2025").exists()

    # The same file with its encoding: the preview, then the confirmation.
    page.get_by_label("インポートするファイル").set_input_files(excel)
    page.get_by_label("文字コード").select_option(label="Shift_JIS（日本語版Excel）")
    page.get_by_role("button", name="送信").click()
    expect(page.get_by_role("heading", name="プレビュー")).to_be_visible()
    expect(page.locator(".import-summary")).to_have_text("作成1件、更新0件、変更なし0件。")
    expect(page.locator("table.import-preview")).to_contain_text("日ASEAN環境気候変動閣僚対話")
    expect(page.locator("table.import-preview")).to_contain_text("ランカウイ")
    visit.check("ja-admin-import-preview")
    page.get_by_role("button", name="インポートを確定").click()

    expect(page.locator(".messagelist")).to_have_text(
        "インポートしました：会合_excel.csv（会合）、作成1件、更新0件、変更なし0件。"
    )
    meeting = Meeting.objects.get(slug="langkawi-2025")
    assert (meeting.title_ja, meeting.city_ja) == ("日ASEAN環境気候変動閣僚対話", "ランカウイ")
