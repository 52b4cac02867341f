"""What every app's translation.py shares (django-modeltranslation): English as the
field is, Japanese optional, one way to store an empty text."""

from modeltranslation.translator import NotRegistered, TranslationOptions, translator


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


def translated_fields(model):
    """The names of ``model``'s translated fields ("title", ...), or () for none."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()
