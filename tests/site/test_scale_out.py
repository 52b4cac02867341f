"""Two app servers, one database, one cache: what one server does, the other serves.

Two real gunicorn servers (the repository's gunicorn.conf.py, production settings) listen
on two free ports. They share the test database pytest-django created (hence
``transaction=True``: what the test writes is committed, so the servers see it) and one
Redis (``REDIS_URL``, under a key prefix of this run only). Every request is real HTTP,
with the cookies a browser would keep:

- an editor signs in on server A (the admin's login form, CSRF token and all) and
  changes a meeting's title; server B, which had the meeting's page in the shared page
  cache, serves the new title on the very next request;
- five failed sign-ins on A lock the account out on B too (django-axes, on as in
  production).

It needs PostgreSQL (``DATABASE_URL``) and a Redis that answers; otherwise it is skipped,
saying why, except under ``REQUIRE_SCALE_OUT=1`` (set by .ci/run for its PostgreSQL
run), where a skip is a failure.
"""

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from meetings.models import Meeting
from tests.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
ADMIN = "/" + os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
PASSWORD = "a-long-test-password"


def superuser(django_user_model, username):
    """A superuser whose password the servers can check: they run production's hashers,
    not the tests' fast MD5 (a low iteration count keeps them quick all the same)."""
    hasher = PBKDF2PasswordHasher()
    return django_user_model.objects.create(
        username=username,
        email=f"{username}@example.org",
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000),
        is_staff=True,
        is_superuser=True,
    )


def why_not():
    """Why the test cannot run here, or None."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://...): SQLite is one machine's file"
    if not GUNICORN.exists():
        return f"needs gunicorn in the virtual environment ({GUNICORN})"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:
        return f"needs a Redis answering at {REDIS_URL} ({type(error).__name__}: {error})"
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """HTTP against one server, keeping cookies by hand: the production cookies are
    marked Secure, which urllib's cookie jar would not send over plain HTTP."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, base, cookies=None):
        self.base = base
        self.cookies = cookies if cookies is not None else {}

    def request(self, path, data=None):
        """(status, headers, text); redirects are answers, not followed."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, response.read().decode()

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, data)


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with ``form_id``, as
    [(name, value)]: inputs, checked boxes, selected options, text areas."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.options, self.textarea = None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # The newline Django writes after <textarea> is not part of the value.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


def read_form(html, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    assert reader.fields, f"no form #{form_id} on the page"
    return reader.fields


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(browser, username, password):
    """The admin's login form, as a person fills it in: (status, text) of the POST."""
    status, _, html = browser.get(f"{ADMIN}login/")
    assert status == 200
    fields = {
        "csrfmiddlewaretoken": csrf_token(html),
        "username": username,
        "password": password,
        "next": ADMIN,
    }
    status, _, text = browser.post(f"{ADMIN}login/?next={ADMIN}", fields)
    return status, text


class Server:
    def __init__(self, env, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn and arguments
            [str(GUNICORN), "-c", "gunicorn.conf.py", "dialogues_site.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited at start (see its log)"
            try:
                if Browser(self.url).get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail(f"gunicorn on {self.url} did not answer /healthz in {timeout} s")

    def stop(self):
        """Waits for the stop asked with ``terminate()`` (both servers at once)."""
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def two_servers(tmp_path_factory, name, **settings_env):
    """Servers A and B (production settings, two workers each) on the test database and
    one Redis, with ``settings_env`` on top; yields (the pair, their log's path). Skipped
    without PostgreSQL and Redis, a failure under REQUIRE_SCALE_OUT=1."""
    reason = why_not()
    if reason:
        if os.environ.get("REQUIRE_SCALE_OUT") == "1":
            pytest.fail(f"REQUIRE_SCALE_OUT=1 but the scale-out test cannot run: {reason}")
        pytest.skip(reason)
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    folder = tmp_path_factory.mktemp(name)
    prefix = f"{name}-{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="dialogues_site.settings",  # production's, not the tests'
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),  # one key, as servers of a site share
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_CACHE_KEY_PREFIX=prefix,  # this run's keys only, in whatever Redis db
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESS_LOG="off",
        **settings_env,
    )
    if "DJANGO_ADMIN_PATH" in os.environ:
        env["DJANGO_ADMIN_PATH"] = os.environ["DJANGO_ADMIN_PATH"]
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log_path = folder / "gunicorn.log"
    with open(log_path, "w") as log:
        pair = [Server(env, log), Server(env, log)]
        try:
            for server in pair:
                server.wait()
            yield pair, log_path
        finally:
            # Stopped before pytest-django drops the database they hold connections to.
            for server in pair:
                server.process.terminate()
            for server in pair:
                server.stop()
            import redis

            store = redis.Redis.from_url(REDIS_URL)
            keys = list(store.scan_iter(match=f"{prefix}:*"))
            if keys:
                store.delete(*keys)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Servers A and B on the test database and one Redis, for the module's tests."""
    with two_servers(tmp_path_factory, "scale-out") as (pair, log_path):
        yield pair
    errors = [
        line
        for line in log_path.read_text().splitlines()
        if "Traceback" in line or '"level": "ERROR"' in line
    ]
    assert not errors, f"the servers logged errors ({log_path}): {errors[:3]}"


@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_on_one_server_is_served_by_the_other(servers, django_user_model):
    a, b = servers
    superuser(django_user_model, "chief")
    meeting = MeetingFactory(published=True, title="Before the edit")
    page = meeting.get_absolute_url()

    visitor_b = Browser(b.url)
    status, _, html = visitor_b.get(page)
    assert status == 200 and "Before the edit" in html
    status, headers, html = visitor_b.get(page)
    assert headers["X-Page-Cache"] == "hit", "B serves the page from the shared cache"

    editor = Browser(a.url)
    status, _ = sign_in(editor, "chief", PASSWORD)
    assert status == 302, "signed in on A"
    # The session lives in the shared store: B knows the editor too.
    assert Browser(b.url, dict(editor.cookies)).get(ADMIN)[0] == 200

    change = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    status, _, html = editor.get(change)
    assert status == 200
    fields = read_form(html, "meeting_form")
    # The English title: "title", or "title_en" once the record is translated.
    titles = {name for name, _ in fields} & {"title", "title_en"}
    assert titles, "the form has a title field"
    fields = [(name, value) for name, value in fields if name not in titles]
    fields += [(name, "After the edit") for name in sorted(titles)] + [("_save", "Save")]
    status, _, html = editor.post(change, fields)
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    assert status == 302, f"the admin refused the change: {errors}"
    assert Meeting.objects.get(pk=meeting.pk).title == "After the edit"

    status, _, html = visitor_b.get(page)
    assert status == 200
    assert "After the edit" in html and "Before the edit" not in html
    status, _, html = Browser(a.url).get(page)
    assert "After the edit" in html


@pytest.mark.django_db(transaction=True)
def test_a_lockout_on_one_server_holds_on_the_other(servers, django_user_model):
    a, b = servers
    superuser(django_user_model, "locked")

    for attempt in range(1, 6):
        status, html = sign_in(Browser(a.url), "locked", "not-the-password")
        assert status in {200, 429}, f"attempt {attempt} answered {status}"
    assert status == 429, "the fifth failure locks the account on A"

    person = Browser(b.url)
    status, html = sign_in(person, "locked", PASSWORD)  # the right password, on B
    assert status == 429
    assert "Sign-in locked" in html
    assert person.get(ADMIN)[0] == 302, "not signed in: the admin sends B's visitor to log in"
