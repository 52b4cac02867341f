"""The API's throttle holds across app servers: two real gunicorn servers (production
settings, two workers each) on one Redis and the test database; requests alternate between
them and the limit counts them all, so the request past it is a 429 on either server.

Needs PostgreSQL and Redis (``REDIS_URL``), like tests/site/test_scale_out.py, whose
servers and checks it reuses; skipped otherwise, a failure under REQUIRE_SCALE_OUT=1.
"""

import pytest

from tests.site.test_scale_out import Browser, two_servers

LIMIT = 5


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker, tmp_path_factory):
    with two_servers(tmp_path_factory, "throttle", DJANGO_API_THROTTLE_RATE=f"{LIMIT}/hour") as (
        servers,
        _log,
    ):
        yield servers


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_in_total_across_two_servers(pair):
    a, b = pair
    answers = []
    for n in range(LIMIT):
        status, _, _ = Browser((a, b)[n % 2].url).get("/api/v1/popolo.json")
        answers.append(status)
    assert answers == [200] * LIMIT
    for server in (a, b):  # the next one is refused, on either server
        status, headers, _ = Browser(server.url).get("/api/v1/popolo.json")
        assert status == 429
        assert 1 <= int(headers["Retry-After"]) <= 3600
