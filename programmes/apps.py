from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Cooperation programmes, their themes and funds, and what each meeting said of them."""

    name = "programmes"
