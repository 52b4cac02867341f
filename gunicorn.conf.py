"""gunicorn's settings for the production profile, all from the environment.

    gunicorn -c gunicorn.conf.py dialogues_site.wsgi

GUNICORN_BIND      address(es) to listen on, comma-separated (127.0.0.1:8000, unix:/run/x.sock)
PORT               without GUNICORN_BIND: listen on 0.0.0.0:$PORT, as hosting platforms expect
WEB_CONCURRENCY    worker processes (default 2 x cores + 1, at most 8)
GUNICORN_THREADS   threads per worker (default 1; more than 1 uses the gthread worker)
GUNICORN_TIMEOUT   seconds a request may take before its worker is restarted (default 30)
GUNICORN_KEEPALIVE seconds an idle keep-alive connection is held, gthread only (default 5)
GUNICORN_MAX_REQUESTS  restart a worker after this many requests (default 0: never)
GUNICORN_ACCESS_LOG    "-" (stdout, the default) or "off"
GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (default: none)

Logs: gunicorn's own lines, its access log and Django's logs all go to stdout, one JSON
object per line in production mode (dialogues_site/logs.py).
"""

import os
import sys
from pathlib import Path

from gunicorn import glogging
from gunicorn.http import wsgi as gunicorn_wsgi

# The project folder, whatever the current one: the application is imported from there.
chdir = str(Path(__file__).resolve().parent)
if chdir not in sys.path:
    sys.path.insert(0, chdir)

from dialogues_site.logs import formatter  # noqa: E402 - needs the path above

# Django's logs to stdout too in the workers, which inherit this (commands keep stderr).
os.environ.setdefault("DJANGO_LOG_STREAM", "stdout")


def _int(name, default, minimum):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        sys.exit(f"gunicorn.conf.py: {name} must be a whole number of at least {minimum}.")
    return number


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "dialogues_site.wsgi:application"

if os.environ.get("GUNICORN_BIND", "").strip():
    bind = [part.strip() for part in os.environ["GUNICORN_BIND"].split(",") if part.strip()]
elif os.environ.get("PORT", "").strip():
    bind = [f"0.0.0.0:{_int('PORT', 8000, 1)}"]
else:
    bind = ["127.0.0.1:8000"]

# Django's requests are mostly waiting on the database, so more workers than cores pay;
# each worker holds the whole site in memory (about 100 MB), hence the cap.
workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, 8), 1)
threads = _int("GUNICORN_THREADS", 1, 1)
timeout = _int("GUNICORN_TIMEOUT", 30, 1)
graceful_timeout = 30  # a restart lets requests in flight finish for up to this long
keepalive = _int("GUNICORN_KEEPALIVE", 5, 0)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0, 0)
max_requests_jitter = max_requests // 10

# Not preloaded: with the application loaded only in the workers, `kill -HUP` on the
# master starts workers on the new code while the old ones finish their requests (the
# zero-downtime restart in docs/deploy.md), and no database or Redis connection can be
# opened before the fork and then shared by every worker.
preload_app = False

# gunicorn's control socket has one default path per user: two servers on one machine
# (the scale-out tests, the benchmark) would take it from each other. Off unless asked.
if os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip():
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"].strip()
else:
    control_socket_disable = True

access = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if access.lower() in {"", "0", "off", "none"} else access
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class StructuredLogger(glogging.Logger):
    """gunicorn's lines on stdout in the site's log format; each access line carries
    the request's fields as keys rather than an Apache-style string."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if getattr(handler, "_gunicorn", False):
                    handler.setFormatter(formatter())
                    if getattr(handler, "stream", None) is sys.stderr:
                        handler.setStream(sys.stdout)  # one stream for every line

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "-")
        duration_ms = round(request_time.total_seconds() * 1000, 1)
        self.access_log.info(
            "%s %s %s %sms",
            method,
            path,
            status,
            duration_ms,
            extra={
                "method": method,
                "path": path,
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status) if str(status).isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": duration_ms,
                "remote_addr": environ.get("REMOTE_ADDR"),
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "pid": os.getpid(),
            },
        )


logger_class = StructuredLogger


# No "Server: gunicorn" header: which software answers is of use to an attacker, not to a
# visitor, and gunicorn has no setting for it. Its status line, Date and Connection stay.
# (Read by the master before it forks, so every worker has it; a reload on HUP reads this
# file again, hence the check that the method is not wrapped twice.)
def _without_server_header(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    headers.drops_server_header = True
    return headers


if not getattr(gunicorn_wsgi.Response.default_headers, "drops_server_header", False):
    gunicorn_wsgi.Response.default_headers = _without_server_header(
        gunicorn_wsgi.Response.default_headers
    )
