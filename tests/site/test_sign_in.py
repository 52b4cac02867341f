"""Signing in: throttled by django-axes (by username and by address, a lockout page
saying when to try again, the cool-off, proxies trusted only when configured), the
client's address behind proxies, and where signing in lands (never elsewhere than the
site: an unsafe ``next`` lands on the admin's index, in the page's language).
"""

import datetime
import html
from urllib.parse import quote

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from dialogues_site.signin import client_ip_address
from tests.site.process_helpers import run

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
