"""A document's file is downloaded only while the public may see the document: by range,
with its ETag, a safe name, nosniff and a sandboxing CSP; never from the page cache."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from documents.models import Document
from documents.samples import make_docx, make_pdf
from tests.factories import DocumentFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def test_a_published_pdf_downloads_whole_inline_with_its_headers(client):
    document = DocumentFactory(published=True)
    data = document.file.open("rb").read()
    answer = client.get(document.download_url)
    assert answer.status_code == 200
    assert body(answer) == data
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Length"] == str(len(data))
    assert answer["Content-Disposition"] == 'inline; filename="agenda.pdf"'
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert answer["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert answer["Cache-Control"] == "public, max-age=86400"
    assert answer["Accept-Ranges"] == "bytes"


def test_a_word_file_is_an_attachment_with_its_japanese_name(client):
    document = DocumentFactory(
        published=True, file=ContentFile(make_docx(["議長サマリー"]), name="議長 サマリー.docx")
    )
    answer = client.get(document.download_url)
    assert answer["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "%E8%AD%B0%E9%95%B7%20%E3%82%B5%E3%83%9E%E3%83%AA%E3%83%BC.docx"
    )
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "hidden",
    [
        {"published": False},
        {"scheduled": True},
        {"published": True, "meeting": lambda: MeetingFactory(published=False)},
        {"published": True, "meeting": lambda: MeetingFactory(scheduled=True)},
        {"published": True, "programme": lambda: ProgrammeFactory(published=False)},
    ],
    ids=["draft", "scheduled", "draft meeting", "scheduled meeting", "draft programme"],
)
def test_a_hidden_documents_file_is_a_404_by_its_direct_address(client, hidden):
    options = {key: value() if callable(value) else value for key, value in hidden.items()}
    document = DocumentFactory(**options)
    assert client.get(document.download_url).status_code == 404
    assert client.get(f"/ja{document.download_url}").status_code == 404


def test_staff_may_fetch_a_draft_never_cached(admin_client):
    document = DocumentFactory(published=False)
    answer = admin_client.get(document.download_url)
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-9", 0, 9), ("bytes=100-", 100, None), ("bytes=-20", None, None)],
)
def test_range_requests(client, header, first, last):
    document = DocumentFactory(published=True)
    data = document.file.open("rb").read()
    size = len(data)
    if first is None:
        first, last = size - 20, size - 1
    last = size - 1 if last is None else last
    answer = client.get(document.download_url, HTTP_RANGE=header)
    assert answer.status_code == 206
    assert answer["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert body(answer) == data[first : last + 1]
    assert answer["Content-Length"] == str(last - first + 1)


def test_a_range_outside_the_file_is_416_and_a_stale_if_range_gets_it_whole(client):
    document = DocumentFactory(published=True)
    size = document.size
    answer = client.get(document.download_url, HTTP_RANGE=f"bytes={size + 10}-")
    assert (answer.status_code, answer["Content-Range"]) == (416, f"bytes */{size}")
    answer = client.get(document.download_url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert answer.status_code == 200
    assert len(body(answer)) == size


def test_a_matching_etag_is_a_304(client):
    document = DocumentFactory(published=True)
    answer = client.get(document.download_url, HTTP_IF_NONE_MATCH=f'"{document.sha256}"')
    assert answer.status_code == 304
    assert answer["ETag"] == f'"{document.sha256}"'


def test_a_missing_file_is_a_404_not_a_500(client):
    document = DocumentFactory(published=True)
    document.file.storage.delete(document.file.name)
    assert client.get(document.download_url).status_code == 404


def test_an_address_redirects(client):
    document = DocumentFactory(published=True, file=None, url="https://example.org/a.pdf")
    answer = client.get(document.download_url)
    assert (answer.status_code, answer["Location"]) == (302, "https://example.org/a.pdf")


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_page_cache_never_keeps_a_file(client):
    document = DocumentFactory(published=True)
    first = body(client.get(document.download_url))
    Document.objects.filter(pk=document.pk).update(status="draft")  # no signal
    assert client.get(document.download_url).status_code == 404
    assert first.startswith(b"%PDF")


def test_stored_names_are_random_and_never_collide():
    meeting = MeetingFactory(published=True)
    names = set()
    for _ in range(3):
        document = Document(meeting=meeting, title="Agenda")
        document.file = ContentFile(make_pdf(["a"]), name="agenda.pdf")
        document.save()
        names.add(document.file.name)
        assert document.file.name.endswith("/agenda.pdf")
        assert len(document.file.name.split("/")[2]) == 32  # 128 random bits
    assert len(names) == 3
