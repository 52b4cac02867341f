"""The documents' texts in English and Japanese; see meetings/translation.py."""

from modeltranslation.translator import register

from core.history import register_history
from core.translation import Translated

from .models import Document


@register(Document)
class DocumentTranslation(Translated):
    fields = ("title",)


# Every version, both languages; not the text read from the file (large, and derived).
register_history(Document, excluded_fields=["text"])
