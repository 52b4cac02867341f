"""The meetings app's texts in English and Japanese (django-modeltranslation).

Each field named here gets a column per language on the same table: ``title_en`` and
``title_ja`` beside ``title``. ``obj.title`` is the current language's text, falling back
to English when the Japanese is empty; ``obj.title_en`` / ``obj.title_ja`` are the
stored columns. English keeps the field's own rules (required where the field is);
Japanese is always optional. Slugs, codes and acronyms are not translated.

Records that keep a history are registered with django-simple-history here, after
their translation fields exist, so that every version records both languages
(``register_history``).
"""

import simple_history
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, TranslationOptions, register, translator
from simple_history.models import HistoricalRecords

from .models import Country, Meeting, MeetingSeries, Organisation, Participation, history_options


class Translated(TranslationOptions):
    """English as the field is (required where the field is), Japanese optional.

    An empty text is stored one way only, whoever writes it: "" in a column that is not
    nullable (``empty_text``), or NULL for a unique name (``empty_values``), so that the
    records still without a Japanese name do not clash on the column's unique index.
    (modeltranslation makes every column nullable: the admin would save an empty text as
    NULL, the code as "", and the history would list each first save as changes.)
    """

    required_languages = ("en",)


def empty_text(*names):
    """``field_options``: the columns of ``names``, in every language, not nullable, ""."""
    return {name: {"default": {"null": False, "default": ""}} for name in names}


@register(Country)
class CountryTranslation(Translated):
    fields = ("name",)
    empty_values = {"name": None}


@register(Organisation)
class OrganisationTranslation(Translated):
    fields = ("name",)
    field_options = empty_text(*fields)


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


# History ----------------------------------------------------------------------------------


def plain_copy(field):
    """A historical copy of a translation field as the plain field it is made from.

    The library's copy keeps modeltranslation's field class, whose migration description is
    the original field's: a unique name would stay unique in the history table, where a
    record has many versions. The plain field has what the history needs: nullable, not
    unique, indexed where the original was unique.
    """
    _, _, args, kwargs = field.deconstruct()
    kwargs.update(
        verbose_name=field.verbose_name,
        unique=False,
        null=True,
        db_index=field.db_index,
    )
    return type(field.translated_field)(*args, **kwargs)


class TranslatedHistoricalRecords(HistoricalRecords):
    """Versions with a column per language for every translated field."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, TranslationField):
                fields[name] = plain_copy(field)
        return fields


def register_history(model, **options):
    """Keep every version of ``model``, translation columns included.

    Called instead of a ``history = record_history()`` on the model: the library builds
    the history table's columns from the model's when it is registered, and the
    translation columns exist only once modeltranslation has registered the model.
    """
    simple_history.register(
        model, records_class=TranslatedHistoricalRecords, **history_options(**options)
    )


register_history(Meeting)
register_history(Participation)


def translated_fields(model):
    """The names of ``model``'s translated fields ("title", ...), or () for none."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()
