from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search of the published record; no tables of its own (yet)."""

    name = "search"
