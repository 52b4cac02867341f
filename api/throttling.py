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
        """A fixed window kept in the cache: ``add`` starts it, ``incr`` counts atomically
        (correct with several servers at once, unlike DRF's history list read and written
        back by each). A counter the cache could not keep lets the request through."""
        self.now = self.timer()
        window_key = f"{self.key}:window"
        self.cache.add(window_key, self.now, self.duration)
        self.cache.add(self.key, 0, self.duration)
        try:
            count = self.cache.incr(self.key)
        except ValueError:  # evicted between add and incr
            count = None
        return count is None or count <= self.num_requests

    def wait(self):
        try:
            started = self.cache.get(f"{self.key}:window", self.now)
        except Exception:
            started = self.now
        remaining = self.duration - (self.now - started)
        return max(1, int(remaining + 0.999))


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
