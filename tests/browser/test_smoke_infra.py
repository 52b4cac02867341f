def test_home(site, page, visit):
    page.goto(site + "/")
    assert page.locator("h1").first.inner_text().startswith("Japan-ASEAN Dialogue")
    visit.check("home")
