"""Soak and outage: the public pages under steady load, then through a PostgreSQL restart.

Run by ``make soak`` (or ``.venv/bin/python bench/soak.py [--duration S] [--outage S]``).
It uses the benchmark's record and servers (bench/web.py: the database at
``DATABASE_URL``, by default ``dialogues_bench``, generated if needed; gunicorn with
the repository's config, 2 workers, production settings), with Redis at ``REDIS_URL``
(by default ``redis://127.0.0.1:6379/8``).

Phase 1, soak: ``wrk`` with 64 connections for 60 seconds, each request the next of a
list of public pages (home, lists and their pages and filters, meetings, programmes,
countries, people, organisations, searches, the feed; bench/lua/soak.lua). Every answer
must be a 2xx or 3xx; the p99 latency is printed.

Phase 2, outage: 64 connections again (a Python client, which records the time, status and
body of every answer), over the same pages interleaved with pages phase 1 never asked for
(not in the page cache: they need the database), and meanwhile PostgreSQL is stopped, kept
down ``--outage`` seconds (5) and started again (``pg_ctlcluster``; the cluster is the one
listening on ``DATABASE_URL``'s port, or ``--cluster 15/main``). A probe asks ``/healthz``
every 100 ms. During the outage, a page that needs the database must be the site's 503
page ("briefly unavailable", with Retry-After), not a traceback and not a 500; a page
still in the shared cache may be served (200). Once PostgreSQL accepts connections, the
app servers must serve again within ``--recover`` seconds (10) on their own: the same
gunicorn master and workers (no restart), new database connections (CONN_HEALTH_CHECKS).

Phase 3, a full Redis: a Redis of its own (``redis-server`` on a free port, ``--maxmemory
3mb --maxmemory-policy noeviction``) behind a second gunicorn, 64 connections for
``--full-redis`` seconds (30; 0 skips it) over the soak's pages, searches and downloads
with random query parameters. Redis fills up and refuses writes: every answer must
still be a 2xx or 3xx (slower pages, never a 500).

It prints the outage window, the counts by status, the time to recover, and exits
non-zero if any other error answer occurred or service did not come back. PostgreSQL is
started again whatever happens (``finally``). Stopping PostgreSQL stops it for every
client of that server: run it on a server nobody else is using at that moment
(``--skip-outage`` leaves PostgreSQL alone).
"""

import argparse
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from bench.web import (  # noqa: E402 - needs the path above
    DEFAULT_DATABASE_URL,
    Server,
    find_wrk,
    free_port,
    get,
    manage,
    parse_duration,
    prepare_record,
    production_env,
)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"
CLIENT_TIMEOUT = 35  # beyond gunicorn's 30 s, after which it kills the worker anyway
OUTAGE_PAGE = "The site is briefly unavailable"  # the <h1> of templates/503.html

# The public pages of the soak, picked from the record: a visitor's walk through it; and
# "fresh" pages of the same kinds that phase 1 never asks for, so that phase 2 also asks
# for pages that are not in the page cache (those need the database).
PATHS = """
import json
from meetings.models import Country, Meeting, Organisation, Person
from programmes.models import Programme
meetings = Meeting.objects.published()
paths = ["/", "/meetings/", "/programmes/", "/countries/", "/meetings/feed/", "/search/"]
paths += [f"/meetings/?page={n}" for n in (2, 3, 10, 50, 200)]
paths += ["/meetings/?kind=dialogue", "/meetings/?ordering=oldest", "/programmes/?page=2"]
some = [m.get_absolute_url() for m in meetings.order_by("?")[:920]]
paths, fresh = paths + some[:120], some[120:]
some = [p.get_absolute_url() for p in Programme.objects.published().order_by("?")[:140]]
paths, fresh = paths + some[:40], fresh + some[40:]
paths += [c.get_absolute_url() for c in Country.objects.order_by("?")[:10]]
people = Person.objects.filter(participations__meeting__in=meetings).distinct()
some = [p.get_absolute_url() for p in people.order_by("?")[:320]]
paths, fresh = paths + some[:20], fresh + some[20:]
orgs = Organisation.objects.filter(participations__meeting__in=meetings).distinct()
paths += [o.get_absolute_url() for o in orgs.order_by("?")[:10]]
paths += [f"/search/?q={word}" for word in ("environment", "city", "water", "programme")]
print(json.dumps({"soak": paths, "fresh": fresh}))
"""


