"""A Japanese visitor's journey through the seed record in a real browser: the site in
Japanese under /ja/, a filtered list of meetings, a meeting, and the language switcher
there and back. Each page passes the axe check in Japanese and is photographed at 375
and 1280 px (under test-results/<test>/), like the English journeys.
"""

import re

from playwright.sync_api import expect


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
