"""Widgets: a cell's text to a value and back, with messages a person understands.

The messages are whole sentences in the active language (the admin page's), with the
cell's text and the record's and field's names in their places.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from core.dates import DatePrecision, iso_partial

from .cells import M2M_SEPARATOR, cell_text
from .registry import natural_key_field


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NullTextWidget(TextWidget):
    """Text whose empty cell is stored as NULL: a unique name with no Japanese yet."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value) or None


class CodeWidget(TextWidget):
    """A code such as an ISO country code: "vn" in a file is "VN"."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper()


def not_a_whole_number(text):
    return _("“%(value)s” is not a whole number.") % {"value": text}


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ValueError(not_a_whole_number(text)) from None
        if not number.is_integer():
            raise ValueError(not_a_whole_number(text))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "yes", "y", "x"}
    FALSE = {"0", "false", "no", "n", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """A closed list: the stored value or its label (in any of the site's languages), in
    any letter case. ``choices`` (value, label) are kept for the import templates."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        self.labels = {str(key): str(label) for key, label in self.choices}
        self.lookup = {}
        for key, label in self.labels.items():
            self.lookup[key.casefold()] = key
            self.lookup[label.casefold()] = key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for key, label in self.choices:
                    self.lookup.setdefault(str(label).casefold(), str(key))
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            allowed = ", ".join(self.labels)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if text == "":
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date written as YYYY-MM-DD.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DateTimeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            text = cell_text(value)
            if text == "":
                return None
            moment = parse_datetime(text.replace(" ", "T", 1))
            if moment is None:
                raise ValueError(
                    _("“%(value)s” is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00).")
                    % {"value": text}
                )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment

    def render(self, value, obj=None, **kwargs):
        return value.astimezone(datetime.UTC).isoformat() if value else ""


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class PartialDateWidget(widgets.Widget):
    """ "2015", "2008-03" or "2013-09-26": a date and the precision it is known to."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.date | datetime.datetime):
            day = value.date() if isinstance(value, datetime.datetime) else value
            return day, DatePrecision.DAY
        text = cell_text(value)
        if text == "":
            return None
        match = PARTIAL_DATE.match(text)
        try:
            if not match:
                raise ValueError
            year, month, day = match.groups()
            if day is not None:
                return datetime.date(int(year), int(month), int(day)), DatePrecision.DAY
            if month is not None:
                return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
            return datetime.date(int(year), 1, 1), DatePrecision.YEAR
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write 2015, 2008-03 or 2013-09-26.") % {"value": text}
            ) from None

    @staticmethod
    def render_partial(day, precision):
        return iso_partial(day, precision)


# How messages name the natural keys files refer to rows by.
KEY_NAMES = {"code": gettext_lazy("code"), "slug": gettext_lazy("slug")}


class KeyWidget(widgets.ForeignKeyWidget):
    """A reference by natural key (a slug, an ISO code); unknown keys are errors.

    The referenced table is read once per import, not once per row.
    """

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        self.reset()

    @property
    def field(self):
        # Looked up when first used, not when the resource class is built: by then every
        # app's resources are known (exchange.registry).
        return natural_key_field(self.model)

    @field.setter
    def field(self, value):  # ForeignKeyWidget.__init__ sets "pk"
        pass

    def reset(self):
        self._by_key = None

    def by_key(self):
        if self._by_key is None:
            self._by_key = {str(getattr(obj, self.field)): obj for obj in self.model.objects.all()}
        return self._by_key

    def normalise(self, text):
        return text.upper() if self.field == "code" else text

    def field_name(self):
        """The natural key's name in the active language ("code", "コード")."""
        return str(KEY_NAMES.get(self.field, self.field))

    def clean(self, value, row=None, **kwargs):
        text = self.normalise(cell_text(value))
        if text == "":
            return None
        try:
            return self.by_key()[text]
        except KeyError:
            raise ValueError(
                _("No %(record)s has the %(field)s “%(value)s”.")
                % {
                    "record": self.model._meta.verbose_name,
                    "field": self.field_name(),
                    "value": text,
                }
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class KeysWidget(KeyWidget):
    """Many references separated by "|"; every unknown key is named in the error."""

    def clean(self, value, row=None, **kwargs):
        keys = [self.normalise(part.strip()) for part in cell_text(value).split(M2M_SEPARATOR)]
        keys = list(dict.fromkeys(key for key in keys if key))
        known = self.by_key()
        unknown = [key for key in keys if key not in known]
        if unknown:
            listed = ", ".join(f"“{key}”" for key in unknown)
            raise ValueError(
                _("No %(records)s with the %(field)s %(values)s.")
                % {
                    "records": self.model._meta.verbose_name_plural,
                    "field": self.field_name(),
                    "values": listed,
                }
            )
        return [known[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        objects = value.all() if hasattr(value, "all") else (value or [])
        return M2M_SEPARATOR.join(sorted(str(getattr(o, self.field)) for o in objects))
