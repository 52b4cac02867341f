"""A new visitor's journeys through the seed record in a real browser.

Each page on the way passes the axe check and is photographed at 375 and 1280 px
(under test-results/<test>/).
"""

import re

from playwright.sync_api import expect


def test_filter_meetings_open_one_and_follow_a_programme(site, page, visit):
    page.goto(site + "/")
    expect(page.locator("svg.timeline-svg rect.cell")).to_have_count(9)
    visit.check("home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    visit.check("meetings")

    page.get_by_label("Host country").select_option(label="Viet Nam")
    page.get_by_label("From year").fill("2009")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"host=VN"))
    results = page.locator(".card-list .card__title")
    expect(results).to_have_count(1)
    expect(results).to_have_text(["Fourth Dialogue"])
    expect(page.locator(".active-filters")).to_contain_text("Viet Nam")
    visit.check("meetings-filtered")

    results.get_by_role("link", name="Fourth Dialogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fourth Dialogue")
    expect(page.locator("main")).to_contain_text("August 2010")
    visit.check("meeting")

    page.locator("main").get_by_role("link", name=re.compile("Model Cities")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Model Cities Programme")
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(8)
    expect(timeline.first).to_contain_text("Third Dialogue")
    expect(timeline.nth(1)).to_contain_text("Proposed")
    visit.check("programme")


def test_search_for_a_person_and_open_their_page(site, page, visit):
    page.goto(site + "/")
    search = page.get_by_role("search", name="Site")
    search.get_by_role("searchbox").fill("Akino")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Akino"))
    visit.check("search")

    page.locator("main").get_by_role("link", name=re.compile("Kozo Akino")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kozo Akino")
    expect(page.locator("main")).to_contain_text("Parliamentary Vice-Minister of the Environment")
    visit.check("person")

    page.locator("main").get_by_role("link", name="Ministerial Dialogue").first.click()
    expect(page.locator("main")).to_contain_text("26 September 2013")


def test_country_pages_and_the_not_found_page(site, page, visit):
    page.goto(site + "/countries/")
    visit.check("countries")
    page.locator("main").get_by_role("link", name="Indonesia").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indonesia")
    expect(page.locator("main")).to_contain_text("Ministerial Dialogue")
    visit.check("country")

    response = page.goto(site + "/meetings/no-such-meeting/")
    assert response.status == 404
    visit.check("not-found")
