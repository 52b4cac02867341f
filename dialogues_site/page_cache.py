"""The shared page cache: public pages for anonymous visitors, from the cache (Redis).

A page is kept once per canonical address: its URL name's query parameters only, values
normalised (``canonical_query``), and only for the site's own host names (``storable_host``);
an entry has a size limit and each content version a budget of entries and bytes. Downloads
are streamed, never kept: a weak ETag of the version answers If-None-Match with a 304.
A content version in the cache (renewed on every change of the record and at scheduled
publish times) decides what is current; a hit costs one ``get_many`` and no query. Every
cache operation may fail (a full or absent Redis): the page is then rendered, never a 500.
docs/deploy.md (Redis) and docs/configuration.md (settings) say the rest.
"""

import datetime
import hashlib
import logging
import threading
import uuid

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, urlencode
from django.utils.module_loading import import_string

from core.models import PublicationStatus, public_content_changed

from . import local_pages

# Public pages: every URL of these namespaces, and these names of the root URLconf.
PUBLIC_NAMESPACES = {
    "meetings", "programmes", "countries", "people", "organisations", "documents", "api",
}  # fmt: skip
# Never from the cache: a document's file is streamed from the storage, with its own ETag.
NEVER_STORED = {"documents:download"}
PUBLIC_NAMES = {"home", "search", "sitemap", "robots_txt"}
# Every view of Django's sitemap framework (an index and its pages, whatever their names).
SITEMAP_VIEWS = "django.contrib.sitemaps.views"

# The query parameters a page reads, beyond its view's ``filterset_class``, page number and
# ``page_cache_parameters`` (the API's: cursor, page_size, expand, format) (name: whether
# it takes several values); and FilterSets of views that do not say.
QUERY_PARAMETERS = {"search": {"q": False}}
EXTRA_FILTERSETS = {
    "meetings:calendar": "meetings.filters.MeetingFilter",
    "meetings:feed": "meetings.filters.MeetingFilter",
}
# The hosts Django accepts in DEBUG with ALLOWED_HOSTS empty.
DEBUG_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

# The publishable models, whose scheduled publish times bound the cache.
SCHEDULED_MODELS = ["meetings.Meeting", "programmes.Programme", "documents.Document"]

VERSION_KEY = "page-cache:version"
NEXT_PUBLISH_KEY = "page-cache:next-publish"
PAGE_KEY_PREFIX = "page-cache:page:"
BUDGET_KEY_PREFIX = "page-cache:budget:"
# The next publish time when nothing is scheduled: never.
NOTHING_SCHEDULED = datetime.datetime.max.replace(tzinfo=datetime.UTC)
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
HEADER = "X-Page-Cache"

logger = logging.getLogger(__name__)


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 3600)


# --- The content version ---------------------------------------------------------------
#
# VERSION_KEY holds {"token", "since"}; NEXT_PUBLISH_KEY holds (token, the earliest
# publish time still to come, NOTHING_SCHEDULED if none), valid only for that token, so
# whoever writes it last can never pair a new version with an old answer. The version is
# renewed on every save, delete and relink of a content model (signals), after migrate (a
# deploy) and on core.models.content_changed() (bulk writes), at once and again
# when the transaction commits; and once a scheduled publish time has passed (``since`` =
# that time). An entry is served only if it was rendered under the current token and not
# before ``since`` by its server's clock; it never outlives the next publish time.


# A change whose new version could not be written (Redis full or away): written again by
# this process's next public request (``write_unsaved_version``).
_unsaved_version = threading.Event()


def new_version(next_publish=None, since=None):
    """A new version token (never reused, so a lost or evicted key cannot bring back an
    old page), current from ``since``; with its next publish time if already known.

    If Redis refuses the write, the old version is deleted (a full Redis still deletes),
    so no page of it is served; and it is written again on the next request."""
    version = {"token": uuid.uuid4().hex, "since": since or timezone.now()}
    if safely(cache.set, VERSION_KEY, version, timeout=None) is False:
        _unsaved_version.set()
        safely(cache.delete, VERSION_KEY)
        return version
    _unsaved_version.clear()
    if next_publish is not None:
        safely(cache.set, NEXT_PUBLISH_KEY, (version["token"], next_publish), timeout=None)
    return version


def write_unsaved_version():
    if _unsaved_version.is_set():
        new_version()


