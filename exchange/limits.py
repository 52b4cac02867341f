"""What an uploaded file may be: its size and shape limits, and the refusal that names them.

Refusals are worded when raised, in the active language: the admin's page's (the
editor's), English on the command line. The import log keeps them as they were shown.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class FileProblem(Exception):
    """Something wrong with the file as a whole: nothing is imported."""


def max_import_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024)


@dataclass(frozen=True)
class ImportLimits:
    """What a file may hold; 0 lifts a limit.

    ``rows``: rows under the header (blank rows inside the table count: they keep the
    line numbers); blank rows before the header or after the table are not kept, and at
    most ``rows`` of them are read. ``columns``: the last column holding a value.
    ``cell_chars``: characters in one cell. ``xlsx_cells``: cells a worksheet holds,
    empty ones included. ``xlsx_xml_bytes``: what the workbook's XML unpacks to (a zip
    bomb is refused before anything is unpacked).
    """

    bytes: int = 5 * 1024 * 1024
    rows: int = 50_000
    columns: int = 100
    cell_chars: int = 100_000
    xlsx_cells: int = 1_000_000
    xlsx_xml_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_settings(cls, **overrides):
        defaults = cls()
        values = {
            name: getattr(settings, f"IMPORT_MAX_{name.upper()}", getattr(defaults, name))
            for name in ("bytes", "rows", "columns", "cell_chars", "xlsx_cells", "xlsx_xml_bytes")
        }
        return cls(**(values | overrides))

    @classmethod
    def for_backup(cls):
        """A whole-site backup read on the command line (``import_site``): it is as large
        as the record, so bytes, rows and cell length are not limited; its columns and
        XLSX shape never come near the limits, which stay."""
        return cls.from_settings(bytes=0, rows=0, cell_chars=0)


def human_size(size):
    if size < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    if size < 1_048_576:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1_048_576:.1f} MB"


def check_size(size, max_bytes=None):
    """Refuse a file over the limit (None: the IMPORT_MAX_BYTES setting; 0: no limit)."""
    # The upload limit protects the web site; the command line may lift it.
    limit = max_import_bytes() if max_bytes is None else max_bytes
    if limit and size > limit:
        raise FileProblem(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": human_size(size), "limit": human_size(limit)}
        )
