"""Import one file of records, all or nothing, as the admin's import does.

    python manage.py import_records meetings meetings.csv --dry-run
    python manage.py import_records meetings meetings.csv
    python manage.py import_records meetings meetings.csv --encoding shift_jis

Every problem of the file is printed (row, column, value and why) and nothing is
written; the exit status is then non-zero. Each attempt is recorded (import records in
the admin), refused ones and dry runs included, and each record written gets a version
in its history with the reason "Imported from <file name>" and no user. A CSV file is
read as UTF-8 unless ``--encoding shift_jis`` says it is what Japanese Excel writes.
Commands run in English (Django's default for them): their messages are English.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from import_export.results import Error, RowResult

from exchange.backup import model_label, resolve_resource
from exchange.files import DEFAULT_ENCODING, ENCODINGS, FORMATS, NotUTF8, file_sha256, read_file
from exchange.limits import FileProblem, check_size
from exchange.models import ImportRecord, problems, record_import

# Above this many rows the command says what it is doing while it works.
PROGRESS_ROWS = 1000


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of records (countries, meetings, programmes, ...): "
        "rows are created or updated by their natural key; any problem and nothing is "
        "written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "model",
            help="Which records: countries, organisations, people, series, meetings, "
            "participations, themes, funds, programmes or discussions (singular works too).",
        )
        parser.add_argument("file", help="The file to import; - reads standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without writing anything.",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="What the file must be; by default it is recognised by its content.",
        )
        parser.add_argument(
            "--encoding",
            choices=list(ENCODINGS),
            default=DEFAULT_ENCODING,
            help="The encoding of a CSV file: utf-8 (the default) or shift_jis (what "
            "Japanese Excel saves as “CSV”). Never guessed.",
        )

    def handle(
        self,
        *args,
        model,
        file,
        dry_run=False,
        format=None,
        encoding=DEFAULT_ENCODING,
        verbosity=1,
        **options,
    ):
        try:
            resource_class = resolve_resource(model)[1]
        except LookupError as problem:
            raise CommandError(str(problem)) from None
        resource = resource_class()
        self.verbosity = verbosity
        self.started = time.monotonic()
        try:
            self.check_size(file)
        except FileProblem as problem:
            # Refused before it is read: on record all the same, hashed in chunks.
            result = resource.get_result_class()()
            result.append_base_error(Error(problem))
            with open(file, "rb") as stream:
                sha256 = file_sha256(chunks=iter(lambda: stream.read(1 << 20), b""))
            return self.refuse(resource, result, Path(file).name, None, dry_run, sha256=sha256)
        data, name = self.read(file)

        try:
            dataset = read_file(data, name, format, encoding=encoding)
        except NotUTF8 as problem:
            # The admin's message names its form's choice; here, the option.
            result = resource.get_result_class()()
            result.append_base_error(Error(FileProblem(not_utf8(problem.line))))
            return self.refuse(resource, result, name, data, dry_run)
        except FileProblem as problem:
            result = resource.get_result_class()()
            result.append_base_error(Error(problem))
            return self.refuse(resource, result, name, data, dry_run)

        rows = len(dataset)
        self.large = rows > PROGRESS_ROWS
        self.progress(f"Read {rows:,} rows from {name}")
        self.progress(
            f"Checking every row{'' if dry_run else ' and writing them in one transaction'}…"
        )
        # The versions it writes say where they came from: "Imported from meetings.csv".
        result = resource.import_data(dataset, dry_run=dry_run, file_name=name)
        if result.has_errors() or result.has_validation_errors():
            self.progress(f"Checked {rows:,} rows: refused, nothing written")
            return self.refuse(resource, result, name, data, dry_run)
        self.progress(f"Checked {result.total_rows:,} rows")
        if not dry_run:
            self.progress("Written")
        record_import(
            resource=resource,
            result=result,
            file_name=name,
            data=data,
            user=None,
            source=ImportRecord.Source.COMMAND,
            dry_run=dry_run,
        )
        if verbosity >= 1:
            self.stdout.write(self.summary(resource, result, name, dry_run))

    @staticmethod
    def check_size(file):
        """A file over the size limit is refused before it is read into memory."""
        if file != "-" and Path(file).is_file():
            check_size(Path(file).stat().st_size)

    def read(self, file):
        if file == "-":
            return sys.stdin.buffer.read(), "<stdin>"
        path = Path(file)
        try:
            return path.read_bytes(), path.name
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except IsADirectoryError:
            raise CommandError(f"{file} is a folder, not a file.") from None
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None

    def refuse(self, resource, result, name, data, dry_run, sha256=None):
        record_import(
            resource=resource,
            result=result,
            file_name=name,
            data=data,
            sha256=sha256,
            user=None,
            source=ImportRecord.Source.COMMAND,
            dry_run=dry_run,
        )
        lines = problems(result)
        for line in lines:
            self.stderr.write(line)
        count = len(lines)
        raise CommandError(
            f"{name} was refused ({count} problem{'s' if count != 1 else ''}); nothing was written."
        )

    def progress(self, message):
        if self.verbosity >= 1 and getattr(self, "large", False):
            elapsed = time.monotonic() - self.started
            self.stderr.write(f"{message} [{elapsed:.1f} s]")

    @staticmethod
    def summary(resource, result, name, dry_run):
        totals = result.totals
        created = totals.get(RowResult.IMPORT_TYPE_NEW, 0)
        updated = totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
        unchanged = totals.get(RowResult.IMPORT_TYPE_SKIP, 0)
        records = model_label(type(resource), result.total_rows)
        counts = f"{created:,} created, {updated:,} updated, {unchanged:,} unchanged"
        if dry_run:
            return (
                f"Dry run of {name} ({result.total_rows:,} {records}): would be {counts}. "
                "Nothing was written."
            )
        return f"Imported {name} ({result.total_rows:,} {records}): {counts}."


def not_utf8(line):
    return (
        f"Line {line} of the file is not UTF-8 text. If Japanese Excel saved it as CSV, "
        "run the command again with --encoding shift_jis; or save it in Excel as "
        "“CSV UTF-8” or XLSX."
    )
