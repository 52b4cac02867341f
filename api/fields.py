"""The API's building blocks: both languages of a field, a date at its precision, the
absolute address of an API object or of its public page, and a link to a related record
(its key and API address) that ``?expand=`` turns into the record itself."""

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import iso_partial

LANGUAGES = ("en", "ja")
NULLABLE_TEXT = {"type": "string", "nullable": True}
TRANSLATED_SCHEMA = {
    "type": "object",
    "properties": dict.fromkeys(LANGUAGES, NULLABLE_TEXT),
    "required": list(LANGUAGES),
}


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """``{"en": ..., "ja": ...}`` from the stored columns (``title_en``, ``title_ja``),
    never modeltranslation's fallback: a missing translation is null."""

    def __init__(self, name=None, **kwargs):
        self.column = name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        name = self.column or self.field_name
        return {code: getattr(instance, f"{name}_{code}", None) or None for code in LANGUAGES}


@extend_schema_field({"type": "string", "nullable": True, "example": "2008-03"})
class PartialDateField(serializers.Field):
    """A date at its precision: "2015", "2008-03" or "2013-09-26" (never an invented day)."""

    def __init__(self, date_name, precision_name="date_precision", **kwargs):
        self.date_name, self.precision_name = date_name, precision_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_name)
        return iso_partial(value, getattr(instance, self.precision_name)) or None


@extend_schema_field({"type": "string", "format": "uri"})
class ApiUrlField(serializers.Field):
    """The object's own API address, absolute (``api:<name>-detail`` by its key)."""

    def __init__(self, route, key, **kwargs):
        self.route, self.key = route, key
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        path = reverse(f"api:{self.route}-detail", args=[getattr(instance, self.key)])
        return absolute(self.context.get("request"), path)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class HtmlUrlField(serializers.Field):
    """The object's public page, absolute; null for a record with no page of its own."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        try:
            path = instance.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            return None
        if not path:
            return None
        return absolute(self.context.get("request"), path)


def link_schema(key, key_type=OpenApiTypes.STR):
    return {
        "type": "object",
        "nullable": True,
        "properties": {
            key: {"type": "integer" if key_type == OpenApiTypes.INT else "string"},
            "url": {"type": "string", "format": "uri"},
        },
        "description": "A link (key and API address); the whole object with ?expand=.",
    }


class LinkField(serializers.Field):
    """A related record as ``{"<key>": ..., "url": ...}``, or the record itself (its
    serializer, unexpanded) when the request's ``expand`` names this field. ``many``
    reads a to-many relation (prefetched by the view)."""

    def __init__(self, route, key, serializer=None, many=False, **kwargs):
        self.route, self.key, self.serializer, self.many = route, key, serializer, many
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return list(value.all()) if self.many and value is not None else value

    def to_representation(self, value):
        if self.many:
            return [self.one(item) for item in value]
        return self.one(value)

    def one(self, record):
        if record is None:
            return None
        if self.field_name in self.context.get("expand", ()):
            serializer = self.serializer()  # a callable: the classes name each other
            context = {**self.context, "expand": frozenset()}
            return serializer(record, context=context).data
        path = reverse(f"api:{self.route}-detail", args=[getattr(record, self.key)])
        return {
            self.key: getattr(record, self.key),
            "url": absolute(self.context.get("request"), path),
        }


def link(route, key, serializer, many=False, **kwargs):
    """A LinkField with its schema (a link, or a list of links)."""
    schema = link_schema(key)
    if many:
        schema = {"type": "array", "items": {**schema, "nullable": False}}
    field_class = extend_schema_field(schema)(type("LinkField", (LinkField,), {}))
    return field_class(route, key, serializer, many=many, **kwargs)


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}
)
class ListsField(serializers.Field):
    """Where this record's related records are listed: the API lists filtered by its key,
    e.g. ``{"participations": ".../api/v1/participations/?meeting=<slug>"}`` (no query)."""

    def __init__(self, key, lists, **kwargs):
        self.key, self.lists = key, lists  # lists: {name: (list route, filter parameter)}
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.key)
        request = self.context.get("request")
        return {
            name: absolute(request, f"{reverse(f'api:{route}-list')}?{urlencode({name_: value})}")
            for name, (route, name_) in self.lists.items()
        }
