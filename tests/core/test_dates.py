"""Partial dates: stored as a plain date plus precision, shown without an invented day."""

import datetime

import pytest

from core.dates import DatePrecision, format_partial, format_range, period, truncate

D = datetime.date
YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


class TestTruncate:
    @pytest.mark.parametrize(
        ("value", "precision", "stored"),
        [
            (D(2008, 3, 17), MONTH, D(2008, 3, 1)),
            (D(2008, 3, 1), MONTH, D(2008, 3, 1)),
            (D(2015, 9, 30), YEAR, D(2015, 1, 1)),
            (D(2013, 9, 26), DAY, D(2013, 9, 26)),
            (D(2024, 2, 29), MONTH, D(2024, 2, 1)),
        ],
    )
    def test_stored_form_is_the_first_day_of_the_period(self, value, precision, stored):
        assert truncate(value, precision) == stored

    def test_plain_strings_work_as_precision(self):
        # Forms and CSV imports hand over the stored value, not the enum member.
        assert truncate(D(2008, 3, 17), "month") == D(2008, 3, 1)

    def test_no_date_stays_none(self):
        assert truncate(None, MONTH) is None


class TestFormatPartial:
    @pytest.mark.parametrize(
        ("value", "precision", "shown"),
        [
            (D(2015, 1, 1), YEAR, "2015"),
            (D(2008, 3, 1), MONTH, "March 2008"),
            (D(2013, 9, 26), DAY, "26 September 2013"),
            (D(2011, 7, 1), DAY, "1 July 2011"),
        ],
    )
    def test_shown_at_its_precision(self, value, precision, shown):
        assert format_partial(value, precision) == shown

    def test_month_precision_never_shows_a_day(self):
        # Even a value that was never truncated does not leak its day.
        assert format_partial(D(2008, 3, 17), "month") == "March 2008"

    def test_no_date_is_empty(self):
        assert format_partial(None, DAY) == ""


class TestFormatRange:
    @pytest.mark.parametrize(
        ("start", "end", "precision", "shown"),
        [
            (D(2013, 9, 26), None, DAY, "26 September 2013"),
            (D(2013, 9, 26), D(2013, 9, 26), DAY, "26 September 2013"),
            (D(2011, 7, 26), D(2011, 7, 28), DAY, "26–28 July 2011"),
            (D(2014, 6, 30), D(2014, 7, 2), DAY, "30 June – 2 July 2014"),
            (D(2014, 12, 30), D(2015, 1, 2), DAY, "30 December 2014 – 2 January 2015"),
            (D(2008, 3, 1), None, MONTH, "March 2008"),
            (D(2015, 1, 1), None, YEAR, "2015"),
        ],
    )
    def test_meeting_dates(self, start, end, precision, shown):
        assert format_range(start, end, precision) == shown

    def test_an_end_date_is_ignored_below_day_precision(self):
        # Month precision cannot honestly show "1–3 March 2008".
        assert format_range(D(2008, 3, 1), D(2008, 3, 3), MONTH) == "March 2008"


class TestPeriod:
    @pytest.mark.parametrize(
        ("start", "precision", "first", "last"),
        [
            (D(2015, 1, 1), YEAR, D(2015, 1, 1), D(2015, 12, 31)),
            (D(2008, 3, 1), MONTH, D(2008, 3, 1), D(2008, 3, 31)),
            (D(2008, 4, 1), MONTH, D(2008, 4, 1), D(2008, 4, 30)),
            (D(2024, 2, 1), MONTH, D(2024, 2, 1), D(2024, 2, 29)),
            (D(2023, 2, 1), MONTH, D(2023, 2, 1), D(2023, 2, 28)),
            (D(1900, 2, 1), MONTH, D(1900, 2, 1), D(1900, 2, 28)),
            (D(2000, 2, 1), MONTH, D(2000, 2, 1), D(2000, 2, 29)),
            (D(2023, 12, 1), MONTH, D(2023, 12, 1), D(2023, 12, 31)),
            (D(2013, 9, 26), DAY, D(2013, 9, 26), D(2013, 9, 26)),
        ],
    )
    def test_first_and_last_day_the_date_could_mean(self, start, precision, first, last):
        assert period(start, precision) == (first, last)

    def test_untruncated_month_value_still_covers_the_whole_month(self):
        assert period(D(2024, 2, 17), MONTH) == (D(2024, 2, 1), D(2024, 2, 29))

    def test_plain_strings_work_as_precision(self):
        assert period(D(2024, 2, 1), "month") == (D(2024, 2, 1), D(2024, 2, 29))
