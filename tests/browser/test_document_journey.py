"""Issue 15's journey in a real browser: an editor uploads a PDF on a meeting's form and
publishes it; a visitor finds it by a phrase from inside the PDF, reads the page where the
words are, and downloads the very bytes uploaded. axe-checked at every public step."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from documents.models import Document
from documents.samples import make_pdf
from meetings.models import Meeting
from tests.browser.conftest import Visit
from tests.browser.test_csp import PASSWORD, Watch, sign_in

PHRASE = "mangrove carbon accounting"
PAGES = [
    "Chair's summary of the dialogue. Opening remarks.",
    "Model cities reported progress on solid waste.",
    f"The meeting welcomed a new study on {PHRASE} in coastal provinces.",
]


@pytest.fixture
def editor_in_chief(transactional_db):
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@example.org", password=PASSWORD
    )


def test_an_uploaded_pdf_is_found_by_its_text_and_downloaded(
    site, page, browser, editor_in_chief, tmp_path
):
    meeting = Meeting.objects.published().get(number=9)
    pdf = tmp_path / "chairs-summary.pdf"
    pdf.write_bytes(make_pdf(PAGES))

    # The editor: the meeting's form, its Documents inline, a file, publish, save.
    watch = Watch(page)
    sign_in(watch, site)
    watch.goto(f"{site}/admin/meetings/meeting/{meeting.pk}/change/")
    inline = page.locator("#documents-group")
    inline.get_by_role("button", name="Add another Document").click()
    row = inline.locator(".dynamic-documents").last
    row.locator('select[name$="-kind"]').select_option("chairs_summary")
    row.locator('input[name$="-title_en"]').fill("Chair's summary of the Ninth Dialogue")
    row.locator('input[name$="-title_ja"]').fill("第9回対話議長サマリー")
    row.locator('input[type="file"][name$="-file"]').set_input_files(str(pdf))
    row.locator('select[name$="-status"]').select_option("published")
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".messagelist .success")).to_be_visible()
    document = Document.objects.get(meeting=meeting)
    assert (document.format, document.pages) == ("pdf", 3)
    watch.assert_clean()

    # The visitor: another browser context, no session.
    visitor = browser.new_context()
    public = visitor.new_page()
    visit = Visit(public, "test-results/document-journey")
    public.goto(f"{site}/search/?q={PHRASE.replace(' ', '+')}")
    results = public.locator('section[aria-labelledby="results-documents"]')
    card = results.locator("li", has_text="Chair's summary of the Ninth Dialogue")
    expect(card).to_be_visible()
    expect(card.locator("mark").first).to_contain_text("mangrove")
    expect(card).to_contain_text("page 3")
    visit.check("search")

    link = card.get_by_role("link", name="Chair's summary of the Ninth Dialogue")
    answer = public.request.get(site + link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert hashlib.sha256(answer.body()).hexdigest() == hashlib.sha256(pdf.read_bytes()).hexdigest()

    # The meeting's page lists it, in English and in Japanese.
    public.goto(site + meeting.get_absolute_url())
    expect(public.locator("#documents")).to_contain_text("Chair's summary of the Ninth Dialogue")
    expect(public.locator("#documents")).to_contain_text("PDF")
    visit.check("meeting")
    public.goto(f"{site}/ja{meeting.get_absolute_url()}")
    expect(public.locator("#documents")).to_contain_text("第9回対話議長サマリー")
    visit.check("meeting-ja")
    visitor.close()
