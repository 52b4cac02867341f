"""Security on the way out: the header Django has no setting for (Permissions-Policy);
and the 503 page of an outage. The login throttling's hooks are in signin.py.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy, XFrameOptionsMiddleware X-Frame-Options, and django-csp's
middleware the Content Security Policy (all configured in settings.py).
"""

import logging
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Browser features the site never uses, refused to the page and to anything it embeds.
# Only features Chromium recognises: an unknown name is a console warning on every page
# ("document-domain", "battery", "web-share" are not, in Chromium 156).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# --- Outages: a 503 page instead of a stack trace -----------------------------------------

# Errors that mean "a service the site needs is not answering", not "the code is wrong":
# the database (connection refused, server restarting, connection lost) and Redis.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30

unavailable_log = logging.getLogger("dialogues_site.unavailable")


def service_unavailable_response():
    """The 503 page. Rendered with no request and no context processor, so it cannot
    query the database that is down (templates/503.html uses no tags)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """A database or Redis outage during a view or its template is a 503 "briefly
    unavailable" page with Retry-After, logged in one line, not a 500 with a traceback.
    Connections come back by themselves (CONN_HEALTH_CHECKS), with no restart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        unavailable_log.warning(
            "Service unavailable (%s: %s)",
            type(exception).__name__,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
            extra={"request": request, "status_code": 503},
        )
        return service_unavailable_response()


def server_error(request):
    """handler500: an outage raised outside a view (a middleware reading the session or
    the cache) is the 503 page too; any other error is Django's own 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return service_unavailable_response()
    return defaults.server_error(request)
