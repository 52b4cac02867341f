"""The import engine: a whole file checked, then written all at once or not at all.

It replaces django-import-export's row-by-row import (a savepoint, several queries and
a deep copy per row) with a planned one that still returns the library's ``Result``, so
the admin's upload, preview and confirm pages work unchanged. Headers are matched to
columns; every cell is parsed by its widget (an unknown reference is an error on its
row); every row runs the model's rules in memory and uniqueness is checked for all rows
at once; only when no row has an error is anything written, in bulk, in one transaction,
with a version per record. Queries do not grow with the rows. docs/import-export.md.
"""

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from import_export.results import Error, RowResult

from core.history import has_history, history_reason, write_versions
from core.models import content_changed
from core.statistics import analyze_tables

from . import wording
from .cells import DIFF_ROW_LIMIT, cell_text, normalise_header
from .columns import Column, PartialDateColumn, column_label, header_map, translated_field_of
from .limits import FileProblem
from .rows import PlannedRow, RowPlan
from .widgets import KeyWidget


class ImportEngine:
    """``import_data`` and what it needs, mixed into ``RecordResource``."""

    def import_columns(self):
        return [f for f in self.get_import_fields() if isinstance(f, Column) and not f.readonly]

    def required_columns(self):
        """Columns a file must have: the natural key and every field a new row needs."""
        required = {self.fields[name].column_name for name in self.natural_key}
        for column in self.import_columns():
            names = [column.attribute]
            if isinstance(column, PartialDateColumn):
                names = [column.attribute]
            for name in names:
                try:
                    field = self._meta.model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                # A translation column's default and nullability are the same in every
                # language (an empty text): its field's say whether a new row needs it.
                source = translated_field_of(field) or field
                if not (field.blank or source.has_default() or source.null):
                    required.add(column.column_name)
        return required

    def match_headers(self, headers):
        """The file's headers as columns; unknown, missing or repeated ones refuse it."""
        model = self._meta.model
        by_name = header_map(self.import_columns(), model)
        readonly = set(header_map(self.get_export_fields(), model))
        matched, unknown, seen = [], [], {}
        for position, header in enumerate(headers):
            key = normalise_header(header)
            if key == "":
                matched.append(None)
                continue
            column = by_name.get(key)
            if column is None:
                if key not in readonly:
                    unknown.append(str(header).strip())
                matched.append(None)
                continue
            if column.column_name in seen:
                raise FileProblem(
                    wording.column_twice(
                        column.column_name, seen[column.column_name] + 1, position + 1
                    )
                )
            seen[column.column_name] = position
            matched.append(column)
        if unknown:
            expected = ", ".join(column_label(c, model) for c in self.import_columns())
            raise FileProblem(wording.unknown_columns(unknown, expected))
        required = self.required_columns() - set(seen)
        missing = [
            column_label(c, model) for c in self.import_columns() if c.column_name in required
        ]
        if missing:
            raise FileProblem(wording.missing_columns(missing))
        return matched

    def reset_caches(self):
        for field in self.fields.values():
            if isinstance(field.widget, KeyWidget):
                field.widget.reset()

    def existing_instances(self, key_values):
        """{natural key tuple: instance} for the rows the file names, in one query."""
        names = list(self.natural_key)
        model = self._meta.model
        # Keys of several columns are narrowed by the first and matched here.
        firsts = {key[0] for key in key_values}
        related = [
            c.attribute
            for c in self.import_columns()
            if isinstance(c.widget, KeyWidget) and not c.is_m2m()
        ]
        found = model.objects.filter(**{f"{names[0]}__in": firsts}).select_related(*related)
        return {self.key_of(instance): instance for instance in found}

    def key_of(self, instance):
        parts = []
        for name in self.natural_key:
            field = self._meta.model._meta.get_field(name)
            parts.append(getattr(instance, field.attname))
        return tuple(parts)

    def key_from_values(self, values):
        return tuple(
            value.pk if isinstance(value, models.Model) else value
            for value in (values[name] for name in self.natural_key)
        )

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Plan every row, then write all of them or none. See the module docstring."""
        result = self.get_result_class()()
        self.reset_caches()
        try:
            columns = self.match_headers(dataset.headers or [])
            present = [c for c in columns if c is not None]
            result.diff_headers = [c.column_name for c in present]
            # Messages and the preview name a column in the page's language (its header).
            model = self._meta.model
            result.column_labels = {c.column_name: column_label(c, model) for c in present}
            rows = self.data_rows(dataset, columns)
            if not rows:
                raise FileProblem(wording.no_rows())
        except FileProblem as problem:
            result.append_base_error(Error(problem))
            return result
        result.total_rows = len(rows)

        plans = self.plan_rows(rows, present, with_diff=len(rows) <= DIFF_ROW_LIMIT)
        self.check_uniqueness(plans)

        for plan in plans:
            if plan.errors:
                error = ValidationError(dict(plan.errors.items()))
                result.append_invalid_row(plan.number, plan.cells, error)
                row_result = RowResult()
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = error
                result.increment_row_result_total(row_result)
            else:
                result.increment_row_result_total(plan.row_result)
                result.append_row_result(plan.row_result)

        if result.has_validation_errors() or dry_run:
            return result
        user = kwargs.get("user")
        try:
            self.write(
                plans,
                user=user if getattr(user, "is_authenticated", False) else None,
                reason=history_reason(kwargs.get("file_name")),
            )
        except (DatabaseError, FileProblem) as error:  # FileProblem: e.g. a file store down
            problem = error if isinstance(error, FileProblem) else wording.database_refused(error)
            result.append_base_error(Error(FileProblem(str(problem))))
            return result
        # Bulk writes send no model signals: tell the page cache itself.
        content_changed(sender=self._meta.model)
        analyze_tables([self._meta.model])  # fresh statistics, once committed
        keep_instances = kwargs.get("retain_instance_in_row_result", False)
        for plan in plans:
            if keep_instances:  # the library's admin asks for them (log entries)
                plan.row_result.instance = plan.instance
        return result

    def data_rows(self, dataset, columns):
        """(line number in the file, {column name: cell}) for every row that is not empty."""
        rows = []
        for index, values in enumerate(dataset, start=2):  # line 1 is the header
            if all(cell_text(value) == "" for value in values):
                continue  # trailing or spacer rows a spreadsheet leaves behind
            cells = {}
            for column, value in zip(columns, values, strict=False):
                if column is not None:
                    cells[column.column_name] = value
            rows.append((index, cells))
        return rows

    def plan_rows(self, rows, columns, with_diff):
        key_columns = [self.fields[name] for name in self.natural_key]
        parsed_rows = []
        for number, cells in rows:
            values, errors = {}, {}
            for column in columns:
                try:
                    values[column.attribute] = column.widget.clean(cells[column.column_name])
                except (ValueError, ArithmeticError, ValidationError) as problem:
                    message = (
                        problem.messages if isinstance(problem, ValidationError) else [str(problem)]
                    )
                    errors[column.column_name] = message
            for column in key_columns:
                if column.column_name not in errors and values.get(column.attribute) in (
                    None,
                    "",
                ):
                    errors[column.column_name] = [wording.needs_value()]
            parsed_rows.append((number, cells, values, errors))

        keys = [
            self.key_from_values(values)
            for _, _, values, errors in parsed_rows
            if not any(c.column_name in errors for c in key_columns)
        ]
        existing = self.existing_instances(keys)
        m2m_columns = [c for c in columns if c.is_m2m()]
        plain_columns = [c for c in columns if not c.is_m2m()]
        current_links = self.current_links(m2m_columns, existing.values())
        rules = self.row_rules(columns)
        # A new record's language columns start empty; given here, the model does not
        # work each one's default out again (modeltranslation's costs a language switch).
        new_texts = {
            field.attname: field.get_default()
            for field in self._meta.model._meta.concrete_fields
            if translated_field_of(field)
        }
        new_texts.update(self.default_references())

        plans = []
        for number, cells, values, errors in parsed_rows:
            plan = RowPlan(number, cells)
            plans.append(plan)
            key_ok = not any(c.column_name in errors for c in key_columns)
            plan.key = self.key_from_values(values) if key_ok else None
            instance = existing.get(plan.key) if key_ok else None
            plan.new = instance is None
            if instance is None:
                instance = self._meta.model(**new_texts)
            plan.instance = instance
            before = {} if plan.new else self.texts(columns, instance, current_links)
            for column in plain_columns:
                if column.column_name not in errors:
                    column.assign(instance, values[column.attribute])
            for column in m2m_columns:
                if column.column_name not in errors:
                    plan.links[column.attribute] = values[column.attribute]
            # A cell's own error stays: the model's "missing" for the same column would hide it.
            found = self.model_errors(instance, columns, errors, rules)
            errors |= {label: found[label] for label in found if label not in errors}
            plan.errors = errors
            if errors:
                continue
            prepare = getattr(instance, "prepare_for_save", None)
            if prepare is not None:
                prepare()
            # A new row is created whatever its cells say: its texts only serve a preview.
            changed = []
            if with_diff or not plan.new:
                after = self.texts(columns, instance, plan.links, own=True)
                changed = [c for c in columns if before.get(c.column_name) != after[c.column_name]]
            row_result = PlannedRow()
            if plan.new:
                row_result.import_type = RowResult.IMPORT_TYPE_NEW
            elif changed:
                row_result.import_type = RowResult.IMPORT_TYPE_UPDATE
            else:
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            plan.changed_links = {c.attribute for c in changed if c.is_m2m()} | (
                {c.attribute for c in m2m_columns} if plan.new else set()
            )
            if with_diff:
                row_result.diff = [
                    self.diff_cell(before.get(c.column_name), after[c.column_name], plan.new)
                    for c in columns
                ]
            row_result.add_instance_info(instance)
            plan.row_result = row_result
        return plans

    def texts(self, columns, instance, links, own=False):
        """Each column of ``instance`` as its cell text (links from ``links``)."""
        texts = {}
        for column in columns:
            if column.is_m2m():
                objects = (
                    links.get(column.attribute, [])
                    if own
                    else links.get((column.attribute, instance.pk), [])
                )
                texts[column.column_name] = column.widget.render(objects)
            else:
                texts[column.column_name] = column.text(instance)
        return texts

    def current_links(self, m2m_columns, instances):
        """{(attribute, pk): [related objects]} for existing rows: one query per column."""
        links = defaultdict(list)
        pks = [instance.pk for instance in instances]
        for column in m2m_columns:
            field = self._meta.model._meta.get_field(column.attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            related = column.widget.by_key()
            by_pk = {obj.pk: obj for obj in related.values()}
            pairs = through.objects.filter(**{f"{source}__in": pks}).values_list(
                f"{source}_id", f"{target}_id"
            )
            for source_pk, target_pk in pairs:
                links[(column.attribute, source_pk)].append(by_pk[target_pk])
        return links

    def row_rules(self, columns):
        """What ``model_errors`` needs to know of the columns, worked out once per file:
        (attribute -> column name, the fields not to check again, the required references).

        Not checked again: references (their widgets did) and the own column of a
        translated field, which repeats one of its language columns (those are checked).
        """
        column_of = {}
        for column in columns:
            column_of[column.attribute] = column.column_name
            if isinstance(column, PartialDateColumn):
                column_of[column.precision_attribute] = column.column_name
        model = self._meta.model
        references = {c.attribute for c in columns if isinstance(c.widget, KeyWidget)}
        references |= {
            translated_field_of(field).name
            for field in model._meta.concrete_fields
            if translated_field_of(field)
        }
        required = []
        for column in columns:
            if isinstance(column.widget, KeyWidget) and not column.is_m2m():
                field = model._meta.get_field(column.attribute)
                if not field.null:
                    required.append((column.column_name, column.attribute, field.attname))
        return column_of, references, required

    def default_references(self):
        """{name: record} of each reference with a default (a meeting's first kind), read
        once per import: left to the model, the default and its record are queried per row."""
        found = {}
        for field in self._meta.model._meta.concrete_fields:
            if field.is_relation and field.has_default():
                pk = field.get_default()
                found[field.name] = field.related_model._default_manager.filter(pk=pk).first()
        self.defaulted = {name for name, record in found.items() if record is not None}
        return {name: record for name, record in found.items() if record is not None}

    def model_errors(self, instance, columns, known_errors, rules):
        """The model's own rules (clean, field validation) as {column: [messages]}."""
        column_of, references, required = rules
        errored = {c.attribute for c in columns if c.column_name in known_errors}
        # References were checked by their widgets; validating them again would cost a
        # query per row and column. Only "is it there at all" is left to check here.
        found = {}
        for column_name, attribute, attname in required:
            if attribute not in errored and getattr(instance, attname) is None:
                found[column_name] = [wording.needs_value()]
        try:
            exclude = errored | references | getattr(self, "defaulted", set())
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                label = column_of.get(name)
                if label is None:
                    label = self.label_for(name)
                found.setdefault(label, []).extend(messages)
        return found

    def label_for(self, attribute):
        if attribute == NON_FIELD_ERRORS:
            return wording.row_label()
        try:
            return capfirst(str(self._meta.model._meta.get_field(attribute).verbose_name))
        except FieldDoesNotExist:
            return attribute

    def check_uniqueness(self, plans):
        """Keys and unique values: once in the file, and not another record's already."""
        model = self._meta.model
        groups = [tuple(self.natural_key)]
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                groups.append((field.name,))
        for constraint in model._meta.constraints:
            unique = isinstance(constraint, models.UniqueConstraint)
            if unique and constraint.fields and constraint.condition is None:
                groups.append(tuple(constraint.fields))
        seen_groups = set()
        for names in groups:
            if names in seen_groups:
                continue
            seen_groups.add(names)
            self.check_group(plans, names, is_key=names == tuple(self.natural_key))

    def check_group(self, plans, names, is_key):
        model = self._meta.model
        attnames = [model._meta.get_field(name).attname for name in names]
        label = " + ".join(self.label_for(name) for name in names)
        first_line = {}
        candidates = []
        for plan in plans:
            if plan.errors or plan.instance is None:
                continue
            values = tuple(getattr(plan.instance, attname) for attname in attnames)
            if any(value is None or value == "" for value in values):
                continue
            if values in first_line:
                same = wording.same_as_row(first_line[values], is_key)
                plan.errors.setdefault(label, []).append(same)
                continue
            first_line[values] = plan.number
            candidates.append((plan, values))
        if is_key or not candidates:
            return
        # Against the database: a unique value held by a record the file does not name.
        lookup = {f"{attnames[0]}__in": {values[0] for _, values in candidates}}
        taken = {}
        for row in model.objects.filter(**lookup).values_list("pk", *attnames):
            taken[tuple(row[1:])] = row[0]
        for plan, values in candidates:
            holder = taken.get(values)
            if holder is not None and holder != plan.instance.pk:
                plan.errors.setdefault(label, []).append(wording.value_taken())

    @staticmethod
    def diff_cell(before, after, new):
        if new or before == after:
            return escape(after)
        return mark_safe(f"<del>{escape(before)}</del> <ins>{escape(after)}</ins>")  # noqa: S308

    def write(self, plans, user=None, reason=None):
        """Write every planned row in one transaction: the rows (``bulk_create``,
        ``bulk_update``), their many-to-many links, then, for records that keep a
        history, a version of each as written (who: ``user``, why: ``reason``;
        ``write_versions``)."""
        model = self._meta.model
        created = [p.instance for p in plans if p.new]
        updated = [p.instance for p in plans if not p.new and p.row_result.is_update()]
        now = timezone.now()
        update_fields = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "created_at"
        ]
        with transaction.atomic():
            for instance in updated:
                if hasattr(instance, "updated_at"):
                    instance.updated_at = now
            model.objects.bulk_create(created, batch_size=500)
            if updated:
                manager = model.objects
                if hasattr(manager, "rewrite"):
                    # A translated field's own column too: modeltranslation would fold
                    # ``title`` into ``title_en`` and leave the own column as it was.
                    manager = manager.rewrite(False)
                manager.bulk_update(updated, update_fields, batch_size=500)
            self.write_links(plans)
            if has_history(model):
                versions = {"user": user, "reason": reason, "date": now}
                write_versions(model, created, update=False, **versions)
                write_versions(model, updated, update=True, **versions)

    def write_links(self, plans):
        by_attribute = defaultdict(list)
        for plan in plans:
            for attribute in plan.changed_links:
                by_attribute[attribute].append(plan)
        for attribute, changed in by_attribute.items():
            field = self._meta.model._meta.get_field(attribute)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            replaced = [p.instance.pk for p in changed if not p.new]
            if replaced:
                through.objects.filter(**{f"{source}__in": replaced}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": plan.instance.pk, f"{target}_id": obj.pk})
                    for plan in changed
                    for obj in plan.links.get(attribute, [])
                ],
                batch_size=1000,
            )
