"""Fixtures several files of tests/site share (tests/conftest.py has the users).

- ``now``: the moment the scheduled publishing and page cache tests travel from.
- ``payload``: each hostile string of the XSS tests, in turn (xss_helpers.HOSTILE).
- ``record``: the Japanese record of the interface tests in two languages; a file with a
  record of its own (the page cache tests, test_admin, test_cache_bounds) overrides it.
- ``compiled_catalogue`` and ``english_between_tests``: the interface tests in two
  languages ask for them with ``usefixtures``.
- ``temporary_folder`` (tests/conftest.py): the import tests of test_workflow_roles.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.site.i18n_helpers import MO_PATH, PO_PATH, make_record, reload_translations
from tests.site.xss_helpers import HOSTILE, HOSTILE_IDS


@pytest.fixture
def now():
    """The moment the tests travel from: now, to the second."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture(params=HOSTILE, ids=HOSTILE_IDS)
def payload(request):
    return request.param


# --- Two languages ------------------------------------------------------------------------


@pytest.fixture
def english_between_tests():
    """A request under /ja/ leaves Japanese active in this thread (as in a server's
    worker); the next test must not start in it (a factory's ``title=`` would fill the
    Japanese column)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def compiled_catalogue():
    """The .mo is build output (make test builds it); build it here if it is missing or
    older than the .po, so these tests also run straight from pytest."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", locale=["ja"], verbosity=0)
        reload_translations()


@pytest.fixture
def record(db):
    """A small published record with Japanese text in every translated field."""
    with translation.override("en"):  # ``title=`` is the English column
        return make_record()
