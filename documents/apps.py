from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The meetings' and programmes' documents: agendas, statements, reports, their files."""

    name = "documents"
