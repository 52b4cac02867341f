"""The cell conventions every file shares: text of a cell, formula escaping, headers.

Many-to-many values are separated by "|"; a cell a spreadsheet would run as a formula is
escaped on export and unescaped on import, so a round trip is lossless.
"""

import datetime
import re
import unicodedata

M2M_SEPARATOR = "|"

# OWASP: a cell a spreadsheet would run as a formula. Escaped on export with a leading
# apostrophe (which spreadsheets hide), unescaped on import so a round trip is lossless.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset("".join(FORMULA_TRIGGERS) + "'")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

# How many rows show their differences in a preview; beyond, the counts are enough.
DIFF_ROW_LIMIT = 1000


def escape_formula(value):
    """``=SUM(A1)`` -> ``'=SUM(A1)``; a plain negative number such as ``-5`` stays usable.

    Text that already starts with apostrophes before a formula character gets one more,
    so that unescaping gives it back exactly.
    """
    if not value or not isinstance(value, str) or value[0] not in FORMULA_STARTS:
        return value  # nearly every cell: one look at its first character
    if value.lstrip("'").startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def unescape_formula(value):
    escaped = isinstance(value, str) and value[:1] == "'"
    if escaped and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


BRACKET = re.compile(r"\s*([()\[\]])\s*")


def normalise_header(header):
    # NFKC: a header typed with full-width letters or brackets ("Ｔｉｔｌｅ（日本語）") is
    # the same header.
    text = unicodedata.normalize("NFKC", str(header or "").replace("\ufeff", ""))
    text = BRACKET.sub(r" \1 ", text)  # "名称(日本語)" and "名称 (日本語)" alike
    return " ".join(text.split()).casefold()


def cell_text(value):
    """A cell as text: spreadsheets hand over numbers and dates as such."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    # Control characters (other than tab and line breaks) are never meant: drop them.
    return unescape_formula(CONTROL_CHARACTERS.sub("", str(value)).strip())


def is_blank(cells):
    return all(cell_text(cell) == "" for cell in cells)
