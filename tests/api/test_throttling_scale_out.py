"""The API's throttle holds across app servers: two real gunicorn servers (production
settings, two workers each) on one Redis and the test database; requests alternate between
them and the limit counts them all, so the request past it is a 429 on either server.

Needs PostgreSQL and Redis (``REDIS_URL``), like tests/site/test_scale_out.py, whose
servers and checks it reuses; skipped otherwise, a failure under REQUIRE_SCALE_OUT=1.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection

from tests.site.test_scale_out import REDIS_URL, ROOT, Browser, Server, why_not

LIMIT = 5


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker, tmp_path_factory):
    reason = why_not()
    if reason:
        if os.environ.get("REQUIRE_SCALE_OUT") == "1":
            pytest.fail(f"REQUIRE_SCALE_OUT=1 but the scale-out test cannot run: {reason}")
        pytest.skip(reason)
    db = connection.settings_dict
    folder = tmp_path_factory.mktemp("throttle")
    prefix = f"throttle-{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="dialogues_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_CACHE_KEY_PREFIX=prefix,
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_API_THROTTLE_RATE=f"{LIMIT}/hour",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=REDIS_URL,
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESS_LOG="off",
    )
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    with open(folder / "gunicorn.log", "w") as log:
        servers = [Server(env, log), Server(env, log)]
        try:
            for server in servers:
                server.wait()
            yield servers
        finally:
            for server in servers:
                server.process.terminate()
            for server in servers:
                server.stop()
            import redis

            store = redis.Redis.from_url(REDIS_URL)
            keys = list(store.scan_iter(match=f"{prefix}:*"))
            if keys:
                store.delete(*keys)


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