def pick_paths(database_url):
    """(the soak's pages, the outage's: the same interleaved with fresh ones)."""
    env = production_env(database_url, "", DJANGO_DEBUG="1")  # reads only
    output = manage(env, "shell", "-c", PATHS, quiet=True).strip().splitlines()[-1]
    picked = json.loads(output)
    soak, fresh = picked["soak"], picked["fresh"]
    mixed = [path for n, new in enumerate(fresh) for path in (soak[n % len(soak)], new)]
    return soak, mixed


# --- Phase 1 ------------------------------------------------------------------------------


def soak_wrk(wrk, server, paths, duration, connections):
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            # A slow page is not an error: wait as long as gunicorn lets a request run.
            f"--timeout={CLIENT_TIMEOUT}s",
            "--latency",
            "-s",
            str(HERE / "lua" / "soak.lua"),
            server.url,
            "--",
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses = Counter(
        {int(code): int(n) for code, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    )
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    return {
        "statuses": statuses,
        # Connections refused, reset or cut, and answers slower than CLIENT_TIMEOUT.
        "failed": sum(int(n) for n in sockets.groups()) if sockets else 0,
        "failures": (
            "connect {}, read {}, write {}, timeout {}".format(*sockets.groups()) if sockets else ""
        ),
        "p50": parse_duration(percentiles["50"]) if "50" in percentiles else math.nan,
        "p99": parse_duration(percentiles["99"]) if "99" in percentiles else math.nan,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
    }


# --- Phase 2 (and phase 1 without wrk) ----------------------------------------------------


class Recorder:
    """Connections in threads, each asking the next path in turn, until stopped; every
    answer recorded as (started, ended, path, status or the error's name, body kind)."""

    def __init__(self, server, paths, connections):
        self.host, self.port = "127.0.0.1", server.port
        self.paths, self.connections = paths, connections
        self.answers, self.lock = [], threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(connections)
        ]

    def run(self, n):
        position = n * 7
        while not self.stopping.is_set():
            path = self.paths[position % len(self.paths)]
            position += 1
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=CLIENT_TIMEOUT)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                conn.close()
                status, kind = response.status, body_kind(response.status, body, response)
            except (OSError, http.client.HTTPException) as error:
                status, kind = type(error).__name__, "no answer"
            with self.lock:
                self.answers.append((started, time.monotonic(), path, status, kind))

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)


def body_kind(status, body, response):
    """What the visitor got: "page", "cached page", "503 page" (the site's, with
    Retry-After), "traceback", or "other"."""
    text = body.decode("utf-8", "replace")
    if "Traceback" in text or "Internal Server Error" in text:
        return "traceback"
    if status == 503 and OUTAGE_PAGE in text and response.getheader("Retry-After"):
        return "503 page"
    if 200 <= status < 400:
        return "cached page" if response.getheader("X-Page-Cache") == "hit" else "page"
    return "other"


