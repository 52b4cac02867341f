"""RecordResource: a model's file format, exported in chunks and imported by the engine.

Each domain app declares its own (meetings/resources.py, programmes/resources.py):
columns, their order, the natural key. Exports read ``values_list`` in chunks, so
memory and queries do not grow with the rows; imports go through exchange/engine.py.
"""

import itertools
from collections import defaultdict

import tablib
from django.db import connection, models
from import_export import resources

from .cells import M2M_SEPARATOR, escape_formula
from .columns import Column, column_name_of, header_aliases, translated_field_of
from .engine import ImportEngine
from .widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    IntegerWidget,
    KeysWidget,
    KeyWidget,
    NullTextWidget,
    TextWidget,
)


class RecordResource(ImportEngine, resources.ModelResource):
    """A model's file format and the all-or-nothing import engine described above."""

    #: the column(s) a file names each row by
    natural_key = ()
    #: how the command line and a backup name these records ("meetings")
    file_key = ""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        column = Column(
            attribute=field_name,
            column_name=column_name_of(django_field),
            widget=cls.widget_for(django_field),
            readonly=readonly,
        )
        column.aliases = header_aliases(django_field)
        return column

    @classmethod
    def widget_for(cls, django_field):
        if django_field.many_to_many:
            model = django_field.related_model
            return KeysWidget(model)
        if django_field.many_to_one:
            model = django_field.related_model
            return KeyWidget(model)
        if django_field.choices:
            return ChoiceWidget(django_field.choices)
        if isinstance(django_field, models.BooleanField):
            return BooleanWidget()
        if isinstance(django_field, models.IntegerField):
            return IntegerWidget()
        if isinstance(django_field, models.DateTimeField):
            return DateTimeWidget()
        if isinstance(django_field, models.DateField):
            return DateWidget()
        if translated_field_of(django_field) and django_field.empty_value is None:
            return NullTextWidget()
        return TextWidget()

    def get_import_id_fields(self):
        return list(self.natural_key)

    # Export ---------------------------------------------------------------------------

    def export_columns(self):
        return [field for field in self.get_export_fields() if isinstance(field, Column)]

    def export_headers(self):
        return [field.column_name for field in self.export_columns()]

    def iter_rows(self, queryset=None, chunk_size=2000, escape=True):
        """Header then rows of cell texts, streamed: memory does not grow with the rows.

        Each chunk of ``chunk_size`` rows is one ``values_list`` read (references by
        their natural key, joined) plus one read of its links per many-to-many column.
        ``escape``: make cells safe to open in a spreadsheet (``escape_formula``); off
        for formats that say a cell is text (the site export's JSON and XLSX).
        """
        columns = self.export_columns()
        yield [column.column_name for column in columns]
        queryset = self.get_queryset() if queryset is None else queryset
        model = self._meta.model
        m2m_columns = [column for column in columns if column.is_m2m()]
        links = {}  # the current chunk's links: {attribute: {pk: cell text}}
        lookups, readers = ["pk"], []
        for column in columns:
            if column.is_m2m():
                attribute = column.attribute
                readers.append(lambda row, a=attribute: links[a].get(row[0], ""))
            else:
                readers.append(column.export_reader(len(lookups), model))
                lookups += column.export_lookups()
        cell = escape_formula if escape else str
        if hasattr(queryset, "rewrite"):
            # The lookups name each language's column: modeltranslation need not rewrite
            # them, nor pass every row through its fallback (a dict per row).
            queryset = queryset.rewrite(False)
        rows = queryset.values_list(*lookups).iterator(chunk_size=chunk_size)
        while chunk := list(itertools.islice(rows, chunk_size)):
            links.update(self.export_links(m2m_columns, [row[0] for row in chunk]))
            for row in chunk:
                yield [cell(read(row)) for read in readers]

    def export_links(self, m2m_columns, pks):
        """{attribute: {pk: "key|key"}} for the rows ``pks``: one query per column.

        Plain SQL: the ORM's preparation of a 2,000-value ``IN`` list cost as much as the
        query itself.
        """
        quote = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(pks))
        links = {}
        for column in m2m_columns:
            field = self._meta.model._meta.get_field(column.attribute)
            through = field.remote_field.through._meta
            source = through.get_field(field.m2m_field_name()).column
            target = through.get_field(field.m2m_reverse_field_name())
            related = target.related_model._meta
            key = related.get_field(column.widget.field).column
            keys = defaultdict(list)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT lnk.{quote(source)}, rel.{quote(key)} "  # noqa: S608
                    f"FROM {quote(through.db_table)} lnk JOIN {quote(related.db_table)} rel "
                    f"ON rel.{quote(related.pk.column)} = lnk.{quote(target.column)} "
                    f"WHERE lnk.{quote(source)} IN ({marks})",
                    pks,
                )
                for pk, found in cursor.fetchall():
                    keys[pk].append(str(found))
            links[column.attribute] = {
                pk: M2M_SEPARATOR.join(sorted(found)) for pk, found in keys.items()
            }
        return links

    def export(self, queryset=None, **kwargs):
        # The admin's export: the same cells and escaping as the commands and downloads.
        rows = self.iter_rows(queryset)
        dataset = tablib.Dataset(headers=next(rows))
        for row in rows:
            dataset.append(row)
        return dataset

    def get_export_headers(self, selected_fields=None):
        return self.export_headers()
