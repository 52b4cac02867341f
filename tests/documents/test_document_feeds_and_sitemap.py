"""The documents feed and the sitemap's documents section: published documents only,
bounded, in a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.factories import DocumentFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def hidden_documents(meeting):
    DocumentFactory(meeting=meeting, title="Hidden draft")
    DocumentFactory(published=True, title="Hidden by meeting", meeting=MeetingFactory())
    DocumentFactory(
        published=True, title="Hidden by schedule", meeting=MeetingFactory(scheduled=True)
    )
    DocumentFactory(
        published=True, title="Hidden by programme", meeting=meeting, programme=ProgrammeFactory()
    )


def test_the_documents_feed_holds_published_documents_only(client):
    meeting = MeetingFactory(published=True)
    shown = DocumentFactory(published=True, meeting=meeting, title="Chair's summary")
    hidden_documents(meeting)
    response = client.get(reverse("documents:feed"))
    assert response.status_code == 200
    xml = response.content.decode()
    assert "Chair&#x27;s summary" in xml or "Chair's summary" in xml
    assert shown.download_url in xml
    assert "Hidden" not in xml


def test_the_japanese_feed_works(client):
    DocumentFactory(published=True, meeting=MeetingFactory(published=True), title_ja="議題")
    response = client.get("/ja/documents/feed/")
    assert response.status_code == 200
    assert 'xml:lang="ja"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_the_documents_feed_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    meeting = MeetingFactory(published=True)
    for n in range(size):
        DocumentFactory(published=True, meeting=meeting, title=f"Paper {n}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("documents:feed")).status_code == 200


def test_the_sitemap_lists_published_files_only(client):
    meeting = MeetingFactory(published=True)
    shown = DocumentFactory(published=True, meeting=meeting, title="Agenda")
    elsewhere = DocumentFactory(
        published=True, meeting=meeting, file=None, url="https://example.org/x.pdf"
    )
    hidden_documents(meeting)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-documents.xml" in index
    xml = client.get("/sitemap-documents.xml").content.decode()
    assert f"http://testserver{shown.download_url}" in xml
    assert f"http://testserver/ja{shown.download_url}" in xml
    assert elsewhere.slug not in xml
    assert xml.count("<url>") == 2  # one document, English and Japanese
