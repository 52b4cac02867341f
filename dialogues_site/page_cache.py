"""The shared page cache: public pages served to anonymous visitors from the cache.

``PageCacheMiddleware`` keeps each public page (home, meetings, programmes, countries,
people, organisations, search, feeds, calendars, downloads, sitemap, robots.txt) in
Django's default cache, which in production is the Redis every app server shares, so a
page rendered by one server is served by all of them.

What is never cached: anything but GET and HEAD; requests with a session or messages
cookie (signed-in editors and their draft previews, a message waiting to be shown);
pages outside the public URL namespaces (the admin, /healthz); answers other than 200,
answers that set a cookie or say ``private``/``no-store``/``no-cache``.

Invalidation is by a content version kept in the cache, so every server sees it:

- ``content_changed()`` gives the version a new random token. It runs on every save,
  delete and many-to-many change of a content model (signals connected by
  ``connect_signals()``, from ``DialoguesSiteConfig.ready``), after ``migrate`` (a deploy),
  and on ``meetings.publishing.content_changed()``, which bulk writes call (they send
  no model signals). It runs at once and again when the transaction commits: a page
  rendered from the data before the commit cannot outlive it.
- Scheduled publishing: the earliest publish time still to come is cached per version;
  once it has passed, the version changes (``since`` = that time). Entries never outlive
  it either (their timeout, and the browser's ``max-age``, stop there).
- An entry is served only if it was rendered under the current version token and not
  before the version's ``since`` (a server whose clock is behind cannot keep a page
  rendered before a publish time that another server has already seen pass).

Entries are keyed by the full URL (scheme, host, path and query string: a page's
absolute links depend on the host, and the URL names the format: .csv, .json, .ics,
feed, sitemap). The version is checked inside the entry, so a hit costs one ``get_many``
(version, next publish time, page) and no query, and a new version overwrites the
entries of the old one instead of leaving them behind.

Conditional GET: each cached page has a strong ``ETag`` (a hash of its body) and
``Last-Modified`` (the version's ``since``); ``If-None-Match``/``If-Modified-Since``
get a 304. Anonymous pages say ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE``.
``X-Page-Cache: hit`` or ``miss`` says what happened.

Settings: ``PAGE_CACHE_SECONDS`` (how long an entry may live, default an hour; 0 turns
the page cache off), ``PAGE_CACHE_MAX_AGE`` (browsers' max-age, default 60 seconds),
``PAGE_CACHE_MAX_BYTES`` (largest page kept, default 8 MB).
"""

import datetime
import hashlib
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from meetings.models import PublicationStatus
from meetings.publishing import public_content_changed

# Public pages: every URL of these namespaces, and these names of the root URLconf.
PUBLIC_NAMESPACES = {"meetings", "programmes", "countries", "people", "organisations"}
PUBLIC_NAMES = {"home", "search", "sitemap", "robots_txt"}

# The models whose changes can change a public page (imports and history rows excluded).
CONTENT_MODELS = [
    "meetings.Country",
    "meetings.Organisation",
    "meetings.Person",
    "meetings.MeetingSeries",
    "meetings.Meeting",
    "meetings.Participation",
    "programmes.Theme",
    "programmes.Fund",
    "programmes.Programme",
    "programmes.Discussion",
]
# The publishable models, whose scheduled publish times bound the cache.
SCHEDULED_MODELS = ["meetings.Meeting", "programmes.Programme"]

VERSION_KEY = "page-cache:version"
NEXT_PUBLISH_KEY = "page-cache:next-publish"
PAGE_KEY_PREFIX = "page-cache:page:"
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
# whoever writes it last can never pair a new version with an old answer.


def new_version(next_publish=None, since=None):
    """A new version token (never reused, so a lost or evicted key cannot bring back an
    old page), current from ``since``; with its next publish time if already known."""
    version = {"token": uuid.uuid4().hex, "since": since or timezone.now()}
    cache.set(VERSION_KEY, version, timeout=None)
    if next_publish is not None:
        cache.set(NEXT_PUBLISH_KEY, (version["token"], next_publish), timeout=None)
    return version


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
    cache.set(NEXT_PUBLISH_KEY, (version["token"], next_publish), timeout=None)
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
    cached = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY])
    version = cached.get(VERSION_KEY)
    next_publish = version and known_next_publish(cached, version)
    if next_publish and getattr(instance, "status", None) == PublicationStatus.PUBLISHED:
        scheduled = instance.published_at
        if scheduled and scheduled > timezone.now():
            next_publish = min(next_publish, scheduled)
    new_version(next_publish or None)
    after_commit()


