"""Import and export speed of meetings and programmes, against a raw ``bulk_create``.

Run by ``make bench`` (or ``.venv/bin/python bench/import_export.py [--rows N] [--profile]``).

It generates two files of ``--rows`` rows (10,000 by default) in the columns the
resources read and write: meetings (series, host country, dates of year, month and day
precision, some with an end date) and programmes (a fund, "|"-separated themes and
countries), after creating the countries, series, themes and funds they refer to. Then,
in the same run, for each file:

- raw: the file parsed with ``csv.reader``, references looked up in dicts, then
  ``bulk_create`` of the rows and of their many-to-many links (the through models), in
  one transaction: the least any import must do, with no checks at all (the baseline);
- import: the project's path, ``read_file`` + ``RecordResource.import_data``, into an
  empty table: every cell parsed, every reference checked, ``full_clean`` on every row,
  uniqueness checked, all or nothing;
- export: ``iter_rows`` (streamed from ``QuerySet.iterator``) written to a file with
  ``csv.writer``; then, in separate runs under tracemalloc, the peak of Python's memory
  while exporting those rows and twice as many, to show that it does not grow with them.

Each timing is the best of ``--repeat`` runs (2), raw and import taking turns. It prints
rows per second, the ratio of import to raw, and the targets of issue 4 with PASS or
BELOW; it never fails because a figure is below its target. Wall-clock figures move with
the machine's load (printed at the start): compare ratios, and runs on a quiet machine.

The database is a throwaway: a SQLite file in a temporary folder, or, when DATABASE_URL
is set, a new database on that server (``bench_<name>_<pid>``, created by Django's test
machinery and dropped at the end): the benchmark never writes to a database that holds
a record, nor to the test suite's.
"""

import argparse
import cProfile
import csv
import datetime
import io
import os
import platform
import pstats
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Python puts this script's folder first on the path, where this very file would shadow
# the django-import-export package (both are "import_export"): the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

IMPORT_RATIO_TARGET = 1 / 3  # import at no less than a third of raw bulk_create
EXPORT_TARGET = 50_000  # rows a second
MEMORY_GROWTH_LIMIT = 1.25  # peak for twice the rows, over the peak for the rows

COUNTRIES = [
    ("BN", "Brunei Darussalam"), ("KH", "Cambodia"), ("ID", "Indonesia"),
    ("LA", "Lao PDR"), ("MY", "Malaysia"), ("MM", "Myanmar"), ("PH", "Philippines"),
    ("SG", "Singapore"), ("TH", "Thailand"), ("VN", "Viet Nam"), ("JP", "Japan"),
    ("KR", "Republic of Korea"), ("CN", "China"), ("IN", "India"), ("AU", "Australia"),
    ("NZ", "New Zealand"), ("US", "United States"), ("FR", "France"), ("DE", "Germany"),
    ("GB", "United Kingdom"),
]  # fmt: skip
CITIES = ["Hanoi", "Hua Hin", "Surabaya", "Vientiane", "Kuala Lumpur", "Đà Nẵng", "Cebu"]
SERIES = [f"bench-series-{n}" for n in range(5)]
THEMES = [f"bench-theme-{n}" for n in range(12)]
FUNDS = [f"bench-fund-{n}" for n in range(6)]
PUBLISHED_AT = "2020-01-15T09:30:00+00:00"


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


# --- The files --------------------------------------------------------------------------


def create_references():
    """The countries, series, themes and funds the files refer to."""
    from meetings.models import Country, MeetingSeries
    from programmes.models import Fund, Theme

    Country.objects.bulk_create(
        Country(code=code, name=name, slug=name.lower().replace(" ", "-"))
        for code, name in COUNTRIES
    )
    MeetingSeries.objects.bulk_create(
        MeetingSeries(name=f"Bench series {n}", short_name=f"Series {n}", slug=slug)
        for n, slug in enumerate(SERIES)
    )
    Theme.objects.bulk_create(Theme(name=f"Theme {n}", slug=slug) for n, slug in enumerate(THEMES))
    Fund.objects.bulk_create(
        Fund(name=f"Fund {n}", acronym=f"F{n}", slug=slug) for n, slug in enumerate(FUNDS)
    )


