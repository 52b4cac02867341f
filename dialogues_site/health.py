"""GET /healthz: can this app server answer? For load balancers and monitoring.

200 when the database answers ``SELECT 1`` and the cache stores and returns a value (a
full Redis that refuses writes fails, though pages are still served without it);
503 otherwise, naming the part that failed (the details go to the log, not to the
public). Cheap: one query, one cache write and read; no session, no database write,
never cached. Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT) so a load
balancer can probe over plain HTTP; its Host header must still be in
DJANGO_ALLOWED_HOSTS (docs/deploy.md).
"""

import logging
import os
import secrets
import socket

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("dialogues_site.health")

# One key per process: app servers sharing a Redis never read each other's probe.
CACHE_KEY = f"healthz:{socket.gethostname()}:{os.getpid()}"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    """A write and a read, raising Redis's error: the site's guarded cache answers every
    page without Redis, but a Redis that refuses writes (full) or is away is reported."""
    store = cache.unguarded() if hasattr(cache, "unguarded") else cache
    token = secrets.token_hex(8)
    store.set(CACHE_KEY, token, timeout=30)
    if store.get(CACHE_KEY) != token:
        raise RuntimeError("the value stored was not read back")


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning("Health check: %s failed (%s: %s)", name, type(error).__name__, error)
            results[name] = "failed"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    body = {"status": "ok" if healthy else "unavailable", **results}
    return JsonResponse(body, status=200 if healthy else 503)
