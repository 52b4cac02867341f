"""A document's file as a visitor downloads it: only when public, in ranges, inert."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from dialogues_site import page_cache
from documents.downloads import safe_filename
from documents.samples import make_docx
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def whole(response):
    return b"".join(response.streaming_content)


def test_a_public_pdf_opens_inline_with_inert_headers(client):
    document = DocumentFactory(published=True)
    response = client.get(document.download_url)
    assert response.status_code == 200
    assert whole(response).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"].startswith('"') and response["Last-Modified"]


def test_a_word_file_is_an_attachment_in_a_sandbox(client):
    document = DocumentFactory(
        published=True, file=ContentFile(make_docx(["Report"]), name="r.docx")
    )
    response = client.get(document.download_url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"published": False},
        {"scheduled": True},
        {"published": True, "meeting": None},
    ],
)
def test_hidden_documents_are_404_even_by_their_address(client, kwargs):
    if kwargs.get("meeting", 1) is None:
        kwargs["meeting"] = MeetingFactory(published=False)
    document = DocumentFactory(**kwargs)
    assert client.get(document.download_url).status_code == 404


def test_a_scheduled_meetings_document_is_404(client):
    document = DocumentFactory(published=True, meeting=MeetingFactory(scheduled=True))
    assert client.get(document.download_url).status_code == 404


def test_staff_preview_a_draft_privately(admin_client):
    document = DocumentFactory(published=False)
    response = admin_client.get(document.download_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_address_only_document_redirects(client):
    document = DocumentFactory(published=True, file=None, url="https://example.org/a.pdf")
    response = client.get(document.download_url)
    assert (response.status_code, response["Location"]) == (302, "https://example.org/a.pdf")


def test_a_missing_stored_file_is_404(client, tmp_path):
    document = DocumentFactory(published=True)
    (tmp_path / document.file.name).unlink()
    assert client.get(document.download_url).status_code == 404


def test_a_storage_outage_is_503(client, monkeypatch):
    document = DocumentFactory(published=True)

    def broken(*args, **kwargs):
        raise OSError("store down")

    monkeypatch.setattr(FileSystemStorage, "_open", broken)
    assert client.get(document.download_url).status_code == 503


def test_304_on_a_matching_etag(client):
    document = DocumentFactory(published=True)
    etag = client.get(document.download_url)["ETag"]
    assert client.get(document.download_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(document.download_url, HTTP_IF_NONE_MATCH='"x"').status_code == 200


def test_byte_ranges(client):
    document = DocumentFactory(published=True, file=ContentFile(b"0123456789", name="a.txt"))
    url = document.download_url
    first = client.get(url, HTTP_RANGE="bytes=0-3")
    assert (first.status_code, whole(first), first["Content-Range"]) == (
        206,
        b"0123",
        "bytes 0-3/10",
    )
    suffix = client.get(url, HTTP_RANGE="bytes=-3")
    assert (suffix.status_code, whole(suffix)) == (206, b"789")
    opened = client.get(url, HTTP_RANGE="bytes=7-")
    assert (opened.status_code, whole(opened)) == (206, b"789")
    beyond = client.get(url, HTTP_RANGE="bytes=10-")
    assert (beyond.status_code, beyond["Content-Range"]) == (416, "bytes */10")
    stale = client.get(url, HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE='"old"')
    assert (stale.status_code, whole(stale)) == (200, b"0123456789")
    fresh = client.get(url, HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE=first["ETag"])
    assert fresh.status_code == 206


@pytest.mark.parametrize(
    ("name", "ascii_name", "encoded"),
    [
        ("議題.pdf", "document.pdf", None),
        ('a"b\r\nc/../d;e.pdf', "de.pdf", None),
        ("Agenda 2015.pdf", "Agenda 2015.pdf", "Agenda%202015.pdf"),
    ],
)
def test_safe_file_names(name, ascii_name, encoded):
    fallback, utf8 = safe_filename(name)
    assert not set(fallback) & set('"/\\\r\n;')
    assert "%0D" not in utf8 and "%22" not in utf8 and "/" not in utf8
    assert fallback == ascii_name
    if encoded:
        assert utf8 == encoded
    if name.startswith("議題"):
        assert utf8 == "%E8%AD%B0%E9%A1%8C.pdf"


def test_the_page_cache_never_handles_a_download(client, settings, monkeypatch):
    """Even once the documents' pages are cached (their namespace public), the download
    keeps its own validators and ranges and is never kept in the shared cache."""
    settings.PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(
        page_cache, "PUBLIC_NAMESPACES", page_cache.PUBLIC_NAMESPACES | {"documents"}
    )
    document = DocumentFactory(published=True)
    for _ in range(2):
        response = client.get(document.download_url, HTTP_RANGE="bytes=0-3")
        assert "X-Page-Cache" not in response
        assert (response.status_code, whole(response)) == (206, b"%PDF")
        assert not response["ETag"].startswith("W/")
    assert not [key for key in cache._cache if page_cache.PAGE_KEY_PREFIX in key]


@pytest.mark.parametrize("others", [0, 5])
def test_a_download_costs_two_queries_whatever_the_record(
    client, others, django_assert_num_queries
):
    DocumentFactory.create_batch(others, published=True)
    document = DocumentFactory(published=True)
    with django_assert_num_queries(2):
        response = client.get(document.download_url)
    assert whole(response).startswith(b"%PDF")
