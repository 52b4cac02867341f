"""A document's stored files: unguessable names, kept while a version names them, deleted
with the document once nothing uses them, after the deletion commits."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_two_uploads_of_one_name_never_collide_and_are_not_guessable():
    first = DocumentFactory(file=ContentFile(b"one", name="agenda.pdf"))
    second = DocumentFactory(file=ContentFile(b"two", name="agenda.pdf"))
    assert first.file.name != second.file.name
    for document in (first, second):
        assert re.fullmatch(r"documents/\d{4}/[0-9a-f]{32}/agenda\.pdf", document.file.name)
    assert first.file.read() == b"one" and second.file.read() == b"two"


def test_replacing_the_file_keeps_the_old_one_for_its_version(media):
    document = DocumentFactory(file=ContentFile(b"old", name="agenda.pdf"))
    old_name = document.file.name
    document.file = ContentFile(b"new", name="agenda.pdf")
    document.save()
    assert (media / old_name).read_bytes() == b"old"
    old_version = document.history.order_by("history_id").first()
    assert old_version.file == old_name
    old_version.instance.save()
    document.refresh_from_db()
    assert document.file.name == old_name and document.file.read() == b"old"


def test_deleting_a_document_deletes_its_files_after_commit(
    media, django_capture_on_commit_callbacks
):
    document = DocumentFactory(file=ContentFile(b"old", name="a.pdf"))
    old_name = document.file.name
    document.file = ContentFile(b"new", name="a.pdf")
    document.save()
    new_name = document.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.delete()
    assert (media / old_name).exists() and (media / new_name).exists()  # not yet committed
    for callback in callbacks:
        callback()
    assert not (media / old_name).exists() and not (media / new_name).exists()


def test_a_file_another_document_uses_is_kept(media, django_capture_on_commit_callbacks):
    document = DocumentFactory()
    other = DocumentFactory()
    Document.objects.filter(pk=other.pk).update(file=document.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert (media / other.file.name).exists()


def test_a_file_already_gone_or_a_storage_error_does_not_stop_the_deletion(
    media, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    gone = DocumentFactory()
    (media / gone.file.name).unlink()
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()

    def broken(self, name):
        raise OSError("store down")

    monkeypatch.setattr(FileSystemStorage, "delete", broken)
    failing = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        failing.delete()
    assert not Document.objects.exists()
    assert "Could not delete the stored file" in caplog.text
