"""Read back a backup written by ``export_site``, in ONE transaction.

    python manage.py import_site backup.zip --dry-run
    python manage.py import_site backup.zip
    python manage.py import_site record.xlsx   # one sheet per kind of record

The files are read in dependency order (countries before the meetings that name them,
meetings before their participations and discussions); records are created or updated
by their natural keys. If any file has a problem, nothing at all is written, and every
problem of every file is printed.
"""

from django.core.management.base import BaseCommand, CommandError

from exchange.backup import import_site, model_label
from exchange.limits import FileProblem
from exchange.registry import resources


class Command(BaseCommand):
    help = (
        "Read a backup (a folder or .zip written by export_site) in one transaction: "
        "everything, or nothing and every problem listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="The backup: a folder or a .zip archive, or an .xlsx workbook."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and say what would change, without writing anything.",
        )

    def handle(self, *args, path, dry_run=False, verbosity=1, **options):
        def progress(outcome, seconds):
            if verbosity >= 1 and not outcome.refused:
                self.stdout.write(self.line(outcome, seconds))

        try:
            outcomes = import_site(path, dry_run=dry_run, progress=progress)
        except FileProblem as problem:
            raise CommandError(f"The backup was not read: {problem}") from None

        refused = [outcome for outcome in outcomes if outcome.refused]
        for outcome in refused:
            self.stderr.write(f"{outcome.name}:")
            for line in outcome.lines:
                self.stderr.write(f"  {line}")
        if refused:
            first = outcomes.index(refused[0])
            if any(outcome.refused for outcome in outcomes[first + 1 :]):
                self.stderr.write(
                    "Problems in a later file may follow from an earlier one: the records "
                    "of a refused file are not there for later files to name."
                )
            count = sum(len(outcome.lines) for outcome in refused)
            raise CommandError(
                f"The backup was refused ({count} problem{'s' if count != 1 else ''} in "
                f"{len(refused)} file{'s' if len(refused) != 1 else ''}); nothing was written."
            )

        missing = [key for key in resources() if key not in {o.key for o in outcomes}]
        if missing and verbosity >= 1:
            self.stderr.write(f"Not in the backup, left as they are: {', '.join(missing)}.")
        if verbosity >= 1:
            total = sum(sum(outcome.totals()) for outcome in outcomes)
            if dry_run:
                self.stdout.write(f"Dry run: {total:,} records checked; nothing was written.")
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"Imported {total:,} records in one transaction.")
                )

    @staticmethod
    def line(outcome, seconds):
        if outcome.empty:
            return f"{outcome.name}: no {model_label(_resource(outcome))}."
        created, updated, unchanged = outcome.totals()
        return (
            f"{outcome.name}: {created:,} created, {updated:,} updated, {unchanged:,} unchanged "
            f"({seconds:.1f} s)"
        )


def _resource(outcome):
    return resources()[outcome.key]