def content_changed(sender=None, **kwargs):
    """Bulk writes changed the record (meetings.publishing.content_changed): a new version
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


# --- Signals -------------------------------------------------------------------------------


def connect_signals():
    """Bump the version on every change of a content model (DialoguesSiteConfig.ready)."""
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache-{label}"
        post_save.connect(record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(record_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(record_changed, sender=field.remote_field.through, dispatch_uid=uid)
    public_content_changed.connect(content_changed, dispatch_uid="page-cache-bulk")
    # A deploy runs migrate: pages rendered by the previous code are not served.
    post_migrate.connect(code_changed, dispatch_uid="page-cache-migrate")


# --- The middleware ------------------------------------------------------------------------


def is_public_page(request):
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False  # signed in (editors see drafts), or a message to show
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.namespace:
        return match.namespace in PUBLIC_NAMESPACES
    return match.url_name in PUBLIC_NAMES


def can_store(response):
    if response.status_code != 200 or response.cookies or "Content-Encoding" in response:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def is_current(entry, version):
    """Rendered under this version, and not before its ``since`` by the clock of the
    server that rendered it."""
    return (
        entry is not None
        and entry["token"] == version["token"]
        and entry["rendered_at"] >= version["since"]
    )


def body_etag(content):
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache (see the module).

    Placed right after LocaleMiddleware (the language of a /ja/ path is active, so the
    URL resolves; the language is part of the URL, so of the key): a hit skips CSRF,
    authentication, messages and the view, and replays the headers the inner middleware
    (CSP, X-Frame-Options...) gave the page when it was rendered. The middleware before
    it (security headers, Permissions-Policy, Content-Language) runs on every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_page(request):
            return self.get_response(request)
        page_key = (
            PAGE_KEY_PREFIX
            + hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=20).hexdigest()
        )
        try:
            cached = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY, page_key])
            version, next_publish = current_state(cached, timezone.now())
        except Exception as error:  # the cache is down: serve the page, uncached
            logger.warning("Page cache unavailable (%r); serving the page uncached", error)
            return self.get_response(request)
        entry = cached.get(page_key)
        if is_current(entry, version):
            return self.finish(request, self.replay(entry), entry, version, next_publish, "hit")

        now = timezone.now()  # after the version was read: the page reads the data after it
        response = self.get_response(request)
        if not can_store(response):
            return response
        entry = {
            "token": version["token"],
            "rendered_at": now,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("cache-control", "content-length", "etag", "last-modified")
            ],
        }
        timeout = page_cache_seconds()
        # Not beyond the next publish time (the version changes then anyway).
        timeout = max(1, min(timeout, int((next_publish - now).total_seconds()) + 1))
        if response.streaming:
            response.streaming_content = self.stored_while_streamed(
                response.streaming_content, entry, page_key, timeout
            )
        else:
            entry["content"] = response.content
            entry["etag"] = body_etag(response.content)
            if len(response.content) <= self.max_bytes():
                cache.set(page_key, entry, timeout)
        return self.finish(request, response, entry, version, next_publish, "miss")

    @staticmethod
    def max_bytes():
        return getattr(settings, "PAGE_CACHE_MAX_BYTES", 8 * 1024 * 1024)

    @staticmethod
    def replay(entry):
        # A download stays a stream (of one piece), as it was when rendered.
        content = entry["content"]
        if entry.get("streamed"):
            response = StreamingHttpResponse([content])
        else:
            response = HttpResponse(content)
        del response["Content-Type"]
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response

    def stored_while_streamed(self, pieces, entry, page_key, timeout):
        """Pass a streamed download through, keeping a copy to cache once it is whole
        (not if the client went away, nor beyond PAGE_CACHE_MAX_BYTES)."""
        kept, size, limit = [], 0, self.max_bytes()
        for piece in pieces:
            if kept is not None:
                size += len(piece)
                if size <= limit:
                    kept.append(piece)
                else:
                    kept = None
            yield piece
        if kept is not None:
            content = b"".join(kept)
            entry.update(content=content, etag=body_etag(content), streamed=True)
            cache.set(page_key, entry, timeout)

    def finish(self, request, response, entry, version, next_publish, outcome):
        """Validators, public caching headers, and a 304 when the client's copy is current."""
        now = timezone.now()
        max_age = getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        max_age = max(0, min(max_age, int((next_publish - now).total_seconds())))
        patch_cache_control(response, public=True, max_age=max_age)
        # A shared cache in front must not give this page to a signed-in editor.
        patch_vary_headers(response, ["Cookie"])
        last_modified = version["since"].timestamp()
        response["Last-Modified"] = http_date(last_modified)
        etag = entry.get("etag")
        if etag:
            response["ETag"] = etag
        response[HEADER] = outcome
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )
        if conditional is not response:
            conditional[HEADER] = outcome
        return conditional
