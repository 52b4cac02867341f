from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The seed record, its loader and the demo data generator; no models."""

    name = "seed"
    verbose_name = "Seed"
