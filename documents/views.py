"""The public list of documents, filtered by the query string (``DocumentFilter``)."""

from django.utils.translation import gettext as _

from core.views import FilteredListView

from .filters import DocumentFilter
from .models import Document


def listed_documents():
    """Published documents (of published meetings and programmes), newest first."""
    return (
        Document.objects.published()
        .select_related("meeting__series", "programme")
        .defer("text")  # megabytes a document; no list shows it
        .order_by("-date", "-id")
    )


class DocumentListView(FilteredListView):
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return listed_documents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [(_("Documents"), None)]
        return context
