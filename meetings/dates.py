"""Dates known only to the year or the month.

A partial date is stored as an ordinary ``date`` plus its precision: a month-precision
date is the first of its month, a year-precision date the first of January. It is shown
at its precision ("March 2008", "2015"), never with an invented day.
"""

import datetime

from django.db import models
from django.utils import dateformat
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


def truncate(value, precision):
    """The stored form of ``value`` at ``precision``: the first day of its month or year."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def format_partial(value, precision):
    """``value`` written at its precision: "2015", "March 2008" or "26 September 2013"."""
    if value is None:
        return ""
    return dateformat.format(value, DISPLAY_FORMATS[DatePrecision(precision)])


def format_range(start, end, precision):
    """A meeting's dates: "26 September 2013", "26–28 July 2011", "30 June – 2 July 2014".

    An end date only exists for day-precision meetings; anything else is shown as the
    start alone, at its precision.
    """
    if end is None or end == start or precision != DatePrecision.DAY:
        return format_partial(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_partial(end, precision)}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} – {format_partial(end, precision)}"
    return f"{format_partial(start, precision)} – {format_partial(end, precision)}"


def period(start, precision):
    """The first and last day the partial date could mean (for calendars and filters)."""
    if precision == DatePrecision.YEAR:
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, next_month - datetime.timedelta(days=1)
    return start, start
