"""Soak and outage: the public pages under steady load, then through a PostgreSQL restart.

Run by ``make soak`` (or ``.venv/bin/python bench/soak.py [--duration S] [--outage S]``)
on the benchmark's record and servers (bench/record.py, bench/servers.py), Redis at
``REDIS_URL`` (by default db 8). Phase 1, a soak (bench/soak_load.py); phase 2, PostgreSQL
stopped and started under load (bench/soak_outage.py); phase 3, a full Redis
(bench/soak_full_redis.py). Exits non-zero on any other error answer or if service does
not come back; PostgreSQL is started again whatever happens. Stopping it stops it for
every client of that server: ``--skip-outage`` leaves it alone.
"""

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from bench.load import find_wrk  # noqa: E402 - needs the path above
from bench.record import DEFAULT_DATABASE_URL, prepare_record  # noqa: E402
from bench.servers import Server, manage, production_env  # noqa: E402
from bench.soak_full_redis import full_redis  # noqa: E402
from bench.soak_load import pick_paths, soak_python, soak_wrk  # noqa: E402
from bench.soak_outage import Cluster, find_cluster, outage, process_ids  # noqa: E402

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of soak (60)")
    parser.add_argument("--connections", type=int, default=64, help="connections (64)")
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL is down")
    parser.add_argument("--recover", type=float, default=10, help="seconds allowed to recover")
    parser.add_argument("--cluster", help="the PostgreSQL cluster to restart, e.g. 15/main")
    parser.add_argument("--skip-outage", action="store_true", help="no phase 2")
    parser.add_argument(
        "--full-redis", type=int, default=30, help="seconds of phase 3 (30; 0 skips it)"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the record again")
    options = parser.parse_args()

    # A TERM (a CI timeout, kill) unwinds like Ctrl-C: servers stopped, PostgreSQL started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped (SIGTERM)."))
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    print("== Soak: public pages under load, then through a PostgreSQL restart", flush=True)
    prepare_record(database_url, options.fresh, redis_url)
    paths, outage_paths = pick_paths(database_url)
    cluster = (
        None
        if options.skip_outage
        else Cluster(*find_cluster(database_url, options.cluster), database_url)
    )
    env = production_env(database_url, redis_url)
    manage(env, "collectstatic", "--noinput", "-v0")
    problems = []
    # gunicorn's own lines (errors, warnings of the outage), for reading after a failure.
    log = tempfile.NamedTemporaryFile("w", prefix="soak-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    try:
        with Server(env, log=log) as server:
            wrk = find_wrk()
            print(
                f"Phase 1: {options.connections} connections for {options.duration} s over "
                f"{len(paths)} public pages ({'wrk' if wrk else 'Python client'}), "
                f"gunicorn with 2 workers on {server.url}",
                flush=True,
            )
            pids = process_ids(server)
            if wrk:
                soak = soak_wrk(wrk, server, paths, options.duration, options.connections)
            else:
                soak = soak_python(server, paths, options.duration, options.connections)
            bad = sum(n for status, n in soak["statuses"].items() if not 200 <= status < 400)
            total = sum(soak["statuses"].values())
            print(
                f"  {total:,} answers ({soak['rps']:.0f}/s), by status "
                f"{dict(sorted(soak['statuses'].items()))}; error answers: {bad}, "
                f"connections failed: {soak['failed']}"
                + (f" ({soak['failures']})" if soak["failed"] else "")
                + f"; latency p50 {soak['p50']:.1f} ms, "
                f"p99 {soak['p99']:.1f} ms",
                flush=True,
            )
            if process_ids(server) != pids:
                problems.append("phase 1: gunicorn replaced a worker (a request hit its timeout)")
            if bad or soak["failed"]:
                problems.append(
                    f"phase 1: {bad} error answers, {soak['failed']} failed connections"
                )

            if cluster:
                print(
                    f"Phase 2: {options.connections} connections; PostgreSQL "
                    f"{cluster.version}/{cluster.name} stopped after 10 s for {options.outage:g} s",
                    flush=True,
                )
                try:
                    lines, outage_problems = outage(
                        server, outage_paths, options.connections, cluster,
                        before=10, down=options.outage, after=options.recover + 5,
                        recover=options.recover,
                    )  # fmt: skip
                finally:
                    cluster.ensure_running()
                for line in lines:
                    print(f"  {line}")
                problems += outage_problems
        if options.full_redis > 0:
            print(
                f"Phase 3: {options.connections} connections for {options.full_redis} s, "
                "random query parameters, a Redis of 3 MB refusing writes when full",
                flush=True,
            )
            lines, full_problems = full_redis(
                env, paths, options.connections, options.full_redis, log
            )
            for line in lines:
                print(f"  {line}")
            problems += full_problems
    finally:
        log.close()
        if cluster:
            cluster.ensure_running()

    if problems:
        print("FAILED:")
        for problem in problems:
            print(f"  {problem}")
        print(f"(gunicorn's log: {log.name})")
        sys.exit(1)
    if cluster:
        print("PASS: no error answers; the outage answered the 503 page; service came back.")
    else:
        print("PASS: no error answers (the outage phase was skipped).")


if __name__ == "__main__":
    main()
