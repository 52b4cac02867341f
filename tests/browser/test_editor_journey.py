"""Issue 14's journey, in English and in Japanese: an editor adds a second series alone.

Signed in to the admin in the page's language, the editor opens "Import a whole record",
downloads the empty workbook, fills in the ASEAN+3 Environment Ministers Meeting (its
meetings, people, organisation, programme, participations and discussions) under the
template's own headers, makes three mistakes (a wrong country code, a day-first date, an
unknown person), reads them in the page's language with nothing written, corrects them,
reads the preview, confirms, and a visitor sees the series at its dates' precision, with
its kind, while the home page still features the site's own series.
"""

import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from exchange.columns import column_label
from exchange.registry import resources
from meetings.models import Meeting, MeetingSeries, Participation, Person
from programmes.models import Discussion, Programme

PASSWORD = "a-long-test-password"
SERIES = "asean-plus-3-emm"

# Rows by English column name; the test writes each under the template's header.
RECORD = {
    "series": [
        {
            "Slug": SERIES,
            "Name (English)": "ASEAN+3 Environment Ministers Meeting",
            "Name (Japanese)": "ASEAN+3環境大臣会合",
            "Short name (English)": "ASEAN+3 EMM",
            "Short name (Japanese)": "ASEAN+3環境大臣会合",
            "Display order": 2,
        }
    ],
    "organisations": [
        {
            "Slug": "monre-viet-nam",
            "Name (English)": "Ministry of Natural Resources and Environment",
            "Name (Japanese)": "天然資源環境省",
            "Acronym": "MONRE",
            "Kind": "ministry",
            "Country": "VN",
        }
    ],
    "people": [
        {"Slug": "keiichiro-asao", "Name (English)": "Keiichiro Asao", "Name (Japanese)": "浅尾慶一郎", "Honorific": "H.E."},  # noqa: E501
        {"Slug": "tran-hong-ha", "Name (English)": "Tran Hong Ha", "Honorific": "H.E."},
    ],
    "meetings": [
        {"Slug": "apt-emm-1", "Series": SERIES, "Kind": "ministers-meeting", "Number in the series": 1, "Start date": "2002", "City (English)": "Vientiane", "Host country": "LA"},  # noqa: E501
        {"Slug": "apt-emm-2", "Series": SERIES, "Kind": "ministers-meeting", "Number in the series": 2, "Start date": "2008-10", "City (English)": "Hanoi", "Host country": "VN"},  # noqa: E501
        {"Slug": "apt-emm-3", "Series": SERIES, "Kind": "ministers-meeting", "Number in the series": 3, "Start date": "2012-09-27", "City (English)": "Bangkok", "Host country": "TH"},  # noqa: E501
        {"Slug": "apt-emm-4", "Series": SERIES, "Kind": "ministers-meeting", "Number in the series": 4, "Start date": "2015-10-30", "City (English)": "Hanoi", "Host country": "VN"},  # noqa: E501
        {"Slug": "apt-emm-5", "Series": SERIES, "Kind": "ministers-meeting", "Number in the series": 5, "Start date": "2017-09-13", "End date": "2017-09-14", "Venue (English)": "International Convention Centre", "City (English)": "Bandar Seri Begawan", "Host country": "BN"},  # noqa: E501
    ],
    "participations": [
        {"Meeting": "apt-emm-4", "Display order": 1, "Country represented": "VN", "Person": "tran-hong-ha", "Organisation": "monre-viet-nam", "Role": "chair"},  # noqa: E501
        {"Meeting": "apt-emm-5", "Display order": 1, "Country represented": "JP", "Person": "keiichiro-asao", "Role": "head_of_delegation"},  # noqa: E501
    ],
    "programmes": [
        {"Slug": "apt-environmental-education", "Name (English)": "ASEAN+3 Environmental Education Network", "Acronym": "APTEEN", "Kind": "network", "Status": "ongoing"},  # noqa: E501
    ],
    "discussions": [
        {"Meeting": "apt-emm-3", "Programme": "apt-environmental-education", "Stage": "proposed"},
        {"Meeting": "apt-emm-4", "Programme": "apt-environmental-education", "Stage": "progress_reported"},  # noqa: E501
    ],
}  # fmt: skip
PUBLISHED = {"meetings", "programmes"}  # a Publisher's import publishes them at once


def headers_by_name(language):
    """{sheet: {header in ``language``: English column name}} of every kind."""
    found = {}
    with translation.override(language):
        for key, resource_class in resources().items():
            model = resource_class._meta.model
            found[key] = {
                column_label(column, model): column.column_name
                for column in resource_class().import_columns()
            }
    return found


def fill(template, target, language, mistakes=False):
    """The downloaded template with RECORD written under its headers (and, with
    ``mistakes``, BRN for BN, 13/09/2017 for 2017-09-13 and a person nobody added)."""
    book = openpyxl.load_workbook(template)
    names = headers_by_name(language)
    for key, rows in RECORD.items():
        sheet = book[key]
        headers = [cell.value for cell in sheet[1]]
        english = [names[key][header] for header in headers]
        for row in rows:
            row = dict(row)
            if key in PUBLISHED:
                row["Publication status"] = "published"
            if mistakes and row.get("Slug") == "apt-emm-5":
                row.update({"Host country": "BRN", "Start date": "13/09/2017"})
            if mistakes and row.get("Person") == "tran-hong-ha":
                row["Person"] = "tran-hong-hà"
            sheet.append([row.get(name, "") for name in english])
    book.save(target)
    return target


