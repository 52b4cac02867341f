"""Phase 2 of bench/soak.py: the public pages under load through a PostgreSQL restart.

64 connections (``Recorder``) over pages in and out of the page cache while the cluster
serving ``DATABASE_URL`` (``pg_ctlcluster``; ``--cluster 15/main`` to name it) is stopped,
kept down ``--outage`` seconds and started again; a probe asks ``/healthz`` every 100 ms.
Meanwhile a page that needs the database must be the site's 503 page (with Retry-After),
never a traceback or a 500; a page still in the shared cache may be a 200. Within
``--recover`` seconds of PostgreSQL's return the same gunicorn master and workers (no
restart) must serve again, on new database connections (CONN_HEALTH_CHECKS).
"""

import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.servers import get
from bench.soak_load import Recorder, status_code


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
    wrong = [a for a in answers if not (200 <= status_code(a[3]) < 400) and a[4] != "503 page"]
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
