"""core.derived: what derives from the whole record is computed once per content version,
again after any change of the record, shared between processes, and never fails a page."""

import pytest
from django.core.cache import cache

from core import derived
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"calls": self.calls}


def test_computed_once_per_version():
    compute = Counter()
    assert derived.per_version("counted", compute) == {"calls": 1}
    assert derived.per_version("counted", compute) == {"calls": 1}
    assert compute.calls == 1


def test_computed_again_after_a_change_of_the_record():
    compute = Counter()
    derived.per_version("counted", compute)
    CountryFactory()  # a save of a content model renews the content version
    assert derived.per_version("counted", compute) == {"calls": 2}


def test_names_keep_values_apart():
    assert derived.per_version("a", lambda: "A") == "A"
    assert derived.per_version("b", lambda: "B") == "B"


def test_another_process_reads_the_shared_value(monkeypatch):
    compute = Counter()
    derived.per_version("shared", compute)
    monkeypatch.setattr(derived, "_local", type(derived._local)())  # a fresh process
    assert derived.per_version("shared", compute) == {"calls": 1}
    assert compute.calls == 1


def test_a_failing_cache_means_computing_again_never_an_error(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(derived, "_local", type(derived._local)())
    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    compute = Counter()
    assert derived.per_version("unshared", compute) == {"calls": 1}


def test_each_process_keeps_a_bounded_number_of_values(monkeypatch):
    monkeypatch.setattr(derived, "_local", type(derived._local)())
    for number in range(derived.PROCESS_ENTRIES + 50):
        derived.per_version(f"value-{number}", lambda number=number: number)
    assert len(derived._local) == derived.PROCESS_ENTRIES


def test_a_request_reads_the_content_version_once(client, monkeypatch, settings):
    """The meetings list derives several values (its choices, their HTML, the count): one
    read of the version serves them all, and the next request reads it again."""
    settings.PAGE_CACHE_SECONDS = 0  # rendered, not served from the page cache
    CountryFactory()
    reads = []
    source = derived.version_source()

    def counted():
        reads.append(1)
        return source()

    monkeypatch.setattr(derived, "version_source", lambda: counted)
    assert client.get("/meetings/").status_code == 200
    assert len(reads) == 1
    client.get("/meetings/")
    assert len(reads) == 2
    derived.per_version("outside a request", lambda: 1)  # (no request: read each time)
    derived.per_version("outside a request", lambda: 1)
    assert len(reads) == 4
