from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared record machinery every app builds on; no tables of its own."""

    name = "core"
