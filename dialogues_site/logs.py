"""Log lines for people and for machines.

Production writes one JSON object per line (time, level, logger, message, and the
request's method, path and status), local mode readable text; Django's logging and
gunicorn's own lines use the same choice. The app server logs to stdout, everything else
to stderr (a command's stdout is its output: ``export_records`` streams a CSV there).
This module must not import Django's settings: gunicorn's master reads it first.
"""

import datetime
import json
import logging
import os

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def log_stream():
    """The stream Django's log handler writes to, for settings.LOGGING."""
    if os.environ.get("DJANGO_LOG_STREAM", "").strip().lower() == "stdout":
        return "ext://sys.stdout"
    return "ext://sys.stderr"


def log_format():
    """ "json" or "text": DJANGO_LOG_FORMAT if set, else JSON in production mode."""
    chosen = os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower()
    if chosen in {"json", "text"}:
        return chosen
    local = os.environ.get("DJANGO_DEBUG", "").strip().lower()
    production = local in {"0", "false", "no", "off"}
    return "json" if production else "text"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and
    the fields of the request when the record has one (Django's ``django.request`` and
    ``django.security`` records do) or was given them with ``extra=``."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        # Django's records carry the HttpRequest; runserver's carry a socket instead.
        if hasattr(request, "method") and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in {"request", "status_code"}:
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: a value of any type (a socket, a Path) still makes a line.
        return json.dumps(entry, default=str, ensure_ascii=False)


def formatter():
    """The formatter for the chosen format, for code outside Django's LOGGING."""
    if log_format() == "json":
        return JsonFormatter()
    return logging.Formatter(TEXT_FORMAT)
