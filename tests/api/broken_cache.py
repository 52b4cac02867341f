"""A cache backend whose every operation raises, as a Redis that is away would through a
backend that does not guard (the site's own GuardedRedisCache never raises)."""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    def __init__(self, location=None, params=None):
        super().__init__(params or {})

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache is away")

    get = set = add = delete = incr = get_many = set_many = delete_many = clear = touch = _fail
    has_key = _fail
