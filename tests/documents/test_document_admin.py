"""Editors upload documents in the admin: every accepted format is read (format, pages,
text) and found by search; every refused kind is refused, saying what it is, with
nothing stored; a file that cannot be read is kept, and the admin says so."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pypdf import PdfReader, PdfWriter

from documents.models import Document, TextStatus
from documents.samples import make_pdf
from search.engine import search
from tests.documents.files import ACCEPTED, PHRASE, REFUSED
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/documents/document/add/"


def stored_files():
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def upload(client, meeting, name, data, prefix="", **fields):
    form = {
        "meeting": meeting.pk,
        "kind": "report",
        "title_en": f"Report {name}",
        "title_ja": "",
        "slug": "",
        "language": "en",
        "date": "",
        "order": 0,
        "url": "",
        "status": "published",
        "file": SimpleUploadedFile(name, data),
        **fields,
    }
    return client.post(f"{prefix}{ADD}", form, follow=True)


@pytest.mark.parametrize(("name", "data", "found", "has_phrase"), ACCEPTED)
def test_each_accepted_format_is_read_and_found(admin_client, name, data, found, has_phrase):
    meeting = MeetingFactory(published=True)
    answer = upload(admin_client, meeting, name, data)
    assert answer.status_code == 200
    document = Document.objects.get()
    assert (document.format, document.size, document.original_name) == (found, len(data), name)
    assert len(document.sha256) == 64
    assert (PHRASE in document.text) == has_phrase
    assert document.file.name.endswith(Path(name).suffix.lower())
    titles = [hit.title for hit in search(PHRASE)["documents"]]
    assert titles == ([f"Report {name}"] if has_phrase else [])


def test_a_pdfs_pages_are_counted_and_kept_apart():
    meeting = MeetingFactory(published=True)
    document = Document(meeting=meeting, title="Three pages", status="published")
    from django.core.files.base import ContentFile

    document.file = ContentFile(make_pdf(["one", "two", f"three {PHRASE}"]), name="a.pdf")
    document.full_clean()
    document.save()
    assert document.pages == 3
    assert document.text.split("\f")[2].startswith("three")
    assert search(PHRASE)["documents"][0].meta.endswith("page 3")


@pytest.mark.parametrize(("name", "data", "what"), REFUSED)
def test_each_refused_kind_is_refused_saying_what_it_is(admin_client, name, data, what):
    meeting = MeetingFactory(published=True)
    answer = upload(admin_client, meeting, name, data)
    text = answer.content.decode()
    assert f"This file is {what}" in text
    assert "Accepted: PDF, Word, Excel, PowerPoint, OpenDocument, plain text, PNG and JPEG." in text
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(admin_client):
    meeting = MeetingFactory(published=True)
    with override_settings(DOCUMENT_MAX_BYTES=1024 * 1024):
        answer = upload(
            admin_client, meeting, "big.pdf", make_pdf(["x" * 80] * 400) + bytes(1024 * 1024)
        )
    assert "a document may be at most 1.0 MB" in answer.content.decode()
    assert Document.objects.count() == 0
    assert stored_files() == []


def encrypted_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([f"secret {PHRASE}"]))))
    writer.encrypt(user_password="a-secret", owner_password="another")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [encrypted_pdf(), make_pdf(["damaged"] * 3)[:300]],
    ids=["encrypted", "damaged"],
)
def test_an_unreadable_pdf_is_kept_and_the_admin_says_so(admin_client, data):
    meeting = MeetingFactory(published=True)
    answer = upload(admin_client, meeting, "locked.pdf", data)
    document = Document.objects.get()
    assert (document.format, document.text_status, document.text) == (
        "pdf",
        TextStatus.UNREADABLE,
        "",
    )
    assert "Its text could not be read" in answer.content.decode()
    assert len(stored_files()) == 1


def test_reading_that_takes_too_long_is_stopped_and_the_file_kept(admin_client):
    meeting = MeetingFactory(published=True)
    with override_settings(DOCUMENT_READ_SECONDS=0.001):  # the child is killed at once
        upload(admin_client, meeting, "slow.pdf", make_pdf([PHRASE] * 50))
    document = Document.objects.get()
    assert (document.text_status, document.pages) == (TextStatus.UNREADABLE, None)
    assert search(PHRASE)["documents"] == []


def test_a_publish_click_does_not_read_the_file_again(admin_client):
    meeting = MeetingFactory(published=True)
    upload(admin_client, meeting, "report.pdf", make_pdf([PHRASE]), status="draft")
    document = Document.objects.get()
    read_at = document.read_at
    document.status = "published"
    document.save()
    document.refresh_from_db()
    assert document.read_at == read_at


def test_the_japanese_admin_refuses_in_japanese(admin_client):
    meeting = MeetingFactory(published=True)
    answer = upload(admin_client, meeting, "agenda.pdf", REFUSED[0][1], prefix="/ja")
    text = answer.content.decode()
    assert "このファイルはHTMLページです" in text
    assert Document.objects.count() == 0


def test_editors_get_documents_but_not_publishing(editor_user, publisher_user):
    assert editor_user.has_perm("documents.change_document")
    assert not editor_user.has_perm("documents.publish_document")
    assert publisher_user.has_perm("documents.publish_document")
    assert publisher_user.has_perm("documents.delete_document")
