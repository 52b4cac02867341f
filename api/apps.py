import re

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

RATE = re.compile(r"[1-9][0-9]*/(second|minute|hour|day|[smhd])")
OFF = {"", "0", "off", "none"}


class ApiConfig(AppConfig):
    """The open-data API (/api/v1/): the published record, read-only, and its Popolo export."""

    name = "api"

    def ready(self):
        # A wrong rate would fail every API request (DRF parses it on each): stop the start.
        rate = settings.API_THROTTLE_RATE
        if isinstance(rate, str) and rate.lower() in OFF:
            settings.API_THROTTLE_RATE = None
        elif rate is not None and not RATE.fullmatch(rate):
            raise ImproperlyConfigured(
                f'DJANGO_API_THROTTLE_RATE must be like "600/minute" or "off", not {rate!r}.'
            )