def safely(operation, *args, **kwargs):
    """A cache operation that cannot fail the request: False if it raised (a backend
    other than dialogues_site.cache.GuardedRedisCache, which never raises)."""
    try:
        return operation(*args, **kwargs)
    except Exception as error:
        logger.warning("Page cache: %s failed (%r)", operation.__name__, error)
        return False


def next_publish_time(now):
    """The earliest publish time still to come of any published record (one query)."""
    times = [
        apps.get_model(label)
        .objects.filter(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        .order_by()
        .values("published_at")
        for label in SCHEDULED_MODELS
    ]
    row = times[0].union(*times[1:]).order_by("published_at").first()
    return row["published_at"] if row else NOTHING_SCHEDULED


def known_next_publish(cached, version):
    """The next publish time cached for ``version``, or None if it is not known."""
    entry = cached.get(NEXT_PUBLISH_KEY)
    return entry[1] if entry and entry[0] == version["token"] else None


def find_next_publish(version, now):
    next_publish = next_publish_time(now)
    safely(cache.set, NEXT_PUBLISH_KEY, (version["token"], next_publish), timeout=None)
    return next_publish


def renew_after_commit():
    """A new version, then its next publish time, read after the version was written: a
    request that reads this version reads the database after it too, so it sees every
    commit the next publish time saw."""
    find_next_publish(new_version(), timezone.now())


def after_commit():
    """One ``renew_after_commit`` when the current transaction commits (at once if none)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        renew_after_commit()
    elif not any(func is renew_after_commit for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(renew_after_commit)


def record_changed(sender, instance=None, **kwargs):
    """A record was saved, deleted or relinked: every cached page is out of date.

    A new version now, for the rest of this transaction (and for tests, which never
    commit), keeping the known next publish time (earlier if this record is scheduled;
    a record unscheduled leaves a time that only costs one needless renewal): no query.
    And again after the commit, so that no page rendered by a concurrent request from
    the data before the commit is served.
    """
    cached = safely(cache.get_many, [VERSION_KEY, NEXT_PUBLISH_KEY]) or {}
    version = cached.get(VERSION_KEY)
    next_publish = version and known_next_publish(cached, version)
    if next_publish and getattr(instance, "status", None) == PublicationStatus.PUBLISHED:
        scheduled = instance.published_at
        if scheduled and scheduled > timezone.now():
            next_publish = min(next_publish, scheduled)
    new_version(next_publish or None)
    after_commit()


def renew_after_bulk_write(sender=None, **kwargs):
    """Bulk writes changed the record (core.models.content_changed): a new version
    and its next publish time now (one query), and again after the commit."""
    find_next_publish(new_version(), timezone.now())
    after_commit()


def code_changed(**kwargs):
    """After ``migrate`` (a deploy): pages rendered by the previous code are not served.
    The next publish time is left to the first request (the tables may be mid-change)."""
    new_version()


def current_state(cached, now):
    """(version, next publish time) from what ``get_many`` found, renewing what is
    missing or past: a scheduled record whose time has come makes a new version."""
    version = cached.get(VERSION_KEY) or new_version()
    next_publish = known_next_publish(cached, version) or find_next_publish(version, now)
    if next_publish <= now:
        # A scheduled record has just become public: every page may show it.
        version = new_version(since=next_publish)
        next_publish = find_next_publish(version, now)
    return version, next_publish


def content_version():
    """The current content version's token (settings.CONTENT_VERSION: core/derived.py
    computes what derives from the whole record once per version)."""
    cached = safely(cache.get_many, [VERSION_KEY, NEXT_PUBLISH_KEY]) or {}
    version, _ = current_state(cached, timezone.now())
    return version["token"]


# --- Signals -------------------------------------------------------------------------------


def connect_signals():
    """Bump the version on every change of a content model (DialoguesSiteConfig.ready)."""
    for label in settings.CONTENT_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache-{label}"
        post_save.connect(record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(record_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(record_changed, sender=field.remote_field.through, dispatch_uid=uid)
    public_content_changed.connect(renew_after_bulk_write, dispatch_uid="page-cache-bulk")
    # A deploy runs migrate: pages rendered by the previous code are not served.
    post_migrate.connect(code_changed, dispatch_uid="page-cache-migrate")


# --- Which requests, at which address ------------------------------------------------------


def public_match(request):
    """The URL's resolver match if the page may come from the cache, else None."""
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None  # signed in (editors see drafts), or a message to show
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name in NEVER_STORED:
        return None
    if match.namespace:
        public = match.namespace in PUBLIC_NAMESPACES
    else:
        public = match.url_name in PUBLIC_NAMES or is_sitemap(match)
    return match if public else None


