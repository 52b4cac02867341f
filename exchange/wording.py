"""The import engine's messages, worded in the active language (the admin page's).

Whole sentences with named placeholders, so a translation can order them as its
language needs; kept here so that exchange/engine.py stays about importing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def column_twice(column, first, second):
    return _("The column “%(column)s” appears twice (columns %(first)s and %(second)s).") % {
        "column": column,
        "first": first,
        "second": second,
    }


def unknown_columns(unknown, expected):
    message = ngettext(
        "Unknown column: %(columns)s. The columns are: %(expected)s.",
        "Unknown columns: %(columns)s. The columns are: %(expected)s.",
        len(unknown),
    )
    return message % {"columns": ", ".join(unknown), "expected": expected}


def missing_columns(missing):
    return _("Missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)}


def no_rows():
    return _("The file has no rows to import.")


def needs_value():
    return _("Every row needs a value here.")


def row_label():
    """Where a rule of the whole row is reported (the model's non-field errors)."""
    return _("Row")


def same_as_row(row, is_key):
    if is_key:
        return _("The same key as row %(row)s of this file.") % {"row": row}
    return _("The same value as row %(row)s of this file.") % {"row": row}


def value_taken():
    return _("Another record already has this value.")


def database_refused(error):
    return _("The database refused the import; nothing was written: %(error)s") % {"error": error}