def snapshot():
    return [
        model.objects.count()
        for model in (MeetingSeries, Meeting, Person, Participation, Programme, Discussion)
    ]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_editor_adds_a_second_series_in_one_workbook(site, page, visit, tmp_path, language):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    prefix = "/ja" if language == "ja" else ""
    with translation.override(language):
        say = {
            text: gettext(text)
            for text in (
                "Log in", "Import a whole record", "Submit", "Confirm import",
            )
        }  # fmt: skip
    if language == "ja":
        assert say["Import a whole record"] == "記録全体のインポート"
        say.update(
            {
                "Username": "ユーザー名",
                "Password": "パスワード",
                "empty workbook": "空のワークブック",
            }
        )
    else:
        say.update(
            {"Username": "Username", "Password": "Password", "empty workbook": "empty workbook"}
        )

    page.goto(f"{site}{prefix}/admin/login/")
    page.get_by_label(say["Username"]).fill("chief")
    page.get_by_label(say["Password"]).fill(PASSWORD)
    page.get_by_role("button", name=say["Log in"]).click()
    page.get_by_role("link", name=say["Import a whole record"]).first.click()
    expect(page).to_have_url(f"{site}{prefix}/admin/exchange/importrecord/import-workbook/")
    expect(page.get_by_role("heading", level=1)).to_have_text(say["Import a whole record"])
    visit.check(f"{language}-workbook-page")

    # The empty workbook, headed in the page's language.
    with page.expect_download() as download:
        page.get_by_role("link", name=say["empty workbook"]).click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    meetings_headers = [c.value for c in openpyxl.load_workbook(template)["meetings"][1]]
    assert ("開始日" if language == "ja" else "Start date") in meetings_headers

    # Three mistakes: each named by sheet, row and column in the page's language.
    before = snapshot()
    wrong = fill(template, tmp_path / "asean-plus-3.xlsx", language, mistakes=True)
    upload = page.locator('input[type="file"]')
    upload.set_input_files(wrong)
    page.get_by_role("button", name=say["Submit"]).click()
    problems = page.locator("ul.import-problems")
    if language == "ja":
        expect(problems).to_contain_text("シート meetings、6 行目、列「主催国」(値「BRN」)")
        expect(problems).to_contain_text("コードが「BRN」の国はありません。")
        expect(problems).to_contain_text("シート meetings、6 行目、列「開始日」(値「13/09/2017」)")
        expect(problems).to_contain_text("シート participations、2 行目、列「人物」")
    else:
        expect(problems).to_contain_text(
            "Sheet meetings, row 6, column “Host country” (value “BRN”): "
            "No country has the code “BRN”."
        )
        expect(problems).to_contain_text(
            "Sheet meetings, row 6, column “Start date” (value “13/09/2017”)"
        )
        expect(problems).to_contain_text(
            "Sheet participations, row 2, column “Person” (value “tran-hong-hà”)"
        )
    visit.check(f"{language}-workbook-refused")
    assert snapshot() == before

    # Corrected: the preview, then the confirmation.
    right = fill(template, tmp_path / "asean-plus-3-corrected.xlsx", language)
    upload.set_input_files(right)
    page.get_by_role("button", name=say["Submit"]).click()
    expect(page.locator("table.import-preview").first).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("Tran Hong Ha")
    visit.check(f"{language}-workbook-preview")
    assert snapshot() == before
    page.get_by_role("button", name=say["Confirm import"]).click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert snapshot() != before
    assert Meeting.objects.filter(series__slug=SERIES).count() == 5

    # The visitor's pages: the series' meetings at their precision, with their kind.
    page.goto(f"{site}{prefix}/meetings/?series={SERIES}&ordering=oldest")
    cards = page.locator("main")
    if language == "ja":
        for text in ("2002年", "2008年10月", "2012年9月27日", "2017年9月13日～14日"):
            expect(cards).to_contain_text(text)
    else:
        for text in ("2002", "October 2008", "27 September 2012", "13–14 September 2017"):
            expect(cards).to_contain_text(text)
    visit.check(f"{language}-second-series-list")
    page.goto(f"{site}{prefix}/meetings/apt-emm-5/")
    heading = page.get_by_role("heading", level=1)
    if language == "ja":
        expect(heading).to_have_text(re.compile("第5回ASEAN\\+3環境大臣会合"))
        expect(page.locator("main")).to_contain_text("大臣会合")
    else:
        expect(heading).to_have_text(re.compile("Fifth Ministers Meeting"))
        expect(page.locator("main")).to_contain_text("Ministers meeting")
    expect(page.locator("main")).to_contain_text("International Convention Centre")
    visit.check(f"{language}-second-series-meeting")
    page.goto(f"{site}{prefix}/people/keiichiro-asao/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "浅尾慶一郎" if language == "ja" else "Keiichiro Asao"
    )

    # The home page still features the site's own series first.
    page.goto(f"{site}{prefix}/")
    own = MeetingSeries.objects.get(featured=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        own.name_ja if language == "ja" else own.name_en
    )
    expect(page.locator("main")).to_contain_text(
        "ASEAN+3環境大臣会合" if language == "ja" else "ASEAN+3 EMM"
    )
