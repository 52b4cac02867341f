"""Versions of records (django-simple-history), and writing them in bulk.

Meetings, participations, programmes and discussions keep every version of themselves:
who saved it, when, why ("Seed", "Imported from meetings.csv") and every field's value.
Admin saves are recorded by the library's post_save signal; imports, restores of a site
and the seed write their versions in bulk with ``write_versions``, in the same
transaction as the rows.
"""

import re

import simple_history
from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_model_for_model


def history_options(**options):
    """The options of ``HistoricalRecords`` as every record of the site uses them.

    The change reason is a text field: "Imported from <file name>" may be longer than the
    library's default of 100 characters (PostgreSQL would refuse it).
    """
    return {"history_change_reason_field": models.TextField(null=True), **options}


def record_history(**options):
    """``HistoricalRecords`` for a model without translated fields. A model with some is
    registered in its app's translation.py instead (``register_history``),
    once its translation columns exist."""
    return HistoricalRecords(**history_options(**options))


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


def history_reason(file_name):
    """The change reason of the versions an import writes: "Imported from meetings.csv"."""
    return f"Imported from {file_name}" if file_name else "Imported"


def restore_reason(when):
    """The change reason of a version restored in the admin (``when``: its date, as text)."""
    return f"Restored the version of {when}"


# A version's reason is stored in English, the same whoever reads it (a record, not a
# message), and shown in the reader's language: the reasons the site writes, with what
# varies in them (load_seed writes "Seed"); any other reason is shown as stored.
REASONS = [
    (
        re.compile(r"Imported from (?P<file>.+)", re.S),
        pgettext_lazy("version reason", "Imported from %(file)s"),
    ),
    (re.compile(r"Imported"), pgettext_lazy("version reason", "Imported")),
    (
        re.compile(r"Restored the version of (?P<when>.+)", re.S),
        pgettext_lazy("version reason", "Restored the version of %(when)s"),
    ),
    (re.compile(r"Seed"), pgettext_lazy("version reason", "Seed")),
]


def reason_in_language(reason):
    """A version's stored reason ("Imported from meetings.csv") in the active language."""
    for pattern, message in REASONS:
        match = pattern.fullmatch(reason or "")
        if match:
            return str(message) % match.groupdict()
    return reason or ""


def has_history(model):
    return hasattr(model._meta, "simple_history_manager_attribute")


def tracked_links(model):
    """The many-to-many fields whose links each version of ``model`` records."""
    if not has_history(model):
        return []
    return list(get_history_model_for_model(model)._history_m2m_fields)


def write_versions(model, instances, *, update, user=None, reason=None, date=None):
    """Write one version of each of ``instances``, already saved with their links.

    The database copies each record as it now stands into its history table
    (``INSERT ... SELECT``, 500 records a statement), then its links into the links'
    history tables the same way: no model instance and no value passes through Python,
    so the history costs an import about what one more ``bulk_create`` would.
    ``update`` says whether the records were changed (else created). Versions name
    ``user`` (none on the command line) and ``reason``; they are what the library's
    ``bulk_history_create`` would write, plus the links it leaves out.
    """
    if not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = get_history_model_for_model(model)
    date = date or timezone.now()
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    history_columns = {field.column for field in history_model._meta.concrete_fields}
    copied = [f.column for f in model._meta.concrete_fields if f.column in history_columns]
    names = ", ".join(quote(column) for column in copied)
    stamp = [
        connection.ops.adapt_datetimefield_value(date),
        reason,
        "~" if update else "+",
        getattr(user, "pk", None),
    ]
    pks = [instance.pk for instance in instances]
    with connection.cursor() as cursor:
        for first in range(0, len(pks), 500):
            batch = pks[first : first + 500]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(history_model._meta.db_table)} ({names}, "  # noqa: S608
                "history_date, history_change_reason, history_type, history_user_id) "
                f"SELECT {names}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(pk_column)} IN ({marks})",
                [*stamp, *batch],
            )
            for field in tracked_links(model):
                copy_link_versions(cursor, field, history_model, stamp[0], batch)


def copy_link_versions(cursor, field, history_model, date, pks):
    """The links of the records ``pks`` into the links' history, each tied to the version
    of its record written at ``date`` (the one ``write_versions`` just wrote)."""
    quote = connection.ops.quote_name
    link_history = getattr(history_model, field.name).model
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).column
    columns = [f.column for f in through._meta.concrete_fields]
    names = ", ".join(
        quote(link_history._meta.get_field(f.attname).column) for f in through._meta.concrete_fields
    )
    selected = ", ".join(f"lnk.{quote(column)}" for column in columns)
    version = quote(history_model._meta.pk.column)
    record = quote(history_model._meta.get_field(field.model._meta.pk.name).column)
    marks = ", ".join(["%s"] * len(pks))
    cursor.execute(
        f"INSERT INTO {quote(link_history._meta.db_table)} "  # noqa: S608
        f"({names}, {quote(link_history._meta.get_field('history').column)}) "
        f"SELECT {selected}, ver.{version} "
        f"FROM {quote(through._meta.db_table)} lnk "
        f"JOIN {quote(history_model._meta.db_table)} ver "
        f"ON ver.{record} = lnk.{quote(source)} "
        f"WHERE ver.history_date = %s AND ver.{record} IN ({marks})",
        [date, *pks],
    )