def meeting_row(i, rng):
    """One meeting as {attribute: cell}: row ``i`` of the generated record."""
    kind = "other" if i % 10 == 0 else "ministerial" if i % 10 == 1 else "dialogue"
    start = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12_000))
    end = ""
    precision = i % 3
    if precision == 0:
        start_text = f"{start.year:04d}"
    elif precision == 1:
        start_text = f"{start.year:04d}-{start.month:02d}"
    else:
        start_text = start.isoformat()
        if i % 2:
            end = (start + datetime.timedelta(days=rng.randrange(1, 4))).isoformat()
    published = i % 10 != 9
    return {
        "slug": f"bench-meeting-{i}",
        "series": SERIES[i % len(SERIES)],
        "kind": kind,
        "number": "" if kind == "other" else str(i + 1),
        "title_en": "" if i % 2 else f"Meeting on cooperation {i}",
        "title_ja": "" if i % 2 else f"環境協力会合{i}",
        "start_date": start_text,
        "end_date": end,
        "venue_en": f"Conference Centre {i % 50}",
        "venue_ja": "",
        "city_en": CITIES[i % len(CITIES)],
        "city_ja": "",
        "host_country": COUNTRIES[i % len(COUNTRIES)][0],
        "outline_en": (
            f"- Reviewed **{i % 7 + 1}** programmes.\n- Agreed the next steps."
            if i % 4 == 0
            else f"The meeting {i} exchanged views on environmental cooperation."
        ),
        "outline_ja": "",
        "status": "published" if published else "draft",
        "published_at": PUBLISHED_AT if published else "",
    }


def programme_row(i, rng):
    """One programme as {attribute: cell}."""
    from programmes.models import Programme

    start = 1995 + i % 20
    themes = rng.sample(THEMES, rng.randrange(1, 4))
    countries = rng.sample([code for code, _ in COUNTRIES], rng.randrange(1, 6))
    published = i % 10 != 9
    return {
        "slug": f"bench-programme-{i}",
        "name_en": f"Bench Programme {i}",
        "name_ja": "" if i % 2 else f"ベンチ計画{i}",
        "acronym": f"BP{i}",
        "other_names_en": f"Programme {i}\nThe {i} initiative" if i % 3 == 0 else "",
        "other_names_ja": "",
        "kind": Programme.Kind.values[i % len(Programme.Kind.values)],
        "summary_en": f"Cooperation programme number {i}.",
        "summary_ja": "",
        "description_en": f"It *helps* {i % 9 + 1} cities.",
        "description_ja": "",
        "fund": "" if i % 8 == 0 else FUNDS[i % len(FUNDS)],
        "themes": "|".join(themes),
        "countries": "|".join(countries),
        "start_year": str(start),
        "end_year": str(start + i % 6) if i % 5 else "",
        "programme_status": ["", *Programme.Status.values][i % 5],
        "status": "published" if published else "draft",
        "published_at": PUBLISHED_AT if published else "",
    }