def is_public_page(request):
    return public_match(request) is not None


def is_sitemap(match):
    return getattr(match.func, "__module__", "") == SITEMAP_VIEWS


def page_parameters(match):
    """{name: many values?} of the query parameters this page reads.

    A list view's FilterSet filters and its page number; the search's ``q``; Django's
    sitemap pages' ``p``; what a view names in ``page_cache_parameters`` (the API's
    cursor, page size, expand and format); none for every other page (details, feeds,
    home, robots.txt).
    """
    if is_sitemap(match):
        return {"p": False}
    view = getattr(match.func, "view_class", None)
    filterset = getattr(view, "filterset_class", None)
    if match.view_name in EXTRA_FILTERSETS:
        filterset = import_string(EXTRA_FILTERSETS[match.view_name])
    names = dict(QUERY_PARAMETERS.get(match.view_name, {}))
    if filterset is not None:
        for name, field in filterset.base_filters.items():
            names[name] = issubclass(field.field_class, forms.MultipleChoiceField)
    if getattr(view, "paginate_by", None):
        names[getattr(view, "page_kwarg", "page")] = False
    names.update(getattr(view, "page_cache_parameters", None) or {})
    return names


def canonical_query(query, parameters):
    """The query string of the page's own parameters, in their order on the page's form
    (the order a submitted form gives them): values stripped, empty values dropped, a
    single-valued parameter's last value only (the one a form reads)."""
    pairs = []
    for name in parameters:
        values = [value.strip() for value in query.getlist(name)]
        values = [value for value in values if value]
        if values and not parameters[name]:
            values = values[-1:]
        pairs += [(name, value) for value in values]
    return urlencode(pairs)


def storable_host(request):
    """Whether the Host header is one form of the site's own names: exactly an entry of
    ALLOWED_HOSTS (not a pattern), with no port or the port the server listens on. Django
    accepts any port and any letter case, which would make each variant a new entry."""
    host = request.get_host()
    port = request.META.get("SERVER_PORT", "")
    allowed = settings.ALLOWED_HOSTS or (DEBUG_HOSTS if settings.DEBUG else [])
    for name in allowed:
        if name != "*" and not name.startswith(".") and host in (name, f"{name}:{port}"):
            return True
    return False


def can_store(response):
    if response.status_code != 200 or response.cookies or "Content-Encoding" in response:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def is_current(entry, version):
    """Rendered under this version, and not before its ``since`` by the clock of the
    server that rendered it."""
    return (
        isinstance(entry, dict)
        and entry.get("token") == version["token"]
        and entry.get("rendered_at", NOTHING_SCHEDULED) >= version["since"]
        and "content" in entry
    )


def body_etag(content):
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def version_etag(version, page_key):
    """A weak ETag for a page not kept whole (a download): the same version and address
    give the same content, so If-None-Match is answered before anything is rendered."""
    digest = hashlib.blake2b(f"{version['token']} {page_key}".encode(), digest_size=16)
    return f'W/"{digest.hexdigest()}"'


# --- Budgets -------------------------------------------------------------------------------


def max_bytes():
    """The largest page kept (PAGE_CACHE_MAX_BYTES)."""
    return getattr(settings, "PAGE_CACHE_MAX_BYTES", 4 * 1024 * 1024)


def within_budget(version, size):
    """Count one entry of ``size`` bytes against the version's budget; False once spent
    (PAGE_CACHE_MAX_ENTRIES, PAGE_CACHE_VERSION_BYTES), or if the cache cannot count."""
    prefix = f"{BUDGET_KEY_PREFIX}{version['token']}:"
    entries = count(prefix + "entries", 1)
    if entries is None or entries > getattr(settings, "PAGE_CACHE_MAX_ENTRIES", 20_000):
        return False
    used = count(prefix + "bytes", size)
    return used is not None and used <= getattr(
        settings, "PAGE_CACHE_VERSION_BYTES", 128 * 1024 * 1024
    )


