"""The documents file (import and export): a document's meeting and programme by their
slugs, its kind, titles, language, date at its precision, order, and its address or its
stored file's name. A file is uploaded in the admin or restored from a site backup
(``export_site`` writes the files beside the records); a row may name only a file the
storage holds. What is read from a file (format, size, pages, SHA-256, text) is never
imported: the file is read again when a row names a new one."""

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from exchange.cells import cell_text
from exchange.columns import PartialDateColumn
from exchange.limits import FileProblem
from exchange.resources import RecordResource
from exchange.widgets import TextWidget

from .models import Document
from .reading import read_into

logger = logging.getLogger(__name__)


def store_unreachable():
    return _("The file store could not be reached: nothing was imported. Try again later.")


def stored(name):
    """Whether the storage holds ``name``; a store that cannot be reached is the row's error."""
    try:
        return default_storage.exists(name)
    except Exception as error:  # S3 down, a network share gone: whatever the backend raises
        logger.warning("The file store failed while importing %s: %r", name, error)
        raise ValueError(store_unreachable()) from error


class StoredFileWidget(TextWidget):
    """The name of a file in the storage ("documents/2026/3f9c…/agenda.pdf")."""

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if name and (".." in name.split("/") or name.startswith("/")):
            raise ValueError(_("“%(name)s” is not a stored file's name.") % {"name": name})
        if name and not stored(name):
            raise ValueError(
                _(
                    "No stored file is named “%(name)s”: upload the file in the admin, or "
                    "import the site backup that holds it."
                )
                % {"name": name}
            )
        return name


class DocumentResource(RecordResource):
    file_key = "documents"
    natural_key = ("slug",)
    date = PartialDateColumn("date", "date_precision", column_name="Date")

    @classmethod
    def widget_for(cls, django_field):
        if django_field.name == "file":
            return StoredFileWidget()
        return super().widget_for(django_field)

    def write(self, plans, user=None, reason=None):
        # A row naming another stored file: read it (format, pages, text), as an upload is.
        saved = dict(
            Document.objects.filter(pk__in=[p.instance.pk for p in plans if not p.new])
            .exclude(read_at=None)
            .values_list("pk", "file")
        )
        for plan in plans:
            document = plan.instance
            if document.file and saved.get(document.pk) != document.file.name:
                try:
                    with default_storage.open(document.file.name, "rb") as file:
                        read_into(document, file)
                except Exception as error:  # nothing is written yet: the import is refused
                    logger.warning("The file store failed while importing: %r", error)
                    raise FileProblem(store_unreachable()) from error
        super().write(plans, user=user, reason=reason)

    class Meta:
        model = Document
        fields = (
            "slug", "meeting", "programme", "kind", "title_en", "title_ja", "language", "date",
            "order", "url", "file", "original_name", "status", "published_at",
        )  # fmt: skip
        export_order = fields
