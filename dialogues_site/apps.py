from django.apps import AppConfig


class DialoguesSiteConfig(AppConfig):
    """Site-wide pieces: the home page, the page cache and local set-up commands."""

    name = "dialogues_site"
    verbose_name = "Site"

    def ready(self):
        # Every change of a record invalidates the shared page cache.
        from . import page_cache

        page_cache.connect_signals()
