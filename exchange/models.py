"""The import log: one ImportRecord per import attempt, refused ones included.

The table is the one meetings created (``meetings_importrecord``): the model moved here
with its rows (migrations 0001 here and meetings 0010 change no data).
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult

from .cells import cell_text
from .files import file_sha256
from .registry import resources


class ImportRecord(models.Model):
    """One import of a file, from the admin or the command line: who, what, and how it went.

    Written for every attempt, refused ones included (for the file's size or shape too,
    before any row is read), so editors can see what went into the record and when.
    The counts are what the rows did; for a refused attempt or a dry run, nothing was
    written and they are what the rows without problems would have done: they are shown
    as such (``written``, ``not_written``), never as created or updated.
    """

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused (nothing written)")
        DRY_RUN = "dry_run", _("Checked only (dry run)")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Command line")

    started_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("from"), max_length=10, choices=Source.choices)
    model = models.CharField(_("records"), max_length=100)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("rows with errors"), default=0)
    # Worded in the language of the page the import was made on (English on the command
    # line): a log of what the editor was told, not translated again when read.
    problems = models.TextField(_("problems"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        db_table = "meetings_importrecord"

    def __str__(self):
        return f"{self.file_name} ({self.get_outcome_display()}, {self.started_at:%Y-%m-%d %H:%M})"

    def records_name(self):
        """The kind of records, in the active language (``model`` holds the English name,
        whatever the language of the page the import was made on)."""
        for resource in resources().values():
            options = resource._meta.model._meta
            if english_plural(options) == self.model:
                return str(options.verbose_name_plural)
        return self.model

    def counts(self):
        return {"created": self.created, "updated": self.updated, "unchanged": self.skipped}

    def written(self):
        """What the attempt wrote, in the active language: counts only for an import."""
        if self.outcome != self.Outcome.IMPORTED:
            return gettext("Nothing")
        return (
            gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % self.counts()
        )

    def not_written(self):
        """What a dry run or a refused attempt would have written (its rows without
        problems), in the active language; empty for an import or an unread file."""
        if self.outcome == self.Outcome.IMPORTED or not self.created + self.updated + self.skipped:
            return ""
        return (
            gettext(
                "would have created %(created)s, updated %(updated)s, left %(unchanged)s unchanged"
            )
            % self.counts()
        )


def english_plural(options):
    with translation.override("en"):
        return str(options.verbose_name_plural)


# Reporting -------------------------------------------------------------------------------


def header_of(result, column):
    """The column as the page names it: its header in the active language, as the engine
    recorded it (``column_labels``); its file name otherwise."""
    return getattr(result, "column_labels", {}).get(column, column)


def problems(result):
    """Every problem of a result as lines a person reads: where, which column, what, why
    (in the active language)."""
    lines = [
        gettext("File: %(problem)s") % {"problem": error.error} for error in result.base_errors
    ]
    for row in result.invalid_rows:
        values = dict(zip(result.diff_headers, row.values, strict=False))
        for column, messages in row.error_dict.items():
            value = cell_text(values.get(column, ""))
            if value:
                line = gettext("Row %(row)s, column “%(column)s” (value “%(value)s”): %(message)s")
            else:
                line = gettext("Row %(row)s, column “%(column)s”: %(message)s")
            for message in messages:
                where = {"row": row.number, "column": header_of(result, column), "value": value}
                lines.append(line % {**where, "message": message})
    return lines


def record_import(
    *, resource, result, file_name, data=None, sha256=None, user=None, source, dry_run
):
    """Write the ImportRecord of one import attempt and return it: the file is named by
    the SHA-256 of ``data``, or by ``sha256`` when it was hashed as it came (a file
    refused for its size is never read whole)."""
    if result.has_errors() or result.has_validation_errors():
        outcome = ImportRecord.Outcome.REFUSED
    elif dry_run:
        outcome = ImportRecord.Outcome.DRY_RUN
    else:
        outcome = ImportRecord.Outcome.IMPORTED
    totals = result.totals
    return ImportRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source,
        model=english_plural(resource._meta.model._meta),
        file_name=file_name[:255],
        file_sha256=sha256 or file_sha256(data or b""),
        outcome=outcome,
        rows=result.total_rows,
        created=totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        updated=totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        skipped=totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
        invalid=len(result.invalid_rows),
        problems="\n".join(problems(result)),
    )
