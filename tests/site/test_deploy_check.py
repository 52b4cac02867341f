"""Production settings pass ``check --deploy`` with no warning (and the check still
warns an operator who turns a protection off), the production defaults and the values
the environment sets, and HTTPS behind the TLS-ending proxy: plain HTTP redirected,
HTTPS served with HSTS. Settings are read once at import: fresh interpreters.
"""

import json

import pytest

from tests.site.process_helpers import run

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
