from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meeting series, meetings, countries, organisations, people and who took part."""

    name = "meetings"
