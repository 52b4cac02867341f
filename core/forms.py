"""Form fields the admin shares: a partial date typed as the import files write it.

A date known only to the year or the month is stored as a date plus its precision
(core.dates). On a form it is one text box: "2014", "2014-08" or "2014-08-28", and the
precision is what was typed. Nothing typed is ever dropped: a day is a day-precision date,
and anything else is refused with a message saying what the box reads.
"""

import calendar
import datetime
import unicodedata

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.dates import PARTIAL_DATE, DatePrecision, PartialDate, format_partial

PARTIAL_DATE_HELP = _(
    "A year (2014), a year and month (2014-08) or a full date (2014-08-28), in that order "
    "(ISO 8601). Give only what is known: 2014-08 shows as “August 2014”. The calendar "
    "picks a full date."
)


def as_partial_date(value):
    """``value`` as a PartialDate when it already is a date (a plain date is a day)."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return PartialDate(value, DatePrecision.DAY)
    return None


class PartialDateInput(AdminDateWidget):
    """A text box with the admin's calendar and "Today" shortcut (class ``vDateField``).

    The calendar writes a full date (YYYY-MM-DD, the first of the date input formats in
    English and Japanese alike); a year or a year and month is typed by hand. A partial
    date is shown as it is written: "2008-03", "2015".
    """

    def format_value(self, value):
        partial = as_partial_date(value)
        if partial is not None:
            return str(partial)
        return None if value in (None, "") else str(value)


class PartialDateField(forms.Field):
    """A date known to the year, the month or the day, typed in ISO order.

    Cleans to a ``PartialDate`` (day, precision): "2014-08" is (2014-08-01, "month"). Full-
    width digits and hyphens, as a Japanese input method may type them, are read as ASCII.
    Localised forms ("13/09/2017", "2014年8月") are refused, saying what is accepted.
    """

    widget = PartialDateInput
    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a date written as this field reads them: write a year "
            "(2014), a year and month (2014-08) or a full date (2014-08-28), year first."
        ),
        "invalid_month": _("“%(value)s” has no month %(month)s: months run from 01 to 12."),
        "invalid_day": _("“%(value)s” is not a day of the calendar: %(month)s has %(days)s days."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", PARTIAL_DATE_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        partial = as_partial_date(value)
        return str(partial) if partial is not None else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        partial = as_partial_date(value)
        if partial is not None:
            return partial
        typed = str(value).strip()
        if typed == "":
            return None
        match = PARTIAL_DATE.match(unicodedata.normalize("NFKC", typed))
        if not match:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": typed}
            )
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < datetime.MINYEAR:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": typed}
            )
        if month is None:
            return PartialDate(datetime.date(year, 1, 1), DatePrecision.YEAR)
        if not 1 <= month <= 12:
            raise ValidationError(
                self.error_messages["invalid_month"],
                code="invalid_month",
                params={"value": typed, "month": f"{month:02d}"},
            )
        first = datetime.date(year, month, 1)
        if day is None:
            return PartialDate(first, DatePrecision.MONTH)
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise ValidationError(
                self.error_messages["invalid_day"],
                code="invalid_day",
                params={
                    "value": typed,
                    "month": format_partial(first, DatePrecision.MONTH),
                    "days": days,
                },
            )
        return PartialDate(first.replace(day=day), DatePrecision.DAY)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        try:
            initial = self.to_python(initial)
        except ValidationError:
            return True
        return initial != data


class PartialDateModelFormMixin:
    """A model form whose date with a precision column is one PartialDateField.

    ``partial_dates`` maps each such date field to its precision field, e.g.
    ``{"start_date": "date_precision"}``. The form shows the stored date at its precision
    ("2008-03"); the precision is not a field of its own but follows from what is typed,
    and both columns are set from the one box. A form that would also have the precision
    field loses it: two boxes could disagree.
    """

    partial_dates = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for date_name, precision_name in self.partial_dates.items():
            self.fields.pop(precision_name, None)
            field = self.fields.get(date_name)
            if field is None:
                continue
            if field.label is None:
                field.label = capfirst(model._meta.get_field(date_name).verbose_name)
            value = self.initial.get(date_name)
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                stored = getattr(self.instance, date_name, None)
                precision = getattr(self.instance, precision_name, None) or DatePrecision.DAY
                if value == stored:
                    self.initial[date_name] = PartialDate(value, precision)

    def clean(self):
        cleaned_data = super().clean()
        for date_name, precision_name in self.partial_dates.items():
            value = cleaned_data.get(date_name)
            if isinstance(value, PartialDate):
                # The model field gets the day; the precision is set on the instance, as
                # the form has no field for it.
                cleaned_data[date_name] = value.day
                setattr(self.instance, precision_name, value.precision)
        return cleaned_data
