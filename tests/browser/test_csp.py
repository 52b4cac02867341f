"""The Content Security Policy in a real browser: nothing the site or the admin needs is
refused, and hostile text in the record runs nothing.

A refused script or style shows in two places: the console ("Refused to ...", "violates
the following Content Security Policy directive") and a ``securitypolicyviolation`` event
on the document, which an init script (not subject to the page's policy) records. Both
are collected on every page; any of them fails the test. A JavaScript dialog (``alert``)
fails it too.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.models import Country
from tests.factories import (
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

PASSWORD = "a-long-browser-test-password"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || ""}:${event.lineNumber || ""}) ${event.sample || ""}`
  );
});
"""


class Watch:
    """What the browser refused or ran, page by page."""

    def __init__(self, page):
        self.page = page
        self.console = []
        self.dialogs = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self.on_console)
        page.on("dialog", self.on_dialog)

    def on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.console.append(f"{self.page.url}: {text}")
        if "Permissions-Policy" in text:
            self.console.append(f"{self.page.url}: {text}")

    def on_dialog(self, dialog):
        self.dialogs.append(f"{self.page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def goto(self, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy, f"{url}: no policy ({policy!r})"
        assert "script-src 'self'" in policy
        assert "unsafe-eval" not in policy
        return response

    def assert_clean(self):
        """No refusal anywhere so far (the current page's events included)."""
        self.page.wait_for_timeout(100)  # let late console messages arrive
        events = self.page.evaluate("window.__cspViolations || []")
        assert self.console == [], "\n".join(self.console)
        assert events == [], f"{self.page.url}: {events}"
        assert self.dialogs == [], "\n".join(self.dialogs)


@pytest.fixture
def watch(page):
    return Watch(page)


@pytest.fixture
def editor_in_chief(transactional_db):
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@example.org", password=PASSWORD
    )


def sign_in(watch, site, username="chief"):
    watch.goto(site + "/admin/login/")
    watch.assert_clean()
    watch.page.get_by_label("Username").fill(username)
    watch.page.get_by_label("Password").fill(PASSWORD)
    watch.page.get_by_role("button", name="Log in").click()
    expect(watch.page).to_have_url(re.compile(r"/admin/$"))
    watch.assert_clean()


def test_public_pages_run_under_the_strict_policy(site, watch):
    page = watch.page
    for path in ("/", "/meetings/", "/programmes/", "/countries/", "/search/?q=Akino"):
        watch.goto(site + path)
        watch.assert_clean()
    # Pages reached by following links: a meeting (with its JSON-LD), a programme, a
    # country, a person.
    watch.goto(site + "/meetings/")
    page.locator(".card-list .card__title a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    watch.assert_clean()
    page.locator("main").get_by_role("link", name=re.compile("Model Cities")).first.click()
    page.wait_for_load_state("networkidle")
    watch.assert_clean()
    watch.goto(site + "/search/?q=Akino")
    page.locator("main").get_by_role("link", name=re.compile("Kozo Akino")).first.click()
    page.wait_for_load_state("networkidle")
    watch.assert_clean()
    response = page.goto(site + "/meetings/no-such-meeting/")
    assert response.status == 404
    assert "default-src 'self'" in response.headers["content-security-policy"]
    watch.assert_clean()


def test_the_admin_works_under_the_policy(site, watch, editor_in_chief, tmp_path):
    page = watch.page
    sign_in(watch, site)

    # A list, its search and its action bar.
    watch.goto(site + "/admin/meetings/meeting/?q=dialogue")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")
    watch.assert_clean()

    # A change form: autocomplete, an inline row added by clicking, autocomplete in it,
    # the date shortcuts, and the "add another" popup of a related field.
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("tr.dynamic-participations")
    before = rows.count()
    page.locator(".add-row a", has_text="Add another Participation").click()
    expect(rows).to_have_count(before + 1)
    rows.last.locator(".select2-selection").first.click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#id_series").locator("xpath=..").locator(".select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    with page.expect_popup() as popup_info:
        page.locator("#add_id_series").click()
    popup = popup_info.value
    popup.wait_for_load_state("networkidle")
    assert "_popup=1" in popup.url
    popup.close()
    watch.assert_clean()

    # A programme's form: many-to-many autocompletes.
    watch.goto(site + "/admin/programmes/programme/add/")
    page.locator("#id_themes").locator("xpath=..").locator(".select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    watch.assert_clean()

    # Import: upload, preview with differences, confirm.
    exported = page.request.get(site + "/meetings/download.csv").text()
    changed = exported.replace("Kitakyushu", "Kitakyushu City", 1)
    assert changed != exported
    upload = Path(tmp_path) / "meetings.csv"
    upload.write_text(changed, encoding="utf-8")
    watch.goto(site + "/admin/meetings/meeting/import/")
    watch.assert_clean()
    page.locator("input[type=file]").set_input_files(upload)
    page.locator("select[name=format]").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".import-summary")).to_contain_text("1 to update")
    expect(page.locator("table.import-preview del").first).to_be_visible()
    watch.assert_clean()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("1 updated")
    watch.assert_clean()

    # Export, a record's history, and the delete confirmation.
    watch.goto(site + "/admin/meetings/meeting/export/")
    watch.assert_clean()
    watch.goto(site + "/admin/meetings/meeting/")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")
    change_url = page.url
    watch.goto(change_url.replace("/change/", "/history/"))
    watch.assert_clean()
    # A version of the record, as a form (django-simple-history), with its "Revert".
    page.locator("#change-history tbody a[href*='/history/']").first.click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/history/\d+/$", page.url), page.url
    watch.assert_clean()
    watch.goto(change_url.replace("/change/", "/delete/"))
    watch.assert_clean()


