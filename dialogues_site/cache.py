"""A Redis cache that fails soft: a full, slow or absent Redis costs speed, never a page.

``GuardedRedisCache`` is Django's ``RedisCache`` whose every operation answers as if the
key were missing when Redis fails (``get``: the default, ``set``/``add``: False, ``incr``:
None). After a connection error or a timeout it leaves Redis alone for ``retry_after``
seconds (OPTIONS, default 5), so a dead Redis costs one socket timeout now and then, not
one per call; a full Redis (``OutOfMemoryError`` under ``noeviction``) only refuses writes.
Failures are logged at most once a minute per process. ``unguarded()`` is the same cache
raising as Django's does: /healthz uses it, to report a cache that refuses writes.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("dialogues_site.cache")

LOG_EVERY_SECONDS = 60

# Per process, per Redis address (Django makes one backend object per thread).
_states = {}
_states_lock = threading.Lock()


class _State:
    def __init__(self):
        self.closed_until = 0.0  # the breaker: no call to Redis before this (monotonic)
        self.logged_at = -LOG_EVERY_SECONDS
        self.failures = 0  # since the last log line


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every operation, and building one
    (its table of reply callbacks) costs more than a GET on the loopback: a page cache hit
    paid it twice. One ``redis.Redis`` per connection pool serves every operation (it is
    thread-safe; the pool lends the connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class GuardedRedisCache(RedisCache):
    """Django's Redis cache with every Redis error caught (see the module)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        with _states_lock:
            self._state = _states.setdefault(tuple(self._servers), _State())

    def _guarded(self, method, default, *args, **kwargs):
        state = self._state
        if time.monotonic() < state.closed_until:
            state.failures += 1
            return default
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            if isinstance(error, RedisConnectionError | RedisTimeoutError):
                state.closed_until = time.monotonic() + self.retry_after
            self._failed(error)
            return default

    def _failed(self, error):
        state = self._state
        state.failures += 1
        now = time.monotonic()
        if now - state.logged_at >= LOG_EVERY_SECONDS:
            logger.warning(
                "Cache unavailable (%s: %s); %d operation(s) answered without it",
                type(error).__name__,
                str(error).strip().splitlines()[0] if str(error).strip() else "",
                state.failures,
            )
            state.logged_at, state.failures = now, 0

    def recovered(self):
        """Redis answered again: ask it at once from now on."""
        self._state.closed_until = 0.0

    def unguarded(self):
        """This cache, raising Redis's errors (and closing the breaker on success)."""
        return _Unguarded(self)

    # Django's RedisCache API, guarded. ``set`` says whether the value was stored.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(RedisCache.add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(RedisCache.get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(_set, False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(RedisCache.touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(RedisCache.delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded(RedisCache.get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(RedisCache.has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded(RedisCache.incr, None, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(RedisCache.set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(RedisCache.delete_many, None, keys, version)

    def clear(self):
        return self._guarded(RedisCache.clear, False)


def _set(cache, key, value, *args):
    RedisCache.set(cache, key, value, *args)
    return True


class _Unguarded:
    """The cache's operations as Django's RedisCache does them: errors raised."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        method = getattr(RedisCache, name)

        def call(*args, **kwargs):
            result = method(self._cache, *args, **kwargs)
            self._cache.recovered()
            return result

        return call
