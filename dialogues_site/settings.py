"""Settings for the Japan-ASEAN Dialogue record.

Everything comes from environment variables with safe local defaults: with nothing set,
the site runs in local mode (DEBUG on) on a SQLite file inside the project folder.
Production mode (``DJANGO_DEBUG=0``) refuses to start without ``DJANGO_SECRET_KEY``
and ``DJANGO_ALLOWED_HOSTS``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dialogues_site.logs import TEXT_FORMAT, log_format, log_stream

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name, default, minimum=0):
    """A whole number from the environment; a wrong value stops the start, naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}.")
    return number


def env_required(name):
    """A variable production cannot run without; the message names it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (production mode)."
        )
    return value


# Local mode (the default) is a laptop: DEBUG on, SQLite, a fixed key. Kept apart from
# DEBUG because the test runner turns DEBUG off while the suite still runs locally.
LOCAL_MODE = env_bool("DJANGO_DEBUG", True)
DEBUG = LOCAL_MODE

if LOCAL_MODE:
    # Local mode only: a fixed key is fine on a laptop and keeps sessions across restarts.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "local-only-insecure-key-do-not-deploy"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:  # unset, blank, or only commas
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list at least one host name (comma-separated) "
            "when DJANGO_DEBUG is off (production mode)."
        )

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Content in English and Japanese, field by field (each app's translation.py); before
    # the admin, as django-modeltranslation asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (search/engine.py); harmless on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "dialogues_site",
    "core",
    "exchange",
    "meetings",
    "programmes",
    "documents",
    "search",
    "seed",
    "api",
]

# The models whose records the public sees, in dependency order (a record before those
# that name it): the page cache renews its pages when one changes, the exchange reads and
# writes each through its app's resources.<Model>Resource (exchange/registry.py), the
# tests check each. A new model goes here.
CONTENT_MODELS = [
    "meetings.Country",
    "meetings.Organisation",
    "meetings.Person",
    "meetings.MeetingSeries",
    "meetings.MeetingKind",
    "meetings.Meeting",
    "meetings.Participation",
    "programmes.Theme",
    "programmes.Fund",
    "programmes.Programme",
    "programmes.Discussion",
    "documents.Document",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server, before any middleware that could query.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS headers on /api/ answers, then every /api/ request counted per client address
    # (429 over the rate): before the page cache, so cached answers get both.
    "corsheaders.middleware.CorsMiddleware",
    "api.throttling.ApiThrottleMiddleware",
    # A database (or Redis) outage is a 503 "briefly unavailable" page, not a 500.
    "dialogues_site.middleware.ServiceUnavailableMiddleware",
    # Permissions-Policy on every response (Django has no setting for it).
    "dialogues_site.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL: /ja/... is Japanese, every other path English.
    "django.middleware.locale.LocaleMiddleware",
    # Public pages for anonymous visitors from the shared cache (dialogues_site/page_cache.py):
    # after the language is known (it is part of the URL, so of the key).
    "dialogues_site.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Who made a change, for the history of records edited in the admin.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin's path is a setting of the deployment, not of the code (default /admin/);
# only the default is linked from public pages (context_processors.site).
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
# After signing in, an unsafe or missing `next` (another host: /admin/login/?next=https://
# evil.example/) lands on the admin's index in the page's language, wherever
# DJANGO_ADMIN_PATH puts it, not on Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

ROOT_URLCONF = "dialogues_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dialogues_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dialogues_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer fails the request in seconds (a 503 page), instead
    # of holding the worker until gunicorn's timeout kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# English at the current paths, Japanese under /ja/ (dialogues_site/urls.py). The
# interface's Japanese catalogue is locale/ja/LC_MESSAGES/django.po, compiled by the
# Makefile (the .mo file is built, not committed).
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (django-modeltranslation): English is required, Japanese optional; a missing
# Japanese text shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ja")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production: `collectstatic` writes every file under a name with its content's hash,
# plus .gz and .br copies, and WhiteNoise serves those names with a ten-year
# "immutable" Cache-Control. The unhashed names stay too (a short max-age): the 500 and
# 503 pages link /static/css/site.css directly, since they render without the storage.
# Local mode (and the tests) use the files where they are, with no collectstatic, read
# afresh on every request.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Documents' files in an S3-compatible object store when DJANGO_S3_BUCKET is set (AWS
# credentials as boto3 reads them: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a role):
# private objects, no public or signed URLs, never an overwrite; every download goes
# through documents.downloads.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Uploaded files (the documents' files). Never served from MEDIA_ROOT directly: every
# download goes through documents.downloads, which checks publication. Several app servers
# need one shared store (docs/deploy.md: a shared folder or S3-compatible storage).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# A document's file may be at most this big (checked before the file is read whole).
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 50 * 1024 * 1024))
# Reading a file's text (documents/reading.py): at most this many pages and characters,
# in a child process killed after this many seconds (a hostile file never hangs a request).
DOCUMENT_MAX_PAGES_READ = int(os.environ.get("DOCUMENT_MAX_PAGES_READ", 2000))
DOCUMENT_MAX_TEXT_CHARS = int(os.environ.get("DOCUMENT_MAX_TEXT_CHARS", 2_000_000))
DOCUMENT_READ_SECONDS = float(os.environ.get("DOCUMENT_READ_SECONDS", 30))
# Uploads above this are written to a temporary file, not kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

if LOCAL_MODE:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# --- Cache and sessions ---------------------------------------------------------------
# REDIS_URL (e.g. redis://127.0.0.1:6379/0) is the cache every app server shares: what
# one server stores or clears, the others see. Without it, each process keeps its own
# cache in memory, which is right for one laptop and wrong for several servers.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, failing soft (dialogues_site/cache.py): a full, slow or
            # absent Redis makes pages slower, never an error; /healthz still reports it.
            "BACKEND": "dialogues_site.cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "dialogues").strip(),
            # A Redis that stops answering costs half a second, then is left alone for
            # five seconds at a time (each process) until it answers again.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_after": 5},
        }
    }
    # Sessions are read from Redis and written through to the database: shared by every
    # app server, and nobody is signed out when Redis is flushed, restarted or away
    # (signing in keeps working from the database).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SITE_NAME = "Japan-ASEAN Dialogue on Environmental Cooperation"

# The shared page cache (dialogues_site/page_cache.py): how long a public page may stay in
# the cache, in seconds; 0 turns it off (the web benchmark's uncached server does).
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 3600)
# The largest page kept (bytes); how many entries and bytes one content version may store
# (beyond them, pages are served uncached until the next change of the record).
PAGE_CACHE_MAX_BYTES = env_int("DJANGO_PAGE_CACHE_MAX_BYTES", 4 * 1024 * 1024)
PAGE_CACHE_MAX_ENTRIES = env_int("DJANGO_PAGE_CACHE_MAX_ENTRIES", 20_000)
PAGE_CACHE_VERSION_BYTES = env_int("DJANGO_PAGE_CACHE_VERSION_BYTES", 128 * 1024 * 1024)
# Each process also keeps the pages it served lately, up to this many bytes (0: none):
# a hit then reads only the shared version from Redis (dialogues_site/local_pages.py).
PAGE_CACHE_LOCAL_BYTES = env_int("DJANGO_PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
# The content version what derives from the whole record is computed once for (core/derived.py).
CONTENT_VERSION = "dialogues_site.page_cache.content_version"


def env_positive_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ImproperlyConfigured(f"{name} must be a whole number of bytes, e.g. 5242880.")
    return number


# Imports and exports (django-import-export; exchange/engine.py is the engine).
# Largest file an import accepts, in bytes.
IMPORT_MAX_BYTES = env_positive_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# The shape of a file, checked while it is read (exchange.limits.ImportLimits): a small
# file of a shape no table has (a million blank lines, a workbook of millions of cells)
# is refused in a second. Rows under the header (and at most as many blank rows), the
# last column holding a value, characters in a cell, cells of an XLSX worksheet (empty
# ones included) and what an XLSX's XML unpacks to. `import_site` lifts the bytes, rows
# and cell length for a whole-site backup.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=1)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100, minimum=1)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 100_000, minimum=1)
IMPORT_MAX_XLSX_CELLS = env_int("IMPORT_MAX_XLSX_CELLS", 1_000_000, minimum=1)
IMPORT_MAX_XLSX_XML_BYTES = env_int("IMPORT_MAX_XLSX_XML_BYTES", 64 * 1024 * 1024, minimum=1)
# Importing needs the "add" permission here and "change" too (RecordImportExportMixin);
# viewing a model is enough to export it.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The library's escaping only covers "=" and drops it; the resources escape every
# formula trigger losslessly (exchange.cells.escape_formula).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Between preview and confirm the upload waits somewhere the confirming request can read
# it. With Redis that is the shared cache, so the confirm may land on any app server (a
# day's lifetime; IMPORT_MAX_BYTES keeps it far below Redis's limit); without it, the
# machine's temporary folder, which only works with one app server.
IMPORT_EXPORT_TMP_STORAGE_CLASS = os.environ.get("IMPORT_EXPORT_TMP_STORAGE_CLASS") or (
    "import_export.tmp_storages.CacheStorage"
    if REDIS_URL
    else "import_export.tmp_storages.TempFolderStorage"
)

# --- The open-data API (/api/v1/, the api app; docs/api.md) ---------------------------
# Read-only and public: no authentication (no session or CSRF varies an answer, so every
# answer may come from the page cache), JSON only, cursor pagination.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Japan-ASEAN Dialogue record: open data API",
    "DESCRIPTION": "The published record, read-only: meetings, who took part, the programmes "
    "they discussed, documents. Both languages in every answer; dates at their precision.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the site's own static files (no CDN: the CSP allows 'self' only).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENABLE_DJANGO_DEPLOY_CHECK": False,  # its filter-type notes are no deploy problem
}
# CORS (django-cors-headers): any site may read the API, with GET, HEAD and OPTIONS only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Requests per client address to /api/ (api/throttling.py): "<n>/<second|minute|hour|day>"
# or "off"; over it, 429 and Retry-After; a wrong value stops the start (api/apps.py).
API_THROTTLE_RATE = os.environ.get("DJANGO_API_THROTTLE_RATE", "600/minute").strip()

# --- Security -------------------------------------------------------------------------
# What every response says to the browser, in local mode too (so a laptop shows what
# production does): see docs/security.md for the operator's side.

# Content Security Policy (django-csp 4): the site's own files only; no inline script or
# style, no plugin, no framing, forms post only here. JSON-LD (type application/ld+json)
# is data, not script, and needs no exception. The admin runs under the same policy
# (tests/browser/test_csp.py drives it): Django's admin and django-import-export's pages
# load only script and style files. Two library templates would break it and are kept
# out: django-simple-history's version list (a style attribute; the project's own
# admin/record_history/object_history_list.html replaces it) and django-import-export's
# "selectable fields" export form (an inline onchange handler; the admins use ExportForm).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not LOCAL_MODE:
    # HTTPS only. Behind a proxy or load balancer that ends TLS, Django learns that the
    # request came over HTTPS from the proxy's X-Forwarded-Proto header; the proxy must
    # set it (overwriting what the client sent). Without such a proxy, set
    # DJANGO_SECURE_PROXY_SSL_HEADER=0 so a client cannot claim HTTPS by sending it.
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain-HTTP requests are redirected to HTTPS (turn off only where the proxy does it).
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Except the health check, which load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # HSTS: browsers use HTTPS only, for a year by default. 0 turns it off.
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading puts the whole registered domain in the browsers' HTTPS-only lists, which
    # takes months to undo: the domain's owner opts in. Until then the deploy check's
    # reminder (security.W021) is silenced, because leaving it off is a decision.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Login throttling (django-axes): 5 failed sign-ins lock the username, and separately the
# client address, for DJANGO_LOGIN_LOCKOUT_MINUTES (an hour by default); each further
# attempt during the lockout starts the wait again. The attempts are kept in the database,
# which every app server shares, even with Redis configured: the database handler keeps
# the attempts an administrator reviews and resets in the admin (Axes -> Access
# attempts) and a lockout survives a Redis flush or restart; the cache handler would
# lose both for a saving of one small write per failed sign-in.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 60, minimum=1)
)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # the library's default, said here
AXES_RESET_ON_SUCCESS = True
# The page a locked-out editor sees: when to try again and whom to ask.
AXES_LOCKOUT_CALLABLE = "dialogues_site.signin.lockout_response"
LOGIN_LOCKOUT_CONTACT = os.environ.get("DJANGO_LOGIN_LOCKOUT_CONTACT", "").strip()
# The client's address is the connection's (REMOTE_ADDR) unless the operator says how many
# proxies stand in front of the app servers and append to X-Forwarded-For; then it is the
# address the outermost of them saw. Trusting the header without a proxy would let anyone
# pick their own address, so it is never read by default.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "dialogues_site.signin.client_ip_address"

# One JSON object per line in production mode (dialogues_site/logs.py), readable text
# locally; DJANGO_LOG_FORMAT=json|text chooses. To stdout in the app server (gunicorn's
# own lines too, in the same format), to stderr in commands, whose stdout is their output.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "dialogues_site.logs.JsonFormatter"},
        "text": {"format": TEXT_FORMAT},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": log_stream(),
            "formatter": log_format(),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own loggers reach stdout through the root handler only (Django's default
    # adds a stderr handler in DEBUG, which printed every line twice).
    "loggers": {"django": {"level": "INFO"}},
}