def soak_python(server, paths, duration, connections):
    recorder = Recorder(server, paths, connections).start()
    time.sleep(duration)
    recorder.stop()
    latencies = sorted((end - start) * 1000 for start, end, *_ in recorder.answers)
    statuses = Counter(status for *_, status, _ in recorder.answers)
    count = len(latencies)
    return {
        "statuses": Counter({k: v for k, v in statuses.items() if isinstance(k, int)}),
        "failed": sum(v for k, v in statuses.items() if not isinstance(k, int)),
        "failures": ", ".join(f"{k} {v}" for k, v in statuses.items() if not isinstance(k, int)),
        "p50": latencies[count // 2] if count else math.nan,
        "p99": latencies[min(count - 1, int(count * 0.99))] if count else math.nan,
        "rps": count / duration,
    }


# --- Phase 3 ------------------------------------------------------------------------------

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def random_paths(paths, count=4000):
    """The soak's pages, searches for random words and downloads, each with a random
    parameter no page reads: with a page cache keyed on the raw URL, each a new entry."""
    kinds = [*paths, "/search/?q={token}", "/meetings/?q={token}", "/programmes/download.csv"]
    kinds += ["/programmes/download.json", "/meetings/download.csv?year_from=2030"]
    picked = []
    for n in range(count):
        path = kinds[n % len(kinds)].format(token=secrets.token_hex(4))
        separator = "&" if "?" in path else "?"
        picked.append(f"{path}{separator}utm_x={secrets.token_hex(6)}")
    return picked


class SmallRedis:
    """A redis-server of the soak's own, 3 MB and refusing writes when full."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="soak-redis-")
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 - redis-server with our own arguments
            [
                REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", self.folder,
                "--maxmemory", "3mb", "--maxmemory-policy", "noeviction",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while self.info("server") is None:
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not answer within 10 s")
            time.sleep(0.05)
        return self

    def fill(self):
        """Write 64 KB values until Redis refuses (OutOfMemoryError): full from the start,
        whatever the page cache would have stored. The number of values written."""
        import redis  # the site's own dependency

        client = redis.Redis(port=self.port)
        for n in range(1000):
            try:
                client.set(f"soak-filler:{n}", b"x" * 64 * 1024)
            except redis.exceptions.OutOfMemoryError:
                return n
        raise RuntimeError("the small Redis never refused a write")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def info(self, section):
        """INFO <section> as a dict (redis-cli, no client library needed), or None."""
        result = subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.port), "INFO", section],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if result.returncode or "ERR" in result.stdout[:10] or not result.stdout.strip():
            return None
        pairs = (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
        return dict(pairs)


def full_redis(env, paths, connections, duration, log):
    """Phase 3: (report lines, problems)."""
    if not os.path.exists(REDIS_SERVER):
        return [f"skipped: no redis-server ({REDIS_SERVER})"], []
    with SmallRedis() as redis:
        small_env = {**env, "REDIS_URL": redis.url}
        # Ready once a page answers: /healthz says 503 once Redis is full.
        with Server(small_env, log=log, ready_path="/robots.txt") as server:
            redis.fill()
            recorder = Recorder(server, random_paths(paths), connections).start()
            time.sleep(duration)
            recorder.stop()
            health = get(server.url + "/healthz", timeout=10)[0]
        memory, stats = redis.info("memory") or {}, redis.info("errorstats") or {}
    answers = recorder.answers
    statuses = Counter(status for *_, status, _ in answers)
    wrong = [a for a in answers if not 200 <= _int(a[3]) < 400]
    refused = stats.get("errorstat_OOM", "count=0").split("=")[1].split(",")[0]
    lines = [
        f"{len(answers):,} answers over {len({a[2] for a in answers}):,} addresses, by "
        f"status {dict(sorted(statuses.items(), key=str))}",
        f"Redis: {memory.get('used_memory_human', '?')} used of "
        f"{memory.get('maxmemory_human', '?')}, {refused} writes refused (OOM); "
        f"/healthz at the end: {health}",
    ]
    problems = [f"phase 3: {path}: {status} ({kind})" for _, _, path, status, kind in wrong[:10]]
    if len(wrong) > 10:
        problems.append(f"phase 3: ... and {len(wrong) - 10} more error answers")
    if not answers:
        problems.append("phase 3: no answer at all")
    return lines, problems


def find_cluster(database_url, given):
    """(version, name) of the PostgreSQL cluster serving DATABASE_URL."""
    if given:
        version, _, name = given.partition("/")
        return version, name or "main"
    port = urlsplit(database_url).port or 5432
    if not shutil.which("pg_lsclusters"):
        sys.exit("pg_lsclusters is missing: say which cluster to restart with --cluster.")
    listed = subprocess.run(
        ["pg_lsclusters", "--no-header"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in listed.splitlines():
        version, name, cluster_port, *_ = line.split()
        if int(cluster_port) == port:
            return version, name
    sys.exit(f"No PostgreSQL cluster listens on port {port} here (pg_lsclusters).")


class Cluster:
    def __init__(self, version, name, database_url):
        self.version, self.name = version, name
        parts = urlsplit(database_url)
        self.host, self.port = parts.hostname or "127.0.0.1", str(parts.port or 5432)

    def ctl(self, action, *extra, wait=True):
        """pg_ctlcluster ACTION; without ``wait``, the running process (to poll alongside)."""
        process = subprocess.Popen(  # noqa: S603 - pg_ctlcluster with our own arguments
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action, *extra],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        if not wait:
            return process
        if process.wait():
            raise RuntimeError(f"pg_ctlcluster {action} failed ({process.returncode})")
        return process

    def ready(self):
        command = ["pg_isready", "-q", "-h", self.host, "-p", self.port]
        return subprocess.run(command).returncode == 0  # noqa: S603

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return True
            time.sleep(0.05)
        return False

    def ensure_running(self):
        if not self.ready():
            print(f"Starting PostgreSQL {self.version}/{self.name} again.", flush=True)
            subprocess.run(  # noqa: S603
                ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "start"],  # noqa: S607
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.wait_ready()


def process_ids(server):
    """The gunicorn master and its workers: the same set after the outage, or a restart
    happened."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children")
    workers = children.read_text().split() if children.exists() else []
    return {master, *map(int, workers)}


