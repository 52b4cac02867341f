"""What derives from the whole record (filter choices, counts, the timeline), computed
once per content version and reused by every request and every app server.

The content version is the page cache's (``settings.CONTENT_VERSION``, a dotted path to
a function returning it): renewed on every change of the record and when a scheduled
record's time comes, so a value is never older than the record. Values live in the
shared cache under the version (plain data: they are pickled), with a small copy in each
process; a cache that fails only means computing again. A request reads the version once
(its first ``per_version``), so all it shows derives from one version.
"""

import contextlib
import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.utils.module_loading import import_string

MISSING = object()
PROCESS_ENTRIES = 256  # values kept in each process (keys include the version)

_local = OrderedDict()
_lock = threading.Lock()
_request = threading.local()  # the version read by the current request, if any


def _request_started(**kwargs):
    _request.active, _request.version = True, None


def _request_finished(**kwargs):
    _request.active, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="derived-request-started")
request_finished.connect(_request_finished, dispatch_uid="derived-request-finished")


@functools.cache
def version_source():
    return import_string(settings.CONTENT_VERSION)


def current_version():
    """The content version: read once per request (one cache read, not one a value)."""
    version = getattr(_request, "version", None)
    if version is None:
        version = version_source()()
        if getattr(_request, "active", False):
            _request.version = version
    return version


def per_version(name, compute):
    """``compute()``'s value for the current content version (``name`` says what it is,
    with its arguments: "meeting-filter-choices:en")."""
    key = f"derived:{current_version()}:{name}"
    with _lock:
        value = _local.get(key, MISSING)
        if value is not MISSING:
            _local.move_to_end(key)
            return value
    try:
        value = cache.get(key, MISSING)
    except Exception:  # a cache that fails (any backend): compute, never fail the page
        value = MISSING
    if value is MISSING:
        value = compute()
        with contextlib.suppress(Exception):  # kept in this process all the same
            cache.set(key, value, timeout=24 * 3600)
    with _lock:
        _local[key] = value
        while len(_local) > PROCESS_ENTRIES:
            _local.popitem(last=False)
    return value
