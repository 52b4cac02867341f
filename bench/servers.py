"""The production profile's processes, as the benchmarks start them.

manage.py commands and gunicorn (``gunicorn -c gunicorn.conf.py``, production settings,
the access log off) on a free loopback port, in the environment an operator sets
(``production_env``); ``bench_env`` adds the benchmark's settings (``bench.settings``:
the production settings with ``bench/urls.py``, where ``/bench/baseline`` answers "ok"
through the same middleware). Used by bench/web.py and bench/soak.py.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def production_env(database_url, redis_url, **extra):
    """The environment of the production profile, as an operator sets it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key != "WEB_CONCURRENCY"
    }
    if os.environ.get("DJANGO_SETTINGS_MODULE"):  # an operator's own settings module
        env["DJANGO_SETTINGS_MODULE"] = os.environ["DJANGO_SETTINGS_MODULE"]
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback, no proxy in front
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def bench_env(env):
    """``env`` with the benchmark's settings (the baseline view routed) over its own."""
    base = env.get("DJANGO_SETTINGS_MODULE") or "dialogues_site.settings"
    return {**env, "BENCH_BASE_SETTINGS": base, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def manage(env, *args, quiet=False):
    """Run a manage.py command; stop with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=10, headers=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - http only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    """gunicorn with the repository's config, on a free loopback port, until stopped."""

    def __init__(self, env, workers=2, log=None, ready_path="/healthz"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.env["WEB_CONCURRENCY"] = str(workers)
        self.env.setdefault("GUNICORN_ACCESS_LOG", "off")
        self.log = log if log is not None else subprocess.DEVNULL
        self.ready_path = ready_path
        self.process = None

    def start(self, timeout=30):
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn and arguments
            [GUNICORN, "-c", "gunicorn.conf.py", "dialogues_site.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}) at start")
            try:
                if get(self.url + self.ready_path, timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} within {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop; workers follow the master
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
