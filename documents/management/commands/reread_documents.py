"""Read every document's file again: after an upgrade of what reads the files (a better
text extractor, a new format), or to retry the files whose text could not be read."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.models import content_changed
from documents.models import Document, TextStatus
from documents.reading import read_into

# What a re-read writes: the fields derived from the file, never an editor's.
DERIVED = ["size", "format", "media_type", "pages", "sha256", "text", "text_status", "read_at"]


class Command(BaseCommand):
    help = (
        "Read the documents' files again (format, size, SHA-256, pages, text), in batches, "
        "and say how many were read, had no text, could not be read, are refused or are "
        "missing. Editors' fields, publication and history are left alone; the search "
        "index is written again at the end."
    )

    def add_arguments(self, parser):
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument(
            "--only-unread",
            action="store_true",
            help="Only the documents whose file was never read.",
        )
        chosen.add_argument(
            "--only-unreadable",
            action="store_true",
            help="Only the documents whose text could not be read last time.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=50,
            help="Documents fetched at a time (default 50); texts are never all in memory.",
        )

    def handle(self, *args, only_unread, only_unreadable, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.verbosity = options["verbosity"]
        chosen = Document.objects.exclude(file="")
        if only_unread:
            chosen = chosen.filter(read_at__isnull=True)
        if only_unreadable:
            chosen = chosen.filter(text_status=TextStatus.UNREADABLE)
        started = time.perf_counter()
        counts = dict.fromkeys(["read", "no text", "unreadable", "refused", "missing"], 0)
        try:
            for document in self.batches(chosen, batch_size):
                counts[self.reread(document)] += 1
        finally:
            if sum(counts.values()):
                content_changed(sender=Document)  # updates send no signal: search, pages
        if self.verbosity:
            listed = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Documents re-read: {listed} ({time.perf_counter() - started:.1f} s)."
                )
            )

    @staticmethod
    def batches(chosen, batch_size):
        """The chosen documents by increasing id, ``batch_size`` at a time, without their
        stored texts (a re-read writes each text and lets it go)."""
        chosen = chosen.order_by("pk").only("pk", "slug", "file", "original_name")
        last = 0
        while True:
            batch = list(chosen.filter(pk__gt=last)[:batch_size])
            if not batch:
                return
            yield from batch
            last = batch[-1].pk

    def reread(self, document):
        """Read one document's file and write what was read; the outcome's name."""
        name = document.file.name
        try:
            if not document.file.storage.exists(name):
                raise FileNotFoundError(name)
            with document.file.open("rb") as file:
                read_into(document, file)
        except (FileNotFoundError, IsADirectoryError):
            self.tell(document, f"its file {name} is missing")
            return "missing"
        except ValidationError as refused:
            self.tell(document, f"its file is refused now: {' '.join(refused.messages)}")
            return "refused"
        # Only if the file is still the one read (an editor may have replaced it meanwhile).
        Document.objects.filter(pk=document.pk, file=name).update(
            **{field: getattr(document, field) for field in DERIVED}
        )
        if document.text_status == TextStatus.UNREADABLE:
            self.tell(document, "its text could not be read")
            return "unreadable"
        return "no text" if document.text_status == TextStatus.NO_TEXT else "read"

    def tell(self, document, what):
        if self.verbosity:
            self.stdout.write(f"{document.slug}: {what}.")
