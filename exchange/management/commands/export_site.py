"""Write the whole record as a backup a person can read: one CSV file per kind of
record, in the order they must be read back, and a README.txt that says so.

    python manage.py export_site backup/          # a folder
    python manage.py export_site backup-2024.zip  # a zip archive

Read it back, on this installation or another, with ``import_site``.
"""

from django.core.management.base import BaseCommand, CommandError

from exchange import stored_files
from exchange.backup import export_site
from exchange.limits import FileProblem


class Command(BaseCommand):
    help = (
        "Write every record to a folder or a .zip: 01-countries.csv … 10-discussions.csv "
        "and a README.txt. import_site reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder (created if need be) or a file ending in .zip.")

    def handle(self, *args, path, verbosity=1, **options):
        def progress(name, rows):
            if verbosity >= 2:
                self.stderr.write(f"{name}: {rows:,} row{'' if rows == 1 else 's'}")

        try:
            counts = export_site(path, progress=progress)
        except (FileProblem, OSError) as problem:
            raise CommandError(f"The backup was not written: {problem}") from None
        stored = counts.pop(f"{stored_files.FOLDER}/", 0)
        if verbosity >= 1:
            self.stdout.write(
                f"Wrote {sum(counts.values()):,} records in {len(counts)} files "
                f"and {stored:,} stored file{'' if stored == 1 else 's'} to {path}."
            )
