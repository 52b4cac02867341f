"""A document is public only while it and what it belongs to are published."""

import pytest
from django.core.exceptions import ValidationError

from documents.models import Document
from tests.factories import DocumentFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_published_needs_its_meeting_and_programme_published():
    shown = DocumentFactory(published=True)
    DocumentFactory(published=False)
    DocumentFactory(published=True, meeting=MeetingFactory(published=False))
    DocumentFactory(published=True, meeting=MeetingFactory(scheduled=True))
    DocumentFactory(published=True, programme=ProgrammeFactory(published=False))
    DocumentFactory(scheduled=True)
    assert list(Document.objects.published()) == [shown]


def test_a_document_takes_its_meetings_date_and_a_slug():
    document = DocumentFactory(slug="", title="Chair's summary")
    assert (document.date, document.date_precision) == (
        document.meeting.start_date,
        document.meeting.date_precision,
    )
    assert document.slug == f"{document.meeting.slug}-chairs-summary"
    again = DocumentFactory(slug="", title="Chair's summary", meeting=document.meeting)
    assert again.slug == f"{document.meeting.slug}-chairs-summary-2"


def test_a_document_needs_an_owner_and_a_file_or_an_address():
    with pytest.raises(ValidationError) as refused:
        Document(title="Orphan", url="https://example.org/a.pdf").full_clean()
    assert "meeting" in refused.value.message_dict
    both = DocumentFactory.build(url="https://example.org/a.pdf")
    with pytest.raises(ValidationError) as refused:
        both.full_clean()
    assert "url" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        DocumentFactory.build(file=None, url="ftp://example.org/a.pdf").full_clean()
    assert "url" in refused.value.message_dict
