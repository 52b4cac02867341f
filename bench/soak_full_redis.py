"""Phase 3 of bench/soak.py: the public pages behind a Redis that is full.

A redis-server of its own (a free port, ``--maxmemory 3mb --maxmemory-policy
noeviction``), filled until it refuses writes, behind a second gunicorn; 64 connections
for ``--full-redis`` seconds over the soak's pages, searches and downloads, each with a
random query parameter (a new page cache entry). Every answer must still be a 2xx or
3xx: slower pages, never a 500.
"""

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections import Counter

from bench.servers import Server, free_port, get
from bench.soak_load import Recorder, status_code

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
    wrong = [a for a in answers if not 200 <= status_code(a[3]) < 400]
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
