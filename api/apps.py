from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open-data API (/api/v1/): the published record, read-only, and its Popolo export."""

    name = "api"