class Probe(threading.Thread):
    """/healthz every 100 ms: (time, status)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.url = server.url + "/healthz"
        self.results, self.stopping = [], threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                status = get(self.url, timeout=10)[0]
            except OSError:
                status = None
            self.results.append((time.monotonic(), status))
            time.sleep(0.1)


def outage(server, paths, connections, cluster, before, down, after, recover):
    """Load through a stop and start of PostgreSQL; (report lines, problems)."""
    recorder = Recorder(server, paths, connections)
    probe = Probe(server)
    pids = process_ids(server)
    start = time.monotonic()
    recorder.start()
    probe.start()
    try:
        time.sleep(before)
        stopped = time.monotonic()
        cluster.ctl("stop", "-m", "fast")
        down_at = time.monotonic()
        time.sleep(down)
        # Polled while pg_ctlcluster works: the moment PostgreSQL answers, not the moment
        # the script returns.
        starting = cluster.ctl("start", wait=False)
        if not cluster.wait_ready():
            return [], ["PostgreSQL did not accept connections again within 60 s"]
        up = time.monotonic()
        starting.wait()
        time.sleep(after)
    finally:
        recorder.stop()
        probe.stopping.set()
        probe.join(timeout=15)
        ended = time.monotonic()

    def at(moment):
        return moment - start

    problems = []
    answers = recorder.answers
    unavailable = [a for a in answers if a[4] == "503 page"]
    # A 503 page is right while PostgreSQL is away: from the stop (a request in flight
    # then included) until it is back and the app servers have reconnected.
    late = [a for a in unavailable if a[1] > up + recover or a[1] < stopped]
    wrong = [a for a in answers if not (200 <= _int(a[3]) < 400) and a[4] != "503 page"]
    healthy_again = next((t for t, status in probe.results if t >= up and status == 200), None)
    for started, _, path, status, kind in wrong[:10]:
        problems.append(f"+{at(started):.2f} s {path}: {status} ({kind})")
    if len(wrong) > 10:
        problems.append(f"... and {len(wrong) - 10} more error answers")
    if late:
        problems.append(
            f"{len(late)} 503 pages outside the outage (last at +{at(late[-1][1]):.2f} s)"
        )
    if not unavailable:
        problems.append("no 503 page at all: the outage was not exercised")
    rendered = [a[1] for a in answers if a[0] >= up and a[4] == "page"]
    if not rendered:
        problems.append("no page rendered from the database after PostgreSQL's return")
    if healthy_again is None or healthy_again - up > recover:
        problems.append(f"/healthz was not 200 within {recover} s of PostgreSQL's return")
    same_processes = process_ids(server) == pids
    if not same_processes:
        problems.append("gunicorn's master or workers changed: an app server was restarted")

    def kinds(selected):
        counts = Counter(
            f"{kind} ({status})" if kind in {"other", "no answer"} else kind
            for *_, status, kind in selected
        )
        return ", ".join(f"{kind} {n:,}" for kind, n in counts.most_common())

    away = [a for a in answers if stopped <= a[1] <= up]
    lines = [
        f"PostgreSQL {cluster.version}/{cluster.name}: stop asked at +{at(stopped):.2f} s "
        f"(down at +{at(down_at):.2f} s), accepting connections again at +{at(up):.2f} s",
        f"While it was away: {len(away):,} answers: {kinds(away) or 'none'}",
    ]
    if unavailable:
        first, last = min(a[1] for a in unavailable), max(a[1] for a in unavailable)
        lines.append(
            f"Outage seen by visitors: 503 pages from +{at(first):.2f} s to +{at(last):.2f} s "
            f"({last - first:.1f} s), {len(unavailable):,} in all; the last one "
            f"{last - up:+.2f} s from PostgreSQL's return"
        )
    if healthy_again is not None:
        back = healthy_again - up
        lines.append(f"Recovered: /healthz 200 {back:.2f} s after PostgreSQL's return")
    if rendered:
        lines.append(
            f"First page rendered from the database after the return: {min(rendered) - up:.2f} s"
        )
    lines.append(f"Whole phase: {len(answers):,} answers in {at(ended):.0f} s: {kinds(answers)}")
    lines.append(
        "App servers: the same gunicorn master and workers before and after (no restart)"
        if same_processes
        else "App servers: restarted"
    )
    return lines, problems


def _int(status):
    return status if isinstance(status, int) else 0


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
