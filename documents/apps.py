from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_delete


class DocumentsConfig(AppConfig):
    """The meetings' and programmes' documents: agendas, statements, reports, their files."""

    name = "documents"

    def ready(self):
        from documents import feeds, signals
        from meetings.feeds import ENTRY_ADDITIONS

        if feeds.meeting_entry_documents not in ENTRY_ADDITIONS:
            ENTRY_ADDITIONS.append(feeds.meeting_entry_documents)

        document = self.get_model("Document")
        pre_delete.connect(signals.remember_files, sender=document, dispatch_uid="document-files")
        post_delete.connect(signals.delete_files, sender=document, dispatch_uid="document-files")
