"""Base public views: published-only detail pages with a draft preview, filtered lists.

The public sees published records only (a draft or a scheduled record is a 404); a
signed-in user who may view the model in the admin sees drafts too, with a "draft
preview" banner and headers that keep the page out of every cache.
"""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.derived import per_version
from core.paths import with_query

# Query parameters that do not change which records a list holds.
NOT_FILTERS = {"page", "ordering"}


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


class WholeListPaginator(Paginator):
    """Counts the whole, unfiltered list once per content version (a count of every
    published meeting costs more than the page itself); a filtered list counts its own."""

    def __init__(self, *args, count_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self):
        if self.count_name is None:
            return super().count
        return per_version(self.count_name, self.object_list.count)


class FilteredListView(FilterView):
    """A django-filter list: linkable, paginated, with removable active-filter chips.

    Invalid input (``year_from=abc``, an unknown country) leaves the list empty and shows
    the errors on the form; it is never a 500.
    """

    paginate_by = 20
    strict = True
    paginator_class = WholeListPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        unfiltered = not (set(self.request.GET) - NOT_FILTERS)
        name = f"list-count:{queryset.model._meta.label}" if unfiltered else None
        return super().get_paginator(queryset, per_page, count_name=name, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_filters"] = self.active_filters()
        self.mark_invalid_fields()
        return context

    def active_filters(self):
        """(label, shown value, URL without this filter) for each filter in use."""
        form = self.filterset.form
        if not self.filterset.is_bound or not form.is_valid():
            return []
        chips = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], ()):
                continue
            remaining = self.request.GET.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            chips.append((field.label, self.display_value(form[name], value), self.url(remaining)))
        return chips

    @classmethod
    def display_value(cls, bound_field, value):
        if hasattr(value, "pk"):  # a model choice: its own name
            return str(value)
        if isinstance(value, list | tuple):  # e.g. an ordering
            return ", ".join(cls.display_value(bound_field, item) for item in value)
        choices = getattr(bound_field.field, "choices", None) or ()
        labels = {str(key): label for key, label in choices}
        return str(labels.get(str(value), value))

    def url(self, query: QueryDict):
        return with_query(self.request.path, query)

    def mark_invalid_fields(self):
        """Tie each error to its field for screen readers."""
        form = self.filterset.form
        if not self.filterset.is_bound:
            return
        for name in form.errors:
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{form[name].id_for_label}-error"
