"""Fixtures several files of tests/core share (tests/conftest.py has the users).

``world`` is what the history tests' import files refer to; ``temporary_folder``
(tests/conftest.py) keeps an admin import's upload in the test's own folder.
"""

import pytest

from tests.factories import CountryFactory, FundFactory, MeetingSeriesFactory, ThemeFactory


@pytest.fixture
def world():
    """What import files refer to: a series, two countries, two themes, a fund."""
    return {
        "series": MeetingSeriesFactory(slug="jad", short_name="JAD"),
        # Codes from the factory's sequence (a fixed one could meet the sequence);
        # files name them VN and TH, replaced by ``coded``.
        "vn": CountryFactory(name="Viet Nam", slug="viet-nam"),
        "th": CountryFactory(name="Thailand", slug="thailand"),
        "water": ThemeFactory(slug="water", name="Water"),
        "cities": ThemeFactory(slug="cities", name="Sustainable cities"),
        "fund": FundFactory(slug="jaif", acronym="JAIF"),
    }
