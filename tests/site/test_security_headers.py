"""Every response, public or admin, carries the security headers and the same strict
Content Security Policy: nothing but the site's own origin, nothing unsafe.
"""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

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
