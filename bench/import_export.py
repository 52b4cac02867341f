"""Import and export speed of meetings and programmes, against a raw ``bulk_create``.

Run by ``make bench`` (or ``.venv/bin/python bench/import_export.py [--rows N] [--profile]``).
For two generated files of ``--rows`` rows (bench/import_export_files.py) it times the raw
baseline (bench/import_export_raw.py), the project's import, and its streamed export with
the peak memory (bench/import_export_project.py), on a throwaway database
(bench/import_export_database.py). Each timing is the best of ``--repeat`` runs, raw and
import taking turns. It prints rows per second, the import/raw ratio and the targets of
issue 4 with PASS or BELOW, never failing on them; compare ratios, figures move with load.
"""

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Python puts this script's folder first on the path, where this very file would shadow
# the django-import-export package (both are "import_export"): the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from bench.import_export_database import empty, keeps_history, setup_django  # noqa: E402
from bench.import_export_files import (  # noqa: E402 - needs the path above
    create_references,
    make_file,
    meeting_row,
    programme_row,
)
from bench.import_export_project import export_peak, project_export, project_import  # noqa: E402
from bench.import_export_raw import raw_meetings, raw_programmes  # noqa: E402

IMPORT_RATIO_TARGET = 1 / 3  # import at no less than a third of raw bulk_create
EXPORT_TARGET = 50_000  # rows a second
MEMORY_GROWTH_LIMIT = 1.25  # peak for twice the rows, over the peak for the rows


def timed(function, *args):
    started = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - started


def profiled(label, function, *args):
    """Run ``function`` under cProfile and print its hot spots."""
    profile = cProfile.Profile()
    value = profile.runcall(function, *args)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(22)
    lines = out.getvalue().splitlines()
    first = next(n for n, line in enumerate(lines) if "ncalls" in line)
    print(f"\n--- profile: {label} (sorted by own time) ---")
    print("\n".join(line for line in lines[first:] if line.strip()))
    return value


# --- The run ----------------------------------------------------------------------------


def rate(rows, seconds):
    return rows / seconds if seconds else float("inf")


def mark(ok):
    return "PASS " if ok else "BELOW"


def bench(label, model, resource_class, make_row, raw, rows, repeat, folder, profile):
    resource = resource_class()
    file_a = make_file(resource, make_row, 0, rows, seed=1)
    file_b = make_file(resource, make_row, rows, rows, seed=2)
    name = f"{label}.csv"
    print(f"\n{label}: {rows:,} rows, file of {len(file_a) / 1_048_576:.1f} MB")

    # (c) the baseline and (a) the project's import, each into an empty table, in turns
    # so that both meet the same conditions; the best of ``repeat`` runs of each.
    raw_times, import_times = [], []
    for round_ in range(repeat):
        raw_rows, seconds = timed(raw, file_a)
        assert raw_rows == rows == model.objects.count()
        raw_times.append(seconds)
        empty(model)
        (imported, *parts), seconds = timed(project_import, resource_class, file_a, name)
        assert imported == rows == model.objects.count()
        import_times.append((seconds, *parts))
        if round_ < repeat - 1:
            empty(model)
    raw_seconds = min(raw_times)
    total, read_seconds, check_seconds, write_seconds = min(import_times)

    # (b) export of the imported rows, then the peak memory for them and for twice as many
    export_path = folder / f"export-{label}.csv"
    export_times = []
    for _ in range(repeat):
        exported, seconds = timed(project_export, resource_class, export_path)
        assert exported == rows
        export_times.append(seconds)
    export_seconds = min(export_times)
    peak = export_peak(resource_class, export_path)
    raw(file_b)
    peak_twice = export_peak(resource_class, export_path)

    if profile:
        empty(model)
        profiled(f"{label} import", project_import, resource_class, file_a, name)
        profiled(f"{label} export", project_export, resource_class, export_path)
    empty(model)

    raw_rate, import_rate = rate(rows, raw_seconds), rate(rows, total)
    ratio = import_rate / raw_rate
    export_rate = rate(rows, export_seconds)
    growth = peak_twice / peak
    best = f"best of {repeat}" if repeat > 1 else "one run"
    print(f"  raw bulk_create (baseline) {raw_seconds:6.2f} s {raw_rate:8,.0f} rows/s  ({best})")
    print(
        f"  import                     {total:6.2f} s {import_rate:8,.0f} rows/s  "
        f"= {ratio:.2f} of raw     target >= {IMPORT_RATIO_TARGET:.2f} of raw  "
        f"{mark(ratio >= IMPORT_RATIO_TARGET)}"
    )
    print(
        f"      read_file {read_seconds:.2f} s + import_data: checks {check_seconds:.2f} s, "
        f"write {write_seconds:.2f} s"
        + (" (with a history version of every row)" if keeps_history(model) else "")
    )
    print(
        f"  export                     {export_seconds:6.2f} s {export_rate:8,.0f} rows/s"
        f"                      target >= {EXPORT_TARGET:,} rows/s  "
        f"{mark(export_rate >= EXPORT_TARGET)}"
    )
    print(
        f"  export peak memory         {peak / 1_048_576:.1f} MB for {rows:,} rows, "
        f"{peak_twice / 1_048_576:.1f} MB for {2 * rows:,} (x{growth:.2f})  "
        f"target: flat (x{MEMORY_GROWTH_LIMIT} at most)  {mark(growth <= MEMORY_GROWTH_LIMIT)}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows per file (10,000)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each timing, the best kept (2)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print cProfile hot spots of each run"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    cleanup = setup_django()
    try:
        import django
        from django.db import connection

        from meetings.models import Meeting
        from meetings.resources import MeetingResource
        from programmes.models import Programme
        from programmes.resources import ProgrammeResource

        database = connection.vendor
        if database == "sqlite":
            database = f"SQLite {connection.Database.sqlite_version}"
        else:
            database = f"{connection.display_name} {connection.pg_version // 10000}"
        load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
        print(
            f"Import and export, {args.rows:,} rows a file: {database} "
            f"(throwaway database), Python {platform.python_version()}, "
            f"Django {django.get_version()}, {os.cpu_count()} CPUs, load average {load}"
        )
        print(
            "Targets (issue 4): import >= 1/3 of raw bulk_create (about 8,000 rows/s on a "
            "2-core machine);\n"
            f"export >= {EXPORT_TARGET:,} rows/s, streamed, memory not growing with the rows."
        )
        create_references()
        folder = Path(tempfile.mkdtemp(prefix="dialogues-bench-files-"))
        try:
            bench(
                "meetings", Meeting, MeetingResource, meeting_row, raw_meetings, args.rows,
                args.repeat, folder, args.profile,
            )  # fmt: skip
            bench(
                "programmes", Programme, ProgrammeResource, programme_row, raw_programmes,
                args.rows, args.repeat, folder, args.profile,
            )  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        cleanup()
    print(f"\nDone in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
