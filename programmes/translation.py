"""The programmes app's texts in English and Japanese; see meetings/translation.py."""

from modeltranslation.translator import register

from core.history import register_history
from core.translation import Translated, empty_text

from .models import Fund, Programme, Theme


@register(Theme)
class ThemeTranslation(Translated):
    fields = ("name",)
    empty_values = {"name": None}


@register(Fund)
class FundTranslation(Translated):
    fields = ("name", "description")
    empty_values = {"name": None}
    field_options = empty_text("description")


@register(Programme)
class ProgrammeTranslation(Translated):
    fields = ("name", "other_names", "summary", "description")
    empty_values = {"name": None}
    field_options = empty_text("other_names", "summary", "description")


# Each version also records the themes and countries it had.
register_history(Programme, m2m_fields=["themes", "countries"])
