"""Planner statistics after bulk writes (PostgreSQL's ANALYZE).

PostgreSQL plans queries from statistics that autovacuum refreshes in its own time (or
never, where it is off or slow): after a bulk write a table of 10,000 rows may still be
planned as empty, and a search then took over 30 s. A bulk write (an import, a backup
read back, the demo data) therefore ANALYZEs what it wrote, once it is committed.
SQLite: nothing. Django never writes SQLite's statistics (sqlite_stat1), so its planner
uses fixed rules that cannot go stale; an ANALYZE there reads whole tables, not a
sample, and would leave statistics that then go stale, with no autovacuum to refresh
them.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from simple_history.utils import get_history_model_for_model

from core.history import has_history, tracked_links

logger = logging.getLogger(__name__)


def written_tables(model):
    """The tables a bulk write of ``model`` fills: its own, its many-to-many links, and
    its history's (versions and their links)."""
    tables = [model._meta.db_table]
    tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    if has_history(model):
        history = get_history_model_for_model(model)
        tables.append(history._meta.db_table)
        tables += [getattr(history, f.name).model._meta.db_table for f in tracked_links(model)]
    return tables


def analyze_tables(models, using=DEFAULT_DB_ALIAS):
    """ANALYZE the tables of ``models`` (``written_tables``) on PostgreSQL, once the
    transaction that wrote them commits (at once outside a transaction; never if it is
    rolled back). A failure is logged: the rows are written, the statistics come later."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    tables = list(dict.fromkeys(table for model in models for table in written_tables(model)))
    if not tables:
        return

    def analyze():
        quote = database.ops.quote_name
        try:
            with database.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}")
        except DatabaseError:
            logger.warning("ANALYZE of %s failed", ", ".join(tables), exc_info=True)

    transaction.on_commit(analyze, using=using)
