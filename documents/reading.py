"""What the site reads from a document's file: format, size, SHA-256, pages and text.

``read_into(document)`` runs when a file is uploaded or replaced (``Document.
prepare_for_save``) and from ``reread_documents``. The text is read by documents/
extract.py in a child process with a time limit (DOCUMENT_READ_SECONDS) and a memory
limit, up to DOCUMENT_MAX_PAGES_READ pages and DOCUMENT_MAX_TEXT_CHARS characters: a
hostile file costs seconds, never a hung request. A file whose text cannot be read is
kept, its text status saying so.
"""

import hashlib
import json
import logging
import resource
import subprocess
import sys
from pathlib import Path, PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formats import recognise

logger = logging.getLogger(__name__)
EXTRACTOR = Path(__file__).with_name("extract.py")
HAS_TEXT = {"pdf", "docx", "odt", "ods", "odp", "pptx", "xlsx", "txt"}
CHILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024


class TextStatus(models.TextChoices):
    """What came of reading the file's text (Document.text_status, shown in the admin).
    Here, not in models.py, which reads through this module (no import circle)."""

    NOT_READ = "", _("Not read")
    READ = "read", _("Read")
    NO_TEXT = "no_text", _("The format has no text")
    UNREADABLE = "unreadable", _("Its text could not be read")


def read_into(document, file=None):
    """Set ``document``'s derived fields from ``file`` (by default its own, opened)."""
    file = file if file is not None else document.file
    file.seek(0)
    found = recognise(file)
    data = file.read()
    file.seek(0)
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.format = found.name
    document.media_type = found.media_type
    if getattr(file, "name", None) and not document.original_name:
        document.original_name = PurePath(file.name).name[:255]
    if found.name in HAS_TEXT:
        pages, text, status = extract(found.name, data)
    else:
        pages, text, status = None, "", TextStatus.NO_TEXT
    document.pages, document.text, document.text_status = pages, text, status
    document.read_at = timezone.now()


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))


def extract(format_name, data):
    """(pages, text, text status) of ``data``, read by the child process."""
    command = [
        sys.executable,
        "-I",  # isolated: neither the environment nor the working folder changes it
        str(EXTRACTOR),
        format_name,
        str(settings.DOCUMENT_MAX_PAGES_READ),
        str(settings.DOCUMENT_MAX_TEXT_CHARS),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            command,
            input=data,
            capture_output=True,
            timeout=settings.DOCUMENT_READ_SECONDS,
            preexec_fn=_limit_memory,  # noqa: PLW1509 - no threads are started before it
            check=False,
        )
        answer = json.loads(done.stdout)
    except subprocess.TimeoutExpired:
        logger.warning(
            "Reading a %s file took over %s s: kept without text",
            format_name,
            settings.DOCUMENT_READ_SECONDS,
        )
        return None, "", TextStatus.UNREADABLE
    except (ValueError, OSError):
        logger.warning("Reading a %s file failed: kept without text", format_name)
        return None, "", TextStatus.UNREADABLE
    status = TextStatus.READ if answer["status"] == "read" else TextStatus.UNREADABLE
    return answer["pages"], answer["text"], status
