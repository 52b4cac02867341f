"""Hardening: production settings pass ``check --deploy``, every response carries the
security headers and the Content Security Policy, and sign-in is throttled (django-axes).

Settings are read once at import, so the production cases run Django in a fresh
interpreter, as tests/site/test_settings.py does.
"""

import datetime
import html
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from dialogues_site.signin import client_ip_address
from tests.factories import MeetingFactory

PROJECT_DIR = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7#Qv9!rT2@xL5$mN8%pW3^zB6&cF1*hJ4(dS0)gY-uE+oA=iR_tU{aX}eP|vK~nM",
    "DJANGO_ALLOWED_HOSTS": "dialogue.example.org",
}

PRINT_SECURITY_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "TRUSTED_PROXY_COUNT", "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS", "AXES_HANDLER", "AXES_RESET_ON_SUCCESS",
]
values = {name: getattr(settings, name, None) for name in names}
values["AXES_COOLOFF_MINUTES"] = settings.AXES_COOLOFF_TIME.total_seconds() / 60
print(json.dumps(values))
"""


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


def deploy_check(**env):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    return result, result.stdout + result.stderr


def security_settings(**env):
    result = run(["-c", PRINT_SECURITY_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- check --deploy --------------------------------------------------------------------


class TestDeployCheck:
    def test_production_settings_pass_with_no_warning(self):
        result, output = deploy_check(**PRODUCTION)
        assert result.returncode == 0, output
        assert "W0" not in output
        assert "WARNINGS" not in output
        assert "no issues" in output

    def test_preloading_hsts_is_an_opt_in_that_also_passes(self):
        env = {**PRODUCTION, "DJANGO_SECURE_HSTS_PRELOAD": "1"}
        result, output = deploy_check(**env)
        assert result.returncode == 0, output
        assert "W0" not in output
        assert security_settings(**env)["SECURE_HSTS_PRELOAD"] is True

    def test_the_check_still_warns_an_operator_who_turns_a_protection_off(self):
        # Proof the check above can fail: without HSTS and the redirect it warns.
        env = {**PRODUCTION, "DJANGO_SECURE_HSTS_SECONDS": "0", "DJANGO_SECURE_SSL_REDIRECT": "0"}
        result, output = deploy_check(**env)
        assert result.returncode != 0
        assert "security.W004" in output  # HSTS
        assert "security.W008" in output  # SSL redirect

    def test_production_defaults(self):
        values = security_settings(**PRODUCTION)
        assert values["DEBUG"] is False
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
        assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
        assert values["SECURE_HSTS_PRELOAD"] is False
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["CSRF_COOKIE_SECURE"] is True
        assert values["SESSION_COOKIE_HTTPONLY"] is True
        assert values["X_FRAME_OPTIONS"] == "DENY"
        assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
        assert values["SECURE_REFERRER_POLICY"] == "same-origin"
        assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"

    def test_production_values_come_from_the_environment(self):
        values = security_settings(
            **PRODUCTION,
            DJANGO_SECURE_HSTS_SECONDS="600",
            DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SECURE_PROXY_SSL_HEADER="0",
            DJANGO_LOGIN_LOCKOUT_MINUTES="15",
            DJANGO_TRUSTED_PROXY_COUNT="2",
        )
        assert values["SECURE_HSTS_SECONDS"] == 600
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
        assert values["SECURE_SSL_REDIRECT"] is False
        assert values["SECURE_PROXY_SSL_HEADER"] is None
        assert values["AXES_COOLOFF_MINUTES"] == 15
        assert values["TRUSTED_PROXY_COUNT"] == 2

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
            ("DJANGO_SECURE_HSTS_SECONDS", "-1"),
            ("DJANGO_LOGIN_LOCKOUT_MINUTES", "0"),
            ("DJANGO_TRUSTED_PROXY_COUNT", "one"),
        ],
    )
    def test_a_wrong_number_stops_the_start_naming_the_variable(self, name, value):
        result = run(["manage.py", "check"], **PRODUCTION, **{name: value})
        assert result.returncode != 0
        last_line = [line for line in result.stderr.splitlines() if line.strip()][-1]
        assert "ImproperlyConfigured" in last_line
        assert name in last_line

    def test_local_mode_stays_plain_http_on_a_laptop(self):
        values = security_settings()
        assert values["DEBUG"] is True
        assert not values["SECURE_SSL_REDIRECT"]
        assert not values["SECURE_HSTS_SECONDS"]
        assert not values["SESSION_COOKIE_SECURE"]
        assert values["AXES_FAILURE_LIMIT"] == 5
        assert values["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
        assert values["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"
        assert values["AXES_RESET_ON_SUCCESS"] is True
        assert values["AXES_COOLOFF_MINUTES"] == 60
        assert values["TRUSTED_PROXY_COUNT"] == 0


PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}


@pytest.fixture
def production_https(settings):
    for name, value in PRODUCTION_HTTPS.items():
        setattr(settings, name, value)


@pytest.mark.django_db
@pytest.mark.usefixtures("production_https")
class TestHttpsBehindAProxy:
    def test_plain_http_is_redirected_to_https(self, client):
        response = client.get("/meetings/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/meetings/"

    def test_https_from_the_proxy_is_served_with_hsts(self, client):
        response = client.get("/meetings/", headers={"x-forwarded-proto": "https"})
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- Headers and the Content Security Policy --------------------------------------------

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp_directives(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = {part.strip() for part in response["Permissions-Policy"].split(",")}
    for feature in ("camera", "microphone", "geolocation", "interest-cohort", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.fixture
def published_meeting(db):
    return MeetingFactory(published=True)


PUBLIC_PAGES = [
    "/",
    "/meetings/",
    "/programmes/",
    "/countries/",
    "/search/?q=dialogue",
    "/meetings/feed/",
    "/meetings/calendar.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/meetings/no-such-meeting/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_responses_carry_the_strict_policy_and_the_headers(client, published_meeting, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert csp_directives(response) == STRICT_POLICY
    assert_security_headers(response)


def test_a_meeting_page_too(client, published_meeting):
    response = client.get(published_meeting.get_absolute_url())
    assert response.status_code == 200
    assert csp_directives(response) == STRICT_POLICY
    assert_security_headers(response)


def test_the_public_policy_names_no_other_origin_and_nothing_unsafe(client, published_meeting):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe" not in header
    assert "http:" not in header
    assert "https:" not in header
    assert "*" not in header


ADMIN_PAGES = [
    "admin:index",
    "admin:meetings_meeting_changelist",
    "admin:meetings_meeting_add",
    "admin:meetings_meeting_import",
    "admin:programmes_programme_import",
    "admin:meetings_meeting_export",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_carry_the_same_strict_policy(superuser_client, name):
    response = superuser_client.get(reverse(name))
    assert response.status_code == 200
    assert csp_directives(response) == STRICT_POLICY
    assert_security_headers(response)


def test_the_admin_sign_in_page_too(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert csp_directives(response) == STRICT_POLICY
    assert_security_headers(response)


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_a_record_s_admin_pages_too(superuser_client, published_meeting, view):
    response = superuser_client.get(
        reverse(f"admin:meetings_meeting_{view}", args=[published_meeting.pk])
    )
    assert response.status_code == 200
    assert csp_directives(response) == STRICT_POLICY
    assert_security_headers(response)


# --- Login throttling (django-axes) ------------------------------------------------------

LOGIN = "admin:login"


WRONG_PASSWORD = "wrong-password"  # noqa: S105


def sign_in(client, username, password=WRONG_PASSWORD, address="203.0.113.7"):
    return client.post(
        reverse(LOGIN),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def text(response):
    """The page as a reader sees its words: entities decoded, non-breaking spaces plain."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def is_locked_out(response):
    return response.status_code == 429 and "Sign-in locked" in response.content.decode()


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.mark.django_db
@pytest.mark.usefixtures("axes_on")
class TestLoginThrottling:
    def test_four_failures_leave_the_form_the_fifth_locks_the_user_out(self, editor_user):
        client = Client()
        for _ in range(4):
            response = sign_in(client, "editor")
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()

        assert is_locked_out(sign_in(client, "editor"))
        # Now even the right password is refused.
        assert is_locked_out(sign_in(client, "editor", "a-long-test-password"))
        # Kept in the database, which every app server shares.
        attempt = AccessAttempt.objects.get(username="editor")
        assert attempt.failures_since_start >= 5

    def test_the_lockout_page_says_when_to_try_again_and_whom_to_ask(self, editor_user, settings):
        settings.LOGIN_LOCKOUT_CONTACT = "the web team (web@example.org)"
        client = Client()
        with time_machine.travel(datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC)):
            for _ in range(5):
                response = sign_in(client, "editor")
        page = text(response)
        assert response.status_code == 429
        assert "<h1>Sign-in locked</h1>" in page
        assert "There were 5 failed attempts" in page
        assert "Try again after" in page
        assert "1 May 2030, 10:00 UTC" in page
        assert "in 1 hour" in page
        assert "the web team (web@example.org)" in page
        assert 'href="/static/css/site.css"' in page  # the site's own page, in its style

    def test_the_cool_off_time_is_a_setting(self, editor_user, settings):
        settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
        client = Client()
        for _ in range(5):
            response = sign_in(client, "editor")
        assert is_locked_out(response)
        assert "in 15 minutes" in text(response)

    def test_the_username_is_locked_from_every_address(self, editor_user):
        client = Client()
        for number in range(5):
            sign_in(client, "editor", address=f"198.51.100.{number + 1}")
        response = sign_in(Client(), "editor", "a-long-test-password", address="192.0.2.99")
        assert is_locked_out(response)

    def test_an_address_is_locked_whatever_username_it_tries(self, editor_user):
        client = Client()
        for number in range(5):
            sign_in(client, f"guess-{number}", address="203.0.113.50")
        # The real editor, from that address, is refused too...
        assert is_locked_out(sign_in(client, "editor", "a-long-test-password", "203.0.113.50"))
        # ...but signs in from elsewhere.
        response = sign_in(Client(), "editor", "a-long-test-password", address="192.0.2.10")
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")

    def test_the_lock_lifts_after_the_cool_off(self, editor_user):
        client = Client()
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(5):
                sign_in(client, "editor")
            assert is_locked_out(sign_in(client, "editor", "a-long-test-password"))
        with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
            assert is_locked_out(sign_in(client, "editor", "a-long-test-password"))
        # Each attempt during the lockout started the hour again (from minute 30).
        with time_machine.travel(start + datetime.timedelta(minutes=91), tick=False):
            response = sign_in(client, "editor", "a-long-test-password")
            assert response.status_code == 302

    def test_a_successful_sign_in_resets_the_count(self, editor_user):
        client = Client()
        for _ in range(4):
            sign_in(client, "editor")
        assert sign_in(client, "editor", "a-long-test-password").status_code == 302
        for _ in range(4):
            response = sign_in(Client(), "editor")
        assert response.status_code == 200  # four again, not eight

    def test_behind_an_unconfigured_proxy_a_forged_header_changes_nothing(self, editor_user):
        client = Client()
        for number in range(5):
            client.post(
                reverse(LOGIN),
                {"username": f"guess-{number}", "password": "x"},
                REMOTE_ADDR="203.0.113.60",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
            )
        assert is_locked_out(sign_in(client, "editor", "a-long-test-password", "203.0.113.60"))

    def test_behind_a_configured_proxy_each_client_is_counted_apart(self, editor_user, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = "10.0.0.2"

        def through_proxy(username, password, client_address):
            return Client().post(
                reverse(LOGIN),
                {"username": username, "password": password, "next": reverse("admin:index")},
                REMOTE_ADDR=proxy,
                HTTP_X_FORWARDED_FOR=client_address,
            )

        for number in range(5):
            through_proxy(f"guess-{number}", WRONG_PASSWORD, "198.51.100.66")
        # The guessing client is locked out; the editor, through the same proxy, is not.
        assert is_locked_out(through_proxy("editor", "a-long-test-password", "198.51.100.66"))
        assert through_proxy("editor", "a-long-test-password", "192.0.2.20").status_code == 302


class TestClientAddress:
    def request(self, remote="10.0.0.5", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().post("/admin/login/", **extra)

    def test_without_a_trusted_proxy_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip_address(self.request(forwarded="198.51.100.1")) == "10.0.0.5"

    def test_one_proxy_the_address_it_saw(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        request = self.request(forwarded="6.6.6.6, 198.51.100.1")  # the first one is forged
        assert client_ip_address(request) == "198.51.100.1"

    def test_two_proxies_the_address_the_outer_one_saw(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        request = self.request(forwarded="6.6.6.6, 198.51.100.1, 10.0.0.2")
        assert client_ip_address(request) == "198.51.100.1"

    @pytest.mark.parametrize("forwarded", [None, "", "not-an-address", " , "])
    def test_a_missing_or_malformed_header_falls_back_to_the_connection(self, settings, forwarded):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip_address(self.request(forwarded=forwarded)) == "10.0.0.5"

    def test_ipv6(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip_address(self.request(forwarded="2001:db8::1")) == "2001:db8::1"


# --- Where signing in lands ---------------------------------------------------------------

LANDING_AFTER_SIGN_IN = """
import django
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation
django.setup()
for code in ("en", "ja"):
    with translation.override(code):
        print(resolve_url(settings.LOGIN_REDIRECT_URL))
"""


@pytest.mark.django_db
class TestWhereSigningInLands:
    """A `next` pointing elsewhere is ignored (Django's url_has_allowed_host_and_scheme);
    the editor then lands on the admin's index, not on Django's /accounts/profile/."""

    def sign_in(self, next_url):
        client = Client()
        response = client.post(
            f"{reverse(LOGIN)}?next={quote(next_url)}",
            {"username": "editor", "password": "a-long-test-password"},
        )
        return client, response

    @pytest.mark.parametrize(
        "next_url",
        [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "https:evil.example",
            "javascript:alert(1)",
            "",
        ],
    )
    def test_an_unsafe_or_empty_next_lands_on_the_admin_index(self, editor_user, next_url):
        client, response = self.sign_in(next_url)

        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index") == "/admin/"
        landing = client.get(response["Location"])
        assert landing.status_code == 200
        assert "evil.example" not in landing.content.decode()

    def test_in_japanese_it_lands_on_the_japanese_admin(self, editor_user):
        with translation.override("ja"):
            login = reverse(LOGIN)
        assert login.startswith("/ja/")
        client = Client()
        response = client.post(
            f"{login}?next=https://evil.example/",
            {"username": "editor", "password": "a-long-test-password"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/ja/admin/"
        assert client.get(response["Location"]).status_code == 200

    def test_a_safe_next_is_still_followed(self, editor_user):
        _, response = self.sign_in("/admin/meetings/meeting/")
        assert response["Location"] == "/admin/meetings/meeting/"

    def test_the_landing_follows_the_configured_admin_path(self):
        result = run(["-c", LANDING_AFTER_SIGN_IN], DJANGO_ADMIN_PATH="backstage-7q/")
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-2:] == ["/backstage-7q/", "/ja/backstage-7q/"]
