"""Speed of the public pages under load, against a trivial Django view (the baseline).

Run by ``make bench`` (or ``.venv/bin/python bench/web.py [--fresh] [--duration S]``):
gunicorn on the benchmark's PostgreSQL record (bench/record.py) and Redis (``REDIS_URL``)
loaded by wrk (bench/load.py), each page uncached then cached (bench/web_measure.py).
Each row prints requests per second, p50 and p99 latency, the ratio to the baseline and
the target of issue 6 with PASS or FAIL; a missed target never makes it exit non-zero,
only a benchmark that cannot run. About ten minutes once the record exists
(docs/benchmarks.md).
"""

import argparse
import os
import platform
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, Python puts bench/ first on the path: the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from bench.load import Load  # noqa: E402 - needs the path above
from bench.record import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    RECORD,
    prepare_record,
    record,
    scaled_url,
)
from bench.servers import bench_env, manage, production_env  # noqa: E402
from bench.web_measure import (  # noqa: E402
    BYPASS_COOKIE,
    CACHED_TARGET,
    PAGE_CACHE_OFF,
    UNCACHED_TARGET,
    growth_table,
    measure_server,
    pages,
    table,
)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="generate the record again")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="MEETINGS",
        help="also measure the uncached pages on a record of MEETINGS meetings (e.g. 100000) "
        "and print how server time grows",
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="WORDS",
        help="measure only the pages whose label holds one of these comma-separated words "
        "(e.g. 'documents,API'); the baseline is always measured",
    )
    options = parser.parse_args()

    # A TERM (a CI timeout, kill) unwinds like Ctrl-C: servers stopped, PostgreSQL started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped (SIGTERM)."))
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    print("== Web benchmark: public pages against a trivial Django view", flush=True)
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}; database {urlsplit(database_url).path[1:]}, "
        f"Redis {redis_url}",
        flush=True,
    )
    picked = prepare_record(database_url, options.fresh, redis_url)
    rows = [("baseline", "/bench/baseline"), *chosen(pages(picked), options.only)]

    env = bench_env(production_env(database_url, redis_url))
    manage(env, "collectstatic", "--noinput", "-v0")
    load = Load(options.duration, options.connections, options.threads, options.warmup)
    print(
        f"Load: {load.name}, {options.connections} connections, {options.duration} s a page "
        f"after {options.warmup} s of warm-up; gunicorn with 2 sync workers.",
        flush=True,
    )
    uncached, problems, bypass = measure_server({**env, **PAGE_CACHE_OFF}, rows, load, False)
    cached, cached_problems, _ = measure_server(env, rows, load, cached=True)
    problems += cached_problems

    print()
    print(f"Record: {', '.join(f'{count:,} {name}' for name, count in RECORD.items())}.")
    load_now = os.getloadavg()[1]  # over the last 5 minutes
    if load_now > (os.cpu_count() or 1):
        print(
            f"Warning: the machine was busy (load average {load_now:.1f} on "
            f"{os.cpu_count()} cores): other work took CPU from the servers; rerun when quiet."
        )
    if bypass:
        print("Uncached: the settings do not read DJANGO_PAGE_CACHE_SECONDS, so every request")
        print(f"to the uncached server carried '{BYPASS_COOKIE}' (the page cache never serves")
        print("a request with a session cookie; Django finds no such session and renders the")
        print("anonymous page; a page that reads the user pays one session lookup, a Redis get")
        print("and a query, that a visitor does not: the figures err on the slow side).")
    else:
        print("Uncached: a second server with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0),")
        print("every page rendered from the database.")
    print("Cached: the server as deployed, each page requested once before it is measured.")
    print(table("Uncached", uncached, UNCACHED_TARGET))
    print(table("Cached", cached, CACHED_TARGET))
    for label, path in rows:
        print(f"  {label:30} {path}")
    if options.scale:
        scaled = scale_run(options.scale, database_url, redis_url, load)
        print(growth_table(uncached, scaled, RECORD["meetings"], options.scale))
    if problems:
        print("Problems (rows not measured, or not measuring what they say):")
        for problem in problems:
            print(f"  {problem}")
    print()


def chosen(rows, only):
    """The rows whose label holds one of the comma-separated words of ``only`` (all if empty)."""
    words = [word.strip().lower() for word in only.split(",") if word.strip()]
    return [row for row in rows if not words or any(w in row[0].lower() for w in words)]


def scale_run(meetings, database_url, redis_url, load):
    """The uncached pages on a record of ``meetings`` meetings, in a database of its own."""
    url = scaled_url(database_url, meetings)
    print(f"== The same pages on {meetings:,} meetings ({urlsplit(url).path[1:]})", flush=True)
    picked = prepare_record(url, False, redis_url, record(meetings))
    # A cache namespace of its own: what derives from the other record must not answer here.
    env = {
        **bench_env(production_env(url, redis_url)),
        "DJANGO_CACHE_KEY_PREFIX": f"bench-{meetings}",
    }
    rows = [("baseline", "/bench/baseline"), *pages(picked)]
    results, problems, _ = measure_server({**env, **PAGE_CACHE_OFF}, rows, load, False)
    for problem in problems:
        print(f"  {problem}")
    return results


if __name__ == "__main__":
    main()
