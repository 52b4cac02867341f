"""Fixtures the admin import/export tests share (test_admin_* and test_import_log_admin).

``world`` is what tests/fixtures/admin_import/ refers to. test_importing,
test_hostile_files and test_import_records_command need other records and define their
own ``world``, which overrides this one in their module. The files that upload ask for
``temporary_folder`` (tests/conftest.py) with ``usefixtures``.
"""

import pytest

from tests.conftest import logged_in_client
from tests.exchange.admin_helpers import user_with_perms
from tests.factories import CountryFactory, FundFactory, MeetingSeriesFactory, ThemeFactory


@pytest.fixture
def world():
    """What the fixture files refer to: a series, two countries, a theme and a fund."""
    return {
        "series": MeetingSeriesFactory(slug="jad", short_name="JAD"),
        "vn": CountryFactory(code="VN", name="Viet Nam", slug="viet-nam"),
        "th": CountryFactory(code="TH", name="Thailand", slug="thailand"),
        "theme": ThemeFactory(slug="water", name="Water"),
        "fund": FundFactory(slug="jaif", acronym="JAIF"),
    }


@pytest.fixture
def viewer_client(django_user_model):
    """Staff who may only look at meetings: export yes, import no."""
    return logged_in_client(user_with_perms(django_user_model, "viewer", "meetings.view_meeting"))
