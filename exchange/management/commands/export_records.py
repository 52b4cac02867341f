"""Export every record of one kind, streamed: memory does not grow with the records.

    python manage.py export_records meetings > meetings.csv
    python manage.py export_records programmes --format json -o programmes.json
    python manage.py export_records people -o people.xlsx

CSV is what import_records reads back, cells a spreadsheet would run as formulas escaped
with a leading apostrophe (which the import removes). JSON is a list of objects keyed
by the same headers, values as the record holds them. XLSX is written with openpyxl's
write-only workbook, every text cell typed as text.
"""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.backup import FILE_ENCODING, export_records, model_label, resolve_resource

EXPORT_FORMATS = ("csv", "json", "xlsx")


class Command(BaseCommand):
    help = "Export every record of one kind as CSV (the import's format), JSON or XLSX."

    def add_arguments(self, parser):
        parser.add_argument(
            "model",
            help="Which records: countries, organisations, people, series, meetings, "
            "participations, themes, funds, programmes or discussions.",
        )
        parser.add_argument(
            "--format",
            choices=EXPORT_FORMATS,
            help="Default: from the output file's extension, else csv.",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *args, model, format=None, output=None, verbosity=1, **options):
        try:
            _, resource_class = resolve_resource(model)
        except LookupError as problem:
            raise CommandError(str(problem)) from None
        file_format = format or self.format_from_name(output)
        resource = resource_class()
        if output in (None, "-"):
            try:
                self.to_stdout(resource, file_format)
            except BrokenPipeError:
                # The reader went away (`| head`): stop quietly, like any Unix tool.
                if self.stdout._out is sys.stdout:
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                    return
                raise
        else:
            count = self.to_file(resource, file_format, Path(output))
            if verbosity >= 1:
                records = model_label(resource_class, count)
                self.stderr.write(f"Exported {count:,} {records} to {output}.")

    @staticmethod
    def format_from_name(output):
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        return suffix if suffix in EXPORT_FORMATS else "csv"

    def to_stdout(self, resource, file_format):
        if file_format != "xlsx":
            # No byte-order mark: standard output is usually a pipe or another program.
            return export_records(resource, file_format, RawText(self.stdout))
        binary = getattr(self.stdout._out, "buffer", None)
        if binary is None or self.stdout.isatty():
            raise CommandError("An XLSX workbook is binary: write it to a file with -o FILE.")
        count = export_records(resource, file_format, binary)
        binary.flush()
        return count

    @staticmethod
    def to_file(resource, file_format, path):
        """An export that fails half-way leaves no truncated file behind."""
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        try:
            if file_format == "xlsx":
                return export_records(resource, file_format, path)
            # CSV for spreadsheets carries a byte-order mark (Excel then reads it as
            # UTF-8); JSON must not.
            encoding = FILE_ENCODING if file_format == "csv" else "utf-8"
            with open(path, "w", encoding=encoding, newline="") as stream:
                return export_records(resource, file_format, stream)
        except BaseException:
            path.unlink(missing_ok=True)
            raise


class RawText:
    """Standard output as a plain text stream: the command's wrapper would end every
    write with a newline."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
