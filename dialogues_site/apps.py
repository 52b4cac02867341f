from django.apps import AppConfig


class DialoguesSiteConfig(AppConfig):
    """Site-wide pieces: home page, the seed loader and local set-up commands."""

    name = "dialogues_site"
    verbose_name = "Site"
