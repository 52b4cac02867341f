"""The documents' texts in English and Japanese; see meetings/translation.py."""

from modeltranslation.translator import register

from core.history import register_history
from core.translation import Translated, empty_text

from .models import Document


@register(Document)
class DocumentTranslation(Translated):
    fields = ("title",)
    field_options = empty_text(*fields)


# Every version, both languages; not the text read from the file (large, and derived).
register_history(Document, excluded_fields=["text"])
