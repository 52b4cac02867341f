"""Keyset ("cursor") pagination, fast on the deepest page, with the filtered list's count.

The cursor holds the whole sort key of the page's edge record (for meetings: date, number,
id), so the next page is one indexed range read, with no offset. DRF's CursorPagination
keeps only the first field and counts ties by offset: walking back through meetings of one
date it skipped records (tests/api/test_api_filter_parity.py). Every ordering field is
non-null (an empty value is given where the database sorts it: views.py); a page size
or a cursor that cannot be read is a 400 naming the parameter."""

import binascii
import json
from base64 import b64decode, b64encode

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.derived import per_version

MAX_PAGE_SIZE = 100
# Query parameters that do not change which records a list holds.
NOT_FILTERS = {"cursor", "page_size", "expand", "format", "ordering"}


def invalid_cursor():
    return ValidationError({"cursor": [_("Invalid cursor.")]})


def encode_cursor(key, backwards=False):
    """The cursor of the page after the record whose sort key is ``key`` (before it,
    ``backwards``): what ``next`` and ``previous`` carry (bench/ makes a deep one)."""
    key = [value.isoformat() if hasattr(value, "isoformat") else value for value in key]
    cursor = {"k": key, "r": 1} if backwards else {"k": key}
    return b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode()


class KeysetPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("id",)

    def get_ordering(self, request, queryset, view):
        ordering_for = getattr(view, "ordering_for", None)
        return tuple(ordering_for(request)) if ordering_for else self.ordering

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to %d.") % MAX_PAGE_SIZE]}
            )
        return int(raw)

    # --- The cursor: {"k": [the edge record's sort key], "r": 1 if it reads backwards} ---

    def decode_cursor(self, request, queryset):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            cursor = json.loads(b64decode(encoded.encode("ascii"), validate=True))
            key, backwards = cursor["k"], bool(cursor.get("r", 0))
            fields = [self.field_of(queryset, name.lstrip("-")) for name in self.ordering]
            if not isinstance(key, list) or len(key) != len(fields):
                raise ValueError
            for value in key:  # a text or a number, as link() writes them; never a NUL
                if isinstance(value, bool) or not isinstance(value, str | int):
                    raise ValueError
                if isinstance(value, str) and ("\x00" in value or len(value) > 1000):
                    raise ValueError
            values = [field.to_python(value) for field, value in zip(fields, key, strict=True)]
            for field, value in zip(fields, values, strict=True):
                field.run_validators(value) if value is not None else None
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error):
            raise invalid_cursor() from None
        except (DjangoValidationError, OverflowError, UnicodeError):
            raise invalid_cursor() from None
        if any(value is None for value in values):
            raise invalid_cursor()
        return values, backwards

    @staticmethod
    def field_of(queryset, name):
        if name in queryset.query.annotations:
            return queryset.query.annotations[name].output_field
        try:
            return queryset.model._meta.get_field(name)
        except FieldDoesNotExist:
            return queryset.model._meta.pk  # "pk"

    def key_of(self, record):
        return [getattr(record, name.lstrip("-")) for name in self.ordering]

    def link(self, record, backwards):
        encoded = encode_cursor(self.key_of(record), backwards)
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    # --- The page ------------------------------------------------------------------------

    @staticmethod
    def after(ordering, key, backwards):
        """The records after ``key`` in ``ordering`` (before it when ``backwards``):
        (a > A) or (a = A and b > B) or ..., each comparison in its field's direction."""
        condition = Q(pk__in=[])
        equal = Q()
        for name, value in zip(ordering, key, strict=True):
            field = name.lstrip("-")
            descending = name.startswith("-") != backwards
            condition |= equal & Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
            equal &= Q(**{field: value})
        return condition

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        cursor = self.decode_cursor(request, queryset)
        self.count = self.count_of(queryset, request, view)
        key, backwards = cursor if cursor else (None, False)
        order = [
            (name[1:] if name.startswith("-") else f"-{name}") if backwards else name
            for name in self.ordering
        ]
        queryset = queryset.order_by(*order)
        if key is not None:
            queryset = queryset.filter(self.after(self.ordering, key, backwards))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if backwards:
            self.page.reverse()
        self.has_next = more if not backwards else True
        self.has_previous = (key is not None) if not backwards else more
        return self.page

    @staticmethod
    def count_of(queryset, request, view):
        """One COUNT of the filtered list; the whole list's once per content version (as
        the public lists count theirs: counting every published meeting costs more than
        the page)."""
        if set(request.query_params) - NOT_FILTERS:
            return queryset.count()
        return per_version(f"api-count:{type(view).__name__}", queryset.count)

    def get_next_link(self):
        if not self.has_next or not self.page:
            return None
        return self.link(self.page[-1], backwards=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.page:  # a cursor beyond the end: back to the first page
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.link(self.page[0], backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        count = {"count": {"type": "integer", "example": 42}}
        response["properties"] = {**count, **response["properties"]}
        response["required"] = ["count", "results"]
        return response
