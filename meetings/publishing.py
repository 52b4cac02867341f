"""Public views of publishable records: published only, with a draft preview for editors.

Every public detail page of a meeting or a programme goes through ``PublishedDetailView``:
the public sees published records only (a draft or a scheduled record is a 404); a
signed-in user who may view the model in the admin sees drafts too, with a visible
"draft preview" banner and headers that keep the page out of every cache.
"""

from django.dispatch import Signal
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

# Sent by ``content_changed()``; the site's page cache (dialogues_site.page_cache) listens.
public_content_changed = Signal()


def content_changed(sender=None):
    """Say that what the public sees may have changed where no model signal says it.

    Saves, deletes and many-to-many changes of the records already say it (the page
    cache listens to their signals); bulk writes do not (``bulk_create``,
    ``bulk_update``, ``QuerySet.update``, raw SQL), so the import engine and the site
    restore call this once they have written. Inside a transaction is fine: the pages
    are invalidated again when it commits.
    """
    public_content_changed.send(sender=sender)


def can_preview(user, model):
    opts = model._meta
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


class PublishedDetailView(DetailView):
    """A detail page that starts from ``published()``; editors may preview drafts."""

    def base_queryset(self):
        """The model's queryset with what the page needs joined (override to add)."""
        return self.model.objects.all()

    def get_queryset(self):
        queryset = self.base_queryset()
        if can_preview(self.request.user, self.model):
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = not self.object.is_published
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_draft_preview"]:
            add_never_cache_headers(response)
        return response
