"""The site in processes of its own, as an operator starts it: a fresh interpreter (the
settings are read once, at import) with only the given site variables, and real gunicorn
servers in production mode, their output in files. Shared by the production, security
and app server tests.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-for-the-tests-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}
# What the TLS-ending proxy adds to every request it forwards.
THROUGH_PROXY = {"X-Forwarded-Proto": "https"}


def clean_env(**overrides):
    """The current environment without the site's or gunicorn's variables."""
    dropped = {"DATABASE_URL", "REDIS_URL", "PORT", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "IMPORT_EXPORT_")) and key not in dropped
    }
    env.update(overrides)
    return env


def unused_port():
    """A loopback port nothing listens on (bound by the kernel, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, **env):
    """Our interpreter in the project folder, with only the given site variables set."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "DATABASE_CONN_MAX_AGE"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "dialogues_site.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class Server:
    """A gunicorn process started as an operator starts it, its output in files."""

    def __init__(self, name, env, folder):
        self.name = name
        self.port = unused_port()
        self.stdout_path = folder / f"{name}.stdout"
        self.stderr_path = folder / f"{name}.stderr"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [str(GUNICORN), "-c", "gunicorn.conf.py", "dialogues_site.wsgi"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=out,
                stderr=err,
            )

    def output(self):
        return self.stdout_path.read_text() + self.stderr_path.read_text()

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn ({self.name}) exited:\n{self.output()}")
            try:
                status = self.get("/healthz")[0]
            except OSError:
                time.sleep(0.1)
                continue
            if status in (200, 503):
                return
        pytest.fail(f"gunicorn ({self.name}) did not answer:\n{self.output()}")

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def log_entries(self):
        """stdout, every line a JSON object (the test fails on any other line)."""
        return [json.loads(line) for line in self.stdout_path.read_text().splitlines() if line]

    def wait_for_exit(self):
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
