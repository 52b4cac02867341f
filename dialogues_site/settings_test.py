"""Settings for the test suite: the real settings with a fast password hasher.

Whatever the environment says, the suite keeps its cache and sessions in this process
(a shared Redis is never touched unless a test starts its own server process) and uses
the static files where they are (no collectstatic needed).
"""

import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes needs the request to authenticate, which the test client's login() does not
# pass; the lockout tests turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False

REDIS_URL = ""
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.TempFolderStorage"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded files go to a folder of this test run, never to the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dialogues-test-media-"))  # noqa: F405
