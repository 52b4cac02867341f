"""Throttling of the API per client address, shared by every app server through the
default cache (Redis in production): ``ApiThrottleMiddleware`` counts every /api/ request
before the page cache may answer it (a cached answer is cheap, but a client's rate is
its rate, whichever way its answers are made).

The address is the one the login throttling counts (settings.AXES_CLIENT_IP_CALLABLE:
the connection's, or the one the trusted proxies saw). The rate is settings.API_THROTTLE_RATE
(env DJANGO_API_THROTTLE_RATE, e.g. "600/minute"). A cache that fails lets the request
through: a Redis outage slows nothing down to a 500. Over the rate: 429 with Retry-After.
"""

import logging
import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class ClientAddressThrottle(SimpleRateThrottle):
    """At most API_THROTTLE_RATE requests per client address, across all app servers."""

    scope = "api"
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATE", "600/minute") or None

    def get_cache_key(self, request, view):
        address = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": address}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        try:
            return self.counted(request)
        except Exception as error:  # a cache that fails: let the request through
            logger.warning("API throttle: cache failed (%r); request allowed", error)
            return True

    def counted(self, request):
        """A fixed window of the clock, its number in the key, counted atomically across
        servers: on Redis INCR and EXPIRE NX in one round trip (the answer from the page
        cache costs one more); elsewhere ``add`` then ``incr``. Retry-After: the window's end."""
        self.now = self.timer()
        key = f"{self.key}:{int(self.now // self.duration)}"
        redis = getattr(self.cache, "_cache", None)
        if hasattr(redis, "get_client"):  # Django's Redis backend (GuardedRedisCache)
            full_key = self.cache.make_and_validate_key(key)
            with redis.get_client(full_key, write=True).pipeline() as pipe:
                pipe.incr(full_key).expire(full_key, self.duration + 1, nx=True)
                count = pipe.execute()[0]
        else:
            self.cache.add(key, 0, self.duration + 1)
            try:
                count = self.cache.incr(key)
            except ValueError:  # evicted between add and incr
                return True
        return count <= self.num_requests

    def wait(self):
        return max(1, math.ceil(self.duration - self.now % self.duration))


class ApiThrottleMiddleware:
    """A 429 with Retry-After for an /api/ request over its address's rate, in the
    answer's JSON shape (``{"detail": ...}``), before any view or cache is reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            throttle = ClientAddressThrottle()
            if not throttle.allow_request(request, None):
                wait = throttle.wait()
                response = JsonResponse(
                    {"detail": f"Too many requests: try again in {wait} seconds."}, status=429
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
