"""Settings for the test suite: the real settings with a fast password hasher."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes needs the request to authenticate, which the test client's login() does not
# pass; the lockout tests turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
