"""The project's own paths, as the import and export benchmark times them.

Import: ``read_file`` + ``RecordResource.import_data`` into an empty table, as the admin
and the command do: every cell parsed, every reference checked, ``full_clean`` on every
row, uniqueness checked, all or nothing. Export: ``iter_rows`` (streamed from
``QuerySet.iterator``) written with ``csv.writer``; its peak memory measured apart, under
tracemalloc, to show that it does not grow with the rows.
"""

import csv
import time
import tracemalloc


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
