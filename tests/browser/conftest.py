"""Browser tests: Playwright drives the system Chromium (Debian package "chromium")
against the live test server, and axe-core checks every page (WCAG 2.2 AA rules).

Playwright cannot download its own browsers here; the tests launch the system one. On a
machine without it they are skipped with the reason, unless REQUIRE_BROWSER=1 (set by
.ci/run, which installs Chromium first), where a missing browser is an error.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

# Playwright's sync API keeps an asyncio loop running in the main thread for the rest of
# the session, so Django would refuse every later ORM call in any test as "async
# context" (SynchronousOnlyOperation). Every test here is synchronous: lift the check.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTHS = (375, 1280)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)"
        )
    skip = pytest.mark.skip(reason="no system Chromium (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Root in a container needs --no-sandbox; the rest keeps Chromium off the network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def site(transactional_db, live_server):
    """The live server's URL, serving the seed record."""
    call_command("load_seed", verbosity=0)
    return live_server.url


class Visit:
    """Checks each page a visitor sees: axe finds no violation; screenshots at two widths."""

    def __init__(self, page, output_path):
        self.page = page
        self.output = Path(output_path)
        self.output.mkdir(parents=True, exist_ok=True)
        self.axe = Axe()

    def check(self, name):
        results = self.axe.run(self.page)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        viewport = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=self.output / f"{name}-{width}.png", full_page=True)
        self.page.set_viewport_size(viewport)


@pytest.fixture
def visit(page, output_path):
    return Visit(page, output_path)
