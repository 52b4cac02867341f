"""Dates known only to the year or the month.

A partial date is stored as an ordinary ``date`` plus its precision: a month-precision
date is the first of its month, a year-precision date the first of January. It is shown
at its precision ("March 2008", "2015"), never with an invented day.

Each language writes dates its own way: English "26 September 2013", "March 2008",
"26–28 July 2011"; Japanese 2013年9月26日, 2008年3月, 2015年, 2011年7月26日～28日.
The active language (the page's) chooses.
"""

import datetime
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


DISPLAY_FORMATS = {
    DatePrecision.YEAR: "Y",
    DatePrecision.MONTH: "F Y",
    DatePrecision.DAY: "j F Y",
}

# Japanese: Django's own formats for a day and a month ("Y年n月j日", "Y年n月"); a year
# alone has none. A range is joined with a wave dash and drops what the start repeats.
JA_RANGE_SEPARATOR = "～"


def is_japanese():
    return (get_language() or "").split("-")[0] == "ja"


def japanese_formats():
    return {
        DatePrecision.YEAR: "Y年",
        DatePrecision.MONTH: get_format("YEAR_MONTH_FORMAT", lang="ja"),
        DatePrecision.DAY: get_format("DATE_FORMAT", lang="ja"),
    }


class PartialDate(NamedTuple):
    """A date and the precision it is known to; written, it is its ISO form ("2008-03")."""

    day: datetime.date
    precision: str

    def __str__(self):
        return iso_partial(self.day, self.precision)


# How a partial date is written in a form or a file: "2015", "2008-03", "2013-09-26" (a month
# or day may have one digit). ASCII digits: core.forms turns full-width ones into these.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", re.ASCII)


def truncate(value, precision):
    """The stored form of ``value`` at ``precision``: the first day of its month or year."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def beyond_precision(start, precision):
    """The error for a date more precise than its precision (2014-08-28 with "Month"), or
    None. Saving would cut it to the first of its month or year, losing what was typed:
    a form refuses it (saves outside forms, such as scripts, still store the cut date)."""
    if not isinstance(start, datetime.date) or precision not in DatePrecision.values:
        return None
    cut = truncate(start, precision)
    if cut == start:
        return None
    return ValidationError(
        _(
            "“%(date)s” is more precise than the date precision (%(precision)s): saving "
            "would cut it to “%(cut)s”. Give the date at its precision, or change the "
            "precision."
        ),
        code="beyond_precision",
        params={
            "date": start.isoformat(),
            "precision": DatePrecision(precision).label,
            "cut": iso_partial(cut, precision),
        },
    )


def iso_partial(value, precision):
    """ISO 8601 at the date's precision: "2015", "2008-03" or "2013-09-26" ("" for None)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial(value, precision):
    """``value`` written at its precision: "2015", "March 2008" or "26 September 2013"."""
    if value is None:
        return ""
    formats = japanese_formats() if is_japanese() else DISPLAY_FORMATS
    return dateformat.format(value, formats[DatePrecision(precision)])


def format_range(start, end, precision):
    """A meeting's dates: "26 September 2013", "26–28 July 2011", "30 June – 2 July 2014".

    An end date only exists for day-precision meetings; anything else is shown as the
    start alone, at its precision.
    """
    if end is None or end == start or precision != DatePrecision.DAY:
        return format_partial(start, precision)
    if is_japanese():
        return japanese_range(start, end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_partial(end, precision)}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} – {format_partial(end, precision)}"
    return f"{format_partial(start, precision)} – {format_partial(end, precision)}"


def japanese_range(start, end):
    """2011年7月26日～28日, 2014年6月30日～7月2日, 2013年12月30日～2014年1月2日."""
    if (start.year, start.month) == (end.year, end.month):
        end_text = dateformat.format(end, "j日")
    elif start.year == end.year:
        end_text = dateformat.format(end, get_format("MONTH_DAY_FORMAT", lang="ja"))
    else:
        end_text = format_partial(end, DatePrecision.DAY)
    return f"{format_partial(start, DatePrecision.DAY)}{JA_RANGE_SEPARATOR}{end_text}"


def period(start, precision):
    """The first and last day the partial date could mean (for calendars and filters)."""
    if precision == DatePrecision.YEAR:
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, next_month - datetime.timedelta(days=1)
    return start, start