def make_file(resource, make_row, first, count, seed):
    """The rows ``first`` to ``first + count - 1`` as the bytes of a CSV file."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    columns = resource.export_columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.column_name for column in columns])
    for i in range(first, first + count):
        row = make_row(i, rng)
        writer.writerow([row[column.attribute] for column in columns])
    return out.getvalue().encode("utf-8")


# --- Raw bulk_create: the baseline ------------------------------------------------------


def parse_partial(text):
    parts = text.split("-")
    if len(parts) == 1:
        return datetime.date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1), "month"
    return datetime.date.fromisoformat(text), "day"


# The raw baseline reads cells by position: the columns the resources write, in order.
MEETING_COLUMNS = (
    "slug", "series", "kind", "number", "title_en", "title_ja", "start_date", "end_date",
    "venue_en", "venue_ja", "city_en", "city_ja", "host_country", "outline_en", "outline_ja",
    "status", "published_at",
)  # fmt: skip
PROGRAMME_COLUMNS = (
    "slug", "name_en", "name_ja", "acronym", "other_names_en", "other_names_ja", "kind",
    "summary_en", "summary_ja", "description_en", "description_ja", "fund", "themes",
    "countries", "start_year", "end_year", "programme_status", "status", "published_at",
)  # fmt: skip


def check_header(header, attributes):
    from meetings.resources import MeetingResource
    from programmes.resources import ProgrammeResource

    resource = MeetingResource() if attributes is MEETING_COLUMNS else ProgrammeResource()
    expected = [resource.fields[name].column_name for name in attributes]
    if header != expected:
        raise SystemExit(f"The resource's columns changed: {header}; update the benchmark.")


def keyed(model, field):
    return {getattr(obj, field): obj for obj in model.objects.all()}


def raw_meetings(data):
    from django.db import transaction

    from meetings.models import Country, Meeting, MeetingSeries

    series, countries = keyed(MeetingSeries, "slug"), keyed(Country, "code")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    check_header(next(reader), MEETING_COLUMNS)
    meetings = []
    for row in reader:
        slug, series_slug, kind, number, title, title_ja, start, end = row[:8]
        venue, venue_ja, city, city_ja, host, outline, outline_ja = row[8:15]
        status, published_at = row[15:17]
        start_date, precision = parse_partial(start)
        meetings.append(
            Meeting(
                slug=slug,
                series=series[series_slug],
                kind=kind,
                number=int(number) if number else None,
                title_en=title,
                title_ja=title_ja,
                start_date=start_date,
                date_precision=precision,
                end_date=datetime.date.fromisoformat(end) if end else None,
                venue_en=venue,
                venue_ja=venue_ja,
                city_en=city,
                city_ja=city_ja,
                host_country=countries[host],
                outline_en=outline,
                outline_ja=outline_ja,
                status=status,
                published_at=(
                    datetime.datetime.fromisoformat(published_at) if published_at else None
                ),
            )
        )
    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=500)
    return len(meetings)


def raw_programmes(data):
    from django.db import transaction

    from meetings.models import Country
    from programmes.models import Fund, Programme, Theme

    funds, themes = keyed(Fund, "slug"), keyed(Theme, "slug")
    countries = keyed(Country, "code")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    check_header(next(reader), PROGRAMME_COLUMNS)
    programmes, theme_keys, country_keys = [], [], []
    for row in reader:
        slug, name, name_ja, acronym, other_names, other_names_ja, kind = row[:7]
        summary, summary_ja, description, description_ja, fund = row[7:12]
        theme_cell, country_cell, start_year, end_year, programme_status = row[12:17]
        status, published_at = row[17:19]
        programmes.append(
            Programme(
                slug=slug,
                name_en=name,
                name_ja=name_ja or None,  # unique: no Japanese name yet is NULL
                acronym=acronym,
                other_names_en=other_names,
                other_names_ja=other_names_ja,
                kind=kind,
                summary_en=summary,
                summary_ja=summary_ja,
                description_en=description,
                description_ja=description_ja,
                fund=funds[fund] if fund else None,
                start_year=int(start_year) if start_year else None,
                end_year=int(end_year) if end_year else None,
                programme_status=programme_status,
                status=status,
                published_at=(
                    datetime.datetime.fromisoformat(published_at) if published_at else None
                ),
            )
        )
        theme_keys.append([themes[key] for key in theme_cell.split("|") if key])
        country_keys.append([countries[key] for key in country_cell.split("|") if key])
    theme_link, country_link = Programme.themes.through, Programme.countries.through
    with transaction.atomic():
        Programme.objects.bulk_create(programmes, batch_size=500)
        theme_link.objects.bulk_create(
            (
                theme_link(programme_id=programme.pk, theme_id=theme.pk)
                for programme, linked in zip(programmes, theme_keys, strict=True)
                for theme in linked
            ),
            batch_size=1000,
        )
        country_link.objects.bulk_create(
            (
                country_link(programme_id=programme.pk, country_id=country.pk)
                for programme, linked in zip(programmes, country_keys, strict=True)
                for country in linked
            ),
            batch_size=1000,
        )
    return len(programmes)


# --- The project's paths ----------------------------------------------------------------


def project_import(resource_class, data, name):
    """read_file + import_data, as the admin and the command do.

    Returns (rows, seconds reading the file, seconds planning and checking, seconds
    writing): the write is timed by wrapping the resource's own ``write``, untouched.
    """
    from exchange.files import read_file
    from exchange.models import problems

    resource = resource_class()
    writing = []
    write = resource.write

    def timed_write(*args, **kwargs):
        started = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            writing.append(time.perf_counter() - started)

    resource.write = timed_write
    started = time.perf_counter()
    dataset = read_file(data, name)
    read = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, file_name=name)
    done = time.perf_counter()
    if result.has_errors() or result.has_validation_errors():
        listed = "\n".join(problems(result)[:10])
        raise SystemExit(f"The generated {name} was refused:\n{listed}")
    written = sum(writing)
    return result.total_rows, read - started, done - read - written, written


def project_export(resource_class, path):
    """iter_rows written with csv.writer to a file; the number of rows written."""
    count = -1  # the header is not a row
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for row in resource_class().iter_rows():
            writer.writerow(row)
            count += 1
    return count


def export_peak(resource_class, path):
    """Peak bytes Python allocated while exporting (tracemalloc; a separate, slower run)."""
    tracemalloc.start()
    try:
        project_export(resource_class, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


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
