"""dialogues_site.cache: one redis.Redis serves every operation of a cache (Django built a
new one for each, which cost more than the operation on the loopback)."""

import os

from dialogues_site.cache import GuardedRedisCache
from tests.site.test_gunicorn_servers import REDIS_TEST_URL


def test_one_redis_client_serves_every_operation():
    cache = GuardedRedisCache(REDIS_TEST_URL, {"KEY_PREFIX": f"test-client-{os.getpid()}"})
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client
    try:
        assert cache.set("greeting", "hello") is True
        assert cache.get("greeting") == "hello"
        assert cache.get_many(["greeting", "absent"]) == {"greeting": "hello"}
    finally:
        cache.delete("greeting")
    assert cache._cache.get_client() is client
