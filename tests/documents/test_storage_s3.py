"""Documents' files in an S3-compatible store, tested against moto's emulator (a local
server on a free port), never AWS: upload, download whole and in part, delete."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from documents.models import Document
from documents.resources import DocumentResource
from tests.factories import DocumentFactory

moto_server = pytest.importorskip("moto.server")

pytestmark = pytest.mark.django_db

BUCKET = "dialogues-test"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    storages._storages = {}
    yield client, server
    storages._storages = {}
    server.stop()


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_document_file_in_s3_is_uploaded_downloaded_and_deleted(
    s3, client, django_capture_on_commit_callbacks
):
    s3, _server = s3
    document = DocumentFactory(published=True, file=ContentFile(b"0123456789", name="a.pdf"))
    assert keys(s3) == [document.file.name]
    response = client.get(document.download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"0123456789"
    part = client.get(document.download_url, HTTP_RANGE="bytes=2-4")
    assert (part.status_code, b"".join(part.streaming_content)) == (206, b"234")
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert keys(s3) == []


def test_an_object_gone_from_s3_is_404_and_the_store_down_is_503(s3, client):
    s3, server = s3
    document = DocumentFactory(published=True, file=ContentFile(b"x", name="a.pdf"))
    s3.delete_object(Bucket=BUCKET, Key=document.file.name)
    assert client.get(document.download_url).status_code == 404
    other = DocumentFactory(published=True, file=ContentFile(b"y", name="b.pdf"))
    server.stop()
    assert client.get(other.download_url).status_code == 503
    server.start()  # the fixture stops it


def test_an_import_naming_a_file_while_the_store_is_down_is_refused_with_a_message(s3):
    """A documents file naming a stored file, imported while the store cannot be reached:
    every row says so, nothing is written, nothing raises (the admin shows it, no 500)."""
    _client, server = s3
    document = DocumentFactory(published=True, file=ContentFile(b"x", name="a.pdf"))
    dataset = DocumentResource().export(queryset=Document.objects.filter(pk=document.pk))
    slug = dataset.headers.index(next(h for h in dataset.headers if h.lower().startswith("slug")))
    dataset[0] = tuple("a-copy" if i == slug else v for i, v in enumerate(dataset[0]))
    server.stop()
    try:
        result = DocumentResource().import_data(dataset, dry_run=False)
    finally:
        server.start()  # the fixture stops it
    assert result.has_validation_errors()
    messages = [str(e) for row in result.invalid_rows for e in row.error.messages]
    assert any("The file store could not be reached" in m for m in messages)
    assert not Document.objects.filter(slug="a-copy").exists()
