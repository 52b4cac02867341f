"""``manage.py reread_documents``: after an upgrade of what reads the files, every
document's file is read again, in batches, saying how many were read, had no text, could
not be read, are refused or are missing; editors' fields, publication and history are
left alone, and search finds what was read."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import content_changed
from documents.models import Document, TextStatus
from documents.samples import make_pdf
from search.engine import search
from tests.documents.files import PHRASE, png
from tests.documents.test_document_admin import encrypted_pdf
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def reread(*options):
    out = io.StringIO()
    call_command("reread_documents", *options, stdout=out)
    return out.getvalue()


def forget_reading(*documents, status=TextStatus.NOT_READ):
    """As if the files had been stored by an older site that read nothing from them."""
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(
        size=None, format="", media_type="", pages=None, sha256="", text="", text_status=status,
        **({"read_at": None} if status == TextStatus.NOT_READ else {}),
    )  # fmt: skip
    content_changed(sender=Document)


def pdf_document(pages, **fields):
    return DocumentFactory(file=ContentFile(make_pdf(pages), name="report.pdf"), **fields)


def test_every_file_is_read_again_and_found_by_search():
    document = pdf_document(
        ["Opening", f"Second page on {PHRASE}"], title="Field report", published=True
    )
    image = DocumentFactory(file=ContentFile(png(), name="map.png"), title="Map")
    address = DocumentFactory(file=None, url="https://example.org/agenda.pdf")
    forget_reading(document, image)
    versions = document.history.count()
    updated_at = Document.objects.get(pk=document.pk).updated_at
    assert search(PHRASE)["documents"] == []

    out = reread()

    assert "Documents re-read: 1 read, 1 no text, 0 unreadable, 0 refused, 0 missing" in out
    document.refresh_from_db()
    assert (document.format, document.media_type, document.pages) == (
        "pdf",
        "application/pdf",
        2,
    )
    assert document.text.split("\f")[1] == f"Second page on {PHRASE}"
    assert document.text_status == TextStatus.READ
    assert document.size == document.file.size and len(document.sha256) == 64
    assert document.read_at is not None
    image.refresh_from_db()
    assert (image.format, image.text_status, image.pages) == ("png", TextStatus.NO_TEXT, None)
    address.refresh_from_db()
    assert address.read_at is None  # an address has no file to read
    # Not an editor's change: no new version, the record's "updated" time unchanged.
    assert document.history.count() == versions
    assert document.updated_at == updated_at
    hits = search(PHRASE)["documents"]
    assert [hit.title for hit in hits] == ["Field report"]
    assert hits[0].meta.endswith("page 2")


def test_missing_unreadable_and_refused_files_are_counted_and_named():
    kept = pdf_document([f"Kept {PHRASE}"], slug="kept-agenda")
    missing = pdf_document(["Lost"], slug="lost-agenda")
    locked = DocumentFactory(
        file=ContentFile(encrypted_pdf(), name="locked.pdf"), slug="locked-summary"
    )
    refused = pdf_document(["Replaced"], slug="replaced-report")
    missing.file.storage.delete(missing.file.name)
    with refused.file.storage.open(refused.file.name, "wb") as stored:  # tampered with
        stored.write(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    before = Document.objects.values_list("pk", "sha256", "text").get(pk=missing.pk)

    out = reread()

    assert "Documents re-read: 1 read, 0 no text, 1 unreadable, 1 refused, 1 missing" in out
    assert f"lost-agenda: its file {missing.file.name} is missing." in out
    assert "locked-summary: its text could not be read." in out
    assert "replaced-report: its file is refused now: This file is an HTML page" in out
    assert "kept-agenda" not in out
    # A missing or refused file leaves the row as it was; nothing is deleted.
    assert Document.objects.values_list("pk", "sha256", "text").get(pk=missing.pk) == before
    assert Document.objects.get(pk=refused.pk).text == "Replaced"
    locked.refresh_from_db()
    assert (locked.text_status, locked.text) == (TextStatus.UNREADABLE, "")
    assert Document.objects.count() == 4 and kept.file.storage.exists(kept.file.name)


def test_only_unread_and_only_unreadable_choose_the_documents():
    never_read = pdf_document([f"Never read {PHRASE}"])
    failed = pdf_document([f"Failed once {PHRASE}"])
    stale = pdf_document([f"Read long ago {PHRASE}"])
    forget_reading(never_read)
    forget_reading(failed, status=TextStatus.UNREADABLE)
    Document.objects.filter(pk=stale.pk).update(text="an older extractor's text")

    assert "1 read, 0 no text" in reread("--only-unread")
    never_read.refresh_from_db()
    assert never_read.text == f"Never read {PHRASE}"
    assert Document.objects.get(pk=failed.pk).text == ""

    assert "1 read, 0 no text" in reread("--only-unreadable")
    failed.refresh_from_db()
    assert (failed.text, failed.text_status) == (f"Failed once {PHRASE}", TextStatus.READ)
    assert Document.objects.get(pk=stale.pk).text == "an older extractor's text"

    assert "3 read" in reread()
    assert Document.objects.get(pk=stale.pk).text == f"Read long ago {PHRASE}"


def test_documents_are_fetched_in_batches_without_their_texts():
    documents = [pdf_document([f"Page of document {n}"]) for n in range(5)]
    forget_reading(*documents)

    with CaptureQueriesContext(connection) as queries:
        out = reread("--batch-size", "2")

    assert "5 read" in out
    fetches = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "documents_document"."id"')
    ]
    assert len(fetches) == 4  # 2 + 2 + 1, then an empty batch
    assert all("LIMIT 2" in sql and '"documents_document"."text"' not in sql for sql in fetches)
    texts = Document.objects.order_by("pk").values_list("text", flat=True)
    assert list(texts) == [f"Page of document {n}" for n in range(5)]


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        reread("--batch-size", "0")
