"""The Atom feed is written once per content version, language and address: the same for
every visitor until the record changes, then written again."""

import pytest

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view


def test_the_feed_is_written_once_per_content_version(client, django_assert_num_queries):
    meeting = MeetingFactory(title="Hanoi Dialogue", published=True)
    first = client.get("/meetings/feed/")
    assert "Hanoi Dialogue" in first.content.decode()
    with django_assert_num_queries(0):
        second = client.get("/meetings/feed/")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Last-Modified"] == first["Last-Modified"]
    meeting.title = "Da Nang Dialogue"
    meeting.save()
    third = client.get("/meetings/feed/").content.decode()
    assert "Da Nang Dialogue" in third and "Hanoi Dialogue" not in third


def test_each_language_has_its_own_feed(client):
    MeetingFactory(title="Hanoi Dialogue", title_ja="ハノイ対話", published=True)
    assert "Hanoi Dialogue" in client.get("/meetings/feed/").content.decode()
    assert "ハノイ対話" in client.get("/ja/meetings/feed/").content.decode()