HOSTILE = {
    "title": '<script>alert("title")</script>',
    "city": '"><img src=x onerror=alert("city")>',
    "venue": '</script><script>alert("venue")</script>',
    "outline": (
        "[click me](javascript:alert('outline'))\n\n"
        '<iframe src="https://evil.example/"></iframe>\n\n'
        "<svg onload=alert('svg')><style>body{display:none}</style>\n\n"
        "<img src=x onerror=alert('img')>"
    ),
    "person": '<svg onload=alert("person")>',
    "organisation": "</script><img src=x onerror=alert('org')>",
}


@pytest.fixture
def hostile_meeting(transactional_db):
    country = Country.objects.create(
        code="ZX", slug="hostile-land", name='Hostile"><img src=x onerror=alert("country")>'
    )
    series = MeetingSeriesFactory(short_name="<b onmouseover=alert('series')>JAD</b>")
    meeting = MeetingFactory(
        series=series,
        host_country=country,
        published=True,
        title=HOSTILE["title"],
        city=HOSTILE["city"],
        venue=HOSTILE["venue"],
        outline=HOSTILE["outline"],
    )
    ParticipationFactory(
        meeting=meeting,
        country=country,
        person=PersonFactory(name=HOSTILE["person"]),
        organisation=OrganisationFactory(name=HOSTILE["organisation"], country=country),
        title='<a href="javascript:alert(1)">Minister</a>',
    )
    ProgrammeFactory(published=True, countries=[country], description=HOSTILE["outline"])
    return meeting


def test_hostile_text_runs_nothing_on_public_and_admin_pages(
    live_server, watch, editor_in_chief, hostile_meeting
):
    site, page = live_server.url, watch.page
    for path in (
        "/",
        "/meetings/",
        hostile_meeting.get_absolute_url(),
        hostile_meeting.host_country.get_absolute_url(),
        "/programmes/",
        "/search/?q=Minister",
        "/search/?q=<script>alert('q')</script>",
    ):
        watch.goto(site + path)
        page.mouse.move(200, 300)
        watch.assert_clean()
    watch.goto(site + hostile_meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE["title"])
    page.get_by_text("click me").click()
    watch.assert_clean()

    sign_in(watch, site)
    watch.goto(site + "/admin/meetings/meeting/")
    watch.assert_clean()
    watch.goto(site + f"/admin/meetings/meeting/{hostile_meeting.pk}/change/")
    page.locator(".add-row a", has_text="Add another Participation").click()
    row = page.locator("tr.dynamic-participations").last
    row.locator("select[name$='-person']").locator("xpath=..").locator(".select2-selection").click()
    page.keyboard.type("svg")
    # The hostile name is offered as text, and runs nothing.
    expect(page.locator(".select2-results__option").first).to_have_text(f"Dr. {HOSTILE['person']}")
    page.keyboard.press("Escape")
    watch.assert_clean()
