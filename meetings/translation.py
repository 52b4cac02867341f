"""The meetings app's texts in English and Japanese (django-modeltranslation).

Each field named here gets a column per language on the same table: ``title_en`` and
``title_ja`` beside ``title``. ``obj.title`` is the current language's text, falling back
to English when the Japanese is empty; ``obj.title_en`` / ``obj.title_ja`` are the
stored columns. English keeps the field's own rules (required where the field is);
Japanese is always optional. Slugs, codes and acronyms are not translated.

Records that keep a history are registered with django-simple-history here, after
their translation fields exist, so that every version records both languages.
"""

from modeltranslation.translator import register

from core.history import register_history
from core.translation import Translated, empty_text

from .models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)


@register(Country)
class CountryTranslation(Translated):
    fields = ("name",)
    empty_values = {"name": None}


@register(Organisation)
class OrganisationTranslation(Translated):
    fields = ("name",)
    field_options = empty_text(*fields)


@register(Person)
class PersonTranslation(Translated):
    fields = ("name",)  # 浅尾慶一郎 on the Japanese pages
    field_options = empty_text(*fields)


@register(MeetingKind)
class MeetingKindTranslation(Translated):
    fields = ("name", "noun")
    empty_values = {"name": None}
    field_options = empty_text("noun")


@register(MeetingSeries)
class MeetingSeriesTranslation(Translated):
    fields = ("name", "short_name", "description")
    empty_values = {"name": None}
    field_options = empty_text("short_name", "description")


@register(Meeting)
class MeetingTranslation(Translated):
    fields = ("title", "outline", "venue", "city")
    field_options = empty_text(*fields)


@register(Participation)
class ParticipationTranslation(Translated):
    fields = ("title",)  # the title the person held at the meeting
    field_options = empty_text(*fields)


register_history(Meeting)
register_history(Participation)
