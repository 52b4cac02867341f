"""Columns of a file: a model field read from and written to a cell, under its header.

A translated field has a column per language ("Title (English)", "Title (Japanese)");
a file with only the English one (or the old "Title") still imports. A column is read
under its header in any of the site's languages ("開始日" is "Start date"; ``header_map``).
"""

import operator

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, pgettext_lazy
from import_export import fields

from core.dates import DatePrecision

from .cells import normalise_header
from .widgets import KeysWidget, KeyWidget, PartialDateWidget, TextWidget


class Column(fields.Field):
    """A column of a file: reads a cell into the model, writes the model into a cell."""

    def assign(self, instance, value):
        setattr(instance, self.attribute, value)

    def current(self, instance):
        return getattr(instance, self.attribute)

    def text(self, instance):
        return self.widget.render(self.current(instance))

    def is_m2m(self):
        return isinstance(self.widget, KeysWidget)

    # Export reads plain values (``values_list``), not model instances: building an
    # instance per row cost more than everything else the export does.
    def export_lookups(self):
        """The ``values_list`` lookups this column's cell is made from."""
        if isinstance(self.widget, KeyWidget):  # the natural key, through a join
            return [f"{self.attribute}__{self.widget.field}"]
        return [self.attribute]

    def export_reader(self, at, model):
        """A function giving this column's cell text (as ``text`` would) from a row of
        ``export_lookups`` values, which start at position ``at`` of the row."""
        if isinstance(self.widget, KeyWidget):
            return lambda row: "" if row[at] is None else str(row[at])
        if isinstance(self.widget, TextWidget) and not model._meta.get_field(self.attribute).null:
            return operator.itemgetter(at)  # text already, never None: the value is the cell
        render = self.widget.render
        return lambda row: render(row[at])


class PartialDateColumn(Column):
    """The start date and its precision, in one cell: "2008-03" is March 2008."""

    def __init__(self, attribute, precision_attribute, **kwargs):
        self.precision_attribute = precision_attribute
        super().__init__(attribute=attribute, widget=PartialDateWidget(), **kwargs)

    def assign(self, instance, value):
        day, precision = value if value else (None, DatePrecision.DAY)
        setattr(instance, self.attribute, day)
        setattr(instance, self.precision_attribute, precision)

    def current(self, instance):
        return getattr(instance, self.attribute), getattr(instance, self.precision_attribute)

    def text(self, instance):
        return PartialDateWidget.render_partial(*self.current(instance))

    def export_lookups(self):
        return [self.attribute, self.precision_attribute]

    def export_reader(self, at, model):
        render = PartialDateWidget.render_partial
        return lambda row: render(row[at], row[at + 1])

    def get_value(self, instance):
        return self.current(instance)

    def export(self, instance, **kwargs):
        return self.text(instance)


# English and Japanese: a translated field (django-modeltranslation, the apps'
# translation.py) has a column per language, "Title (English)" and "Title (Japanese)"
# (also read under their attribute names, title_en and title_ja). A file of before, with
# one "Title" column, is read as English: an English-only file still imports, and leaves
# the Japanese texts as they are.


def translated_field_of(django_field):
    """The field a translation column is made from (``title`` for ``title_ja``), or None."""
    return getattr(django_field, "translated_field", None)


def column_name_of(django_field):
    """ "Title", or "Title (English)" / "Title (Japanese)" for a translation column."""
    original = translated_field_of(django_field)
    if original is None:
        return capfirst(str(django_field.verbose_name))
    language = get_language_info(django_field.language)["name"]
    return f"{capfirst(str(original.verbose_name))} ({language})"


def header_aliases(django_field):
    """Other headers a column is read under: the English column of a translated field
    also under the field's own header and name ("Title", "title")."""
    original = translated_field_of(django_field)
    default = getattr(settings, "MODELTRANSLATION_DEFAULT_LANGUAGE", settings.LANGUAGE_CODE)
    if original is None or django_field.language != default:
        return ()
    return (capfirst(str(original.verbose_name)), original.name)


# A column's header in the page's language: "開始日" for "Start date", "名称（日本語）"
# for "Title (Japanese)". A file may use any language's headers; exports stay English.


# Django's own Japanese for "English" is "英語(米国)": the columns say 英語.
LANGUAGE_NAMES = {
    "en": pgettext_lazy("language of a column", "English"),
    "ja": pgettext_lazy("language of a column", "Japanese"),
}


def language_name(code):
    return str(LANGUAGE_NAMES.get(code) or get_language_info(code)["name_translated"])


def model_field(model, attribute):
    try:
        return model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None


def column_label(column, model):
    """``column``'s header in the active language (its English name in English)."""
    field = model_field(model, column.attribute)
    original = translated_field_of(field)
    if original is not None:
        return gettext("%(field)s (%(language)s)") % {
            "field": capfirst(str(original.verbose_name)),
            "language": language_name(field.language),
        }
    if getattr(field, "verbose_name", None) is not None:
        with translation.override(settings.LANGUAGE_CODE):
            own = capfirst(str(field.verbose_name)) == column.column_name
        if own:  # the field's own name: its translation is the catalogue's
            return capfirst(str(field.verbose_name))
    return gettext(column.column_name)


def column_headers(column, model):
    """Every header ``column`` is read under, besides its own: its label in each of the
    site's languages, and modeltranslation's "Title [ja]" for a translation column."""
    field = model_field(model, column.attribute)
    original = translated_field_of(field)
    headers = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.append(column_label(column, model))
            if original is not None:
                headers.append(f"{capfirst(str(original.verbose_name))} [{field.language}]")
    return headers


def header_map(columns, model):
    """{normalised header: column} for every header a file may name a column by: its
    name, its attribute ("title_ja"), its aliases and its label in every language."""
    by_name = {}
    for column in columns:
        by_name[normalise_header(column.column_name)] = column
        by_name.setdefault(normalise_header(column.attribute), column)
    for column in columns:
        for alias in (*getattr(column, "aliases", ()), *column_headers(column, model)):
            by_name.setdefault(normalise_header(alias), column)
    return by_name
