"""The import and export benchmark's throwaway database, and emptying it between runs.

A SQLite file in a temporary folder or, when DATABASE_URL is set, a new database on that
server (``bench_<name>_<pid>``, created by Django's test machinery and dropped at the
end): the benchmark never writes to a database that holds a record, nor to the test
suite's.
"""

import os
import shutil
import tempfile


def setup_django():
    """Django on a throwaway database; returns a function that removes it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogues_site.settings")
    folder = tempfile.mkdtemp(prefix="dialogues-bench-")
    given = bool(os.environ.get("DATABASE_URL"))
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"

    import django
    from django.conf import settings

    django.setup()
    # DEBUG keeps every query in memory: it would distort both speed and tracemalloc.
    settings.DEBUG = False

    from django.core.management import call_command
    from django.db import connection

    if given:
        original_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = f"{folder}/bench.sqlite3"
        else:
            # Its own name: the test suite's test_<name> may be in use at the same time.
            connection.settings_dict["TEST"]["NAME"] = f"bench_{original_name}_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

        def cleanup():
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(folder, ignore_errors=True)

    else:
        call_command("migrate", verbosity=0, interactive=False)

        def cleanup():
            connection.close()
            shutil.rmtree(folder, ignore_errors=True)

    return cleanup


def keeps_history(model):
    """Whether the import also writes a version of each row (django-simple-history)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def empty(model):
    """Delete the rows, their links and any versions of them: plain DELETEs, so that no
    signal writes a "deleted" version per row (nothing else refers to them here)."""
    from django.apps import apps
    from django.db import connection, transaction

    tables = [field.remote_field.through for field in model._meta.many_to_many]
    if keeps_history(model):
        versions = [
            other
            for other in apps.get_models()
            if other._meta.app_label == model._meta.app_label
            and other._meta.model_name.startswith(f"historical{model._meta.model_name}")
        ]
        # Versions of links (which point to versions) before the versions.
        tables += sorted(versions, key=lambda other: -len(other._meta.model_name))
    tables.append(model)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table._meta.db_table)  # a model's own table
            cursor.execute(f"DELETE FROM {name}")  # noqa: S608
