"""Cursor pagination (fast on the deepest page) with the count of the filtered list.

The order is the view's (``ordering_for``): the meetings list follows its filter's
``ordering`` (newest or oldest first), the others a fixed order on unique keys. A page
size or a cursor that cannot be read is a 400 naming the parameter."""

from base64 import b64decode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

MAX_PAGE_SIZE = 100


class RecordCursorPagination(CursorPagination):
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

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            if encoded is not None:
                b64decode(encoded.encode(), validate=True)  # DRF's would skip bad characters
            return super().decode_cursor(request)
        except (NotFound, ValueError, UnicodeEncodeError):
            raise ValidationError({self.cursor_query_param: [_("Invalid cursor.")]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        self.count = queryset.count()  # one COUNT on the filtered, indexed queryset
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            # A cursor made by hand: a position its order's field cannot read.
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise ValidationError({self.cursor_query_param: [_("Invalid cursor.")]}) from None

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
        response["properties"] = {
            "count": {"type": "integer", "example": 42},
            **response["properties"],
        }
        response["required"] = ["count", "results"]
        return response
