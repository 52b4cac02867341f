"""The API's documentation page in a real Chromium under the site's strict CSP: Swagger UI
(from the site's static files) renders every endpoint's operations from the schema, an
operation opens and "Try it out" calls the API, and the browser refuses nothing."""

import re

from playwright.sync_api import expect

from tests.browser.test_csp import Watch


def test_the_api_docs_render_under_the_strict_policy(site, page):
    watch = Watch(page)
    response = watch.goto(site + "/api/v1/docs/")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible(timeout=15_000)
    paths = set(operations.all_inner_texts())
    assert {"/api/v1/meetings/", "/api/v1/meetings/{slug}/", "/api/v1/countries/{code}/"} <= {
        p.replace("\u200b", "") for p in paths
    }
    watch.assert_clean()

    # An operation opens, and "Try it out" reads the seed record through the API.
    block = page.locator("#operations-meetings-meetings_list")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    live = block.locator(".live-responses-table")
    expect(live).to_contain_text(re.compile(r'"count": \d+'), timeout=15_000)
    expect(live).to_contain_text('"date_precision"')
    watch.assert_clean()


def test_the_footer_links_the_api_docs(site, page):
    watch = Watch(page)
    watch.goto(site + "/")
    page.locator("footer").get_by_role("link", name="Open data (API)").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/api/v1/docs/")
    watch.assert_clean()
