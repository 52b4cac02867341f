"""The search page: the form, and the engine's results (engine.py) kind by kind."""

from django.views.generic import TemplateView

from core.languages import language_versions

from . import engine
from .query import MAX_QUERY_LENGTH, clean_query


class SearchView(TemplateView):
    """One search across meetings, programmes, people and organisations (see engine.py).

    Never an error page: an empty query shows the form, a query over the length limit is
    shortened and the visitor told so.
    """

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, shortened = clean_query(self.request.GET.get("q", ""))
        sections = list(engine.search(query).values()) if query else []
        context.update(
            search_query=query,
            query_shortened=shortened,
            max_query_length=MAX_QUERY_LENGTH,
            sections=sections,
            total=sum(section.total for section in sections),
            capped=any(section.capped for section in sections),
            # The switcher and the alternates carry the query as searched (shortened).
            language_versions=language_versions(self.request, {"q": query} if query else {}),
        )
        return context