def count(key, delta):
    """The counter ``key`` after adding ``delta`` (created for PAGE_CACHE_SECONDS), or
    None if the cache cannot count."""
    try:
        try:
            return cache.incr(key, delta)
        except ValueError:  # not there yet
            if cache.add(key, delta, page_cache_seconds()):
                return delta
            return cache.incr(key, delta)
    except Exception as error:  # only a backend other than GuardedRedisCache raises
        logger.warning("Page cache: counting failed (%r)", error)
        return None


# --- The middleware ------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache (see the module).

    Placed right after LocaleMiddleware (the language of a /ja/ path is active, so the
    URL resolves; the language is part of the URL, so of the key): a hit skips CSRF,
    authentication, messages and the view, and replays the headers the inner middleware
    (CSP, X-Frame-Options...) gave the page when it was rendered. The middleware before
    it (security headers, Permissions-Policy, Content-Language) runs on every answer.

    The request's query string is rewritten to the canonical one before anything else,
    so the page rendered (and cached) is the canonical page: a parameter the page does
    not read changes nothing. ``X-Page-Cache`` says hit, miss, or revalidated (a 304 from
    the version alone).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = public_match(request)
        if match is None:
            return self.get_response(request)
        query = canonical_query(request.GET, page_parameters(match))
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
        if not storable_host(request):
            return self.get_response(request)  # rendered for this host, kept for none
        page_key = (
            PAGE_KEY_PREFIX
            + hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=20).hexdigest()
        )
        local = local_pages.PAGES.get(page_key)  # this process's copy: the page not fetched
        try:
            write_unsaved_version()
            keys = [VERSION_KEY, NEXT_PUBLISH_KEY] + ([] if local else [page_key])
            cached = cache.get_many(keys)
            version, next_publish = current_state(cached, timezone.now())
            entry = local if is_current(local, version) else cached.get(page_key)
            if local is not None and entry is None:  # a stale copy: the shared one may be new
                entry = cache.get(page_key)
        except Exception as error:  # a backend that raises: serve the page, uncached
            logger.warning("Page cache unavailable (%r); serving the page uncached", error)
            return self.get_response(request)
        if is_current(entry, version):
            local_pages.PAGES.put(page_key, entry)
            return self.finish(request, self.replay(entry), entry["etag"], version, "hit")
        weak_etag = version_etag(version, page_key)
        if request.META.get("HTTP_IF_NONE_MATCH"):
            # A download (or a page too large to keep) the client has for this version.
            answer = self.finish(request, HttpResponse(), weak_etag, version, "revalidated")
            if answer.status_code == 304:
                return answer

        now = timezone.now()  # after the version was read: the page reads the data after it
        response = self.get_response(request)
        if not can_store(response):
            return response
        if response.streaming or len(response.content) > max_bytes():
            # A download is streamed, never kept whole: HTTP caching does the rest.
            return self.finish(request, response, weak_etag, version, "miss")
        entry = {
            "token": version["token"],
            "rendered_at": now,
            "content": response.content,
            "etag": body_etag(response.content),
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("cache-control", "content-length", "etag", "last-modified")
            ],
        }
        if within_budget(version, len(response.content)):
            # Not beyond the next publish time (the version changes then anyway).
            seconds = int((next_publish - now).total_seconds()) + 1
            safely(cache.set, page_key, entry, max(1, min(page_cache_seconds(), seconds)))
            local_pages.PAGES.put(page_key, entry)
        return self.finish(request, response, entry["etag"], version, "miss")

    @staticmethod
    def replay(entry):
        response = HttpResponse(entry["content"])
        del response["Content-Type"]
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(entry["content"]))
        return response

    def finish(self, request, response, etag, version, outcome):
        """Validators, public caching headers, and a 304 when the client's copy is current.

        ``max-age`` is the same for every page, whatever is scheduled: counting down to a
        publish time would tell anyone that something is scheduled, and when.
        """
        patch_cache_control(
            response, public=True, max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        )
        # A shared cache in front must not give this page to a signed-in editor.
        patch_vary_headers(response, ["Cookie"])
        last_modified = version["since"].timestamp()
        response["Last-Modified"] = http_date(last_modified)
        response["ETag"] = etag
        response[HEADER] = outcome
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )
        if conditional is not response:
            conditional[HEADER] = outcome
        return conditional
