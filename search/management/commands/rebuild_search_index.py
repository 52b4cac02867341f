"""Write the whole search index again from the record (docs/search.md says when)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from search import indexing


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the record, in one transaction (searches see the "
        "old index until it commits). Run it after restoring a database dump made without "
        "the search table, or after an upgrade that changes what is searched."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            counts = indexing.rebuild()
        if options["verbosity"]:
            listed = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuilt: {listed} ({time.perf_counter() - started:.1f} s)."
                )
            )
