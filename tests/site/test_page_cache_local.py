"""The page cache's first tier (dialogues_site/local_pages.py): a process serves the pages
it served lately from its own memory, and still sees an edit at once, because every hit
reads the shared content version first. The copy is bounded."""

import hashlib

import pytest

from dialogues_site import local_pages, page_cache
from tests.factories import MeetingFactory
from tests.site.page_cache_helpers import get

pytestmark = pytest.mark.django_db


def page_key(url):
    address = f"http://testserver{url}".encode()
    return page_cache.PAGE_KEY_PREFIX + hashlib.blake2b(address, digest_size=20).hexdigest()


@pytest.fixture
def meeting():
    return MeetingFactory(title="Hanoi Dialogue", slug="hanoi-dialogue", published=True)


def test_a_hit_comes_from_the_process_when_the_shared_copy_is_gone(client, meeting):
    assert get(client, "/meetings/")[1] == "miss"
    assert get(client, "/meetings/")[1] == "hit"
    page_cache.cache.delete(page_key("/meetings/"))  # the shared copy evicted
    status, outcome, text = get(client, "/meetings/")
    assert (status, outcome) == (200, "hit")
    assert "Hanoi Dialogue" in text


def test_an_edit_is_seen_at_once_whatever_the_process_holds(client, meeting):
    get(client, "/meetings/")
    assert get(client, "/meetings/")[1] == "hit"
    meeting.title = "Da Nang Dialogue"
    meeting.save()  # a new content version, for every process
    status, outcome, text = get(client, "/meetings/")
    assert outcome == "miss"
    assert "Da Nang Dialogue" in text and "Hanoi Dialogue" not in text


def test_another_process_s_fresher_shared_copy_is_used(client, meeting, django_assert_num_queries):
    """A process whose copy is stale takes the shared copy another process rendered for
    the new version, rather than rendering the page again."""
    get(client, "/meetings/")
    stale = local_pages.PAGES.get(page_key("/meetings/"))
    meeting.title = "Da Nang Dialogue"
    meeting.save()
    get(client, "/meetings/")  # renders and shares the page for the new version
    local_pages.PAGES.put(page_key("/meetings/"), stale)  # as another process still holds
    with django_assert_num_queries(0):
        status, outcome, text = get(client, "/meetings/")
    assert outcome == "hit"
    assert "Da Nang Dialogue" in text and "Hanoi Dialogue" not in text


def test_each_process_keeps_a_bounded_copy(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 10_000
    pages = local_pages.LocalPages()
    for number in range(50):
        pages.put(f"page-{number}", {"content": b"x" * 1_000})
    assert pages.size() <= 10_000
    assert pages.get("page-49") is not None and pages.get("page-0") is None
    pages.put("huge", {"content": b"x" * 20_000})  # larger than the whole copy: not kept
    assert pages.get("huge") is None
