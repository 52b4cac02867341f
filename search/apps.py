from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search of the published record, over its own index (models.py)."""

    name = "search"

    def ready(self):
        from . import signals

        signals.connect()
