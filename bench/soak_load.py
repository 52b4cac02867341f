"""The soak's pages and the load put on them (phase 1 of bench/soak.py).

``pick_paths`` takes from the record a visitor's walk through the public pages, and
pages of the same kinds phase 1 never asks for. Phase 1 is ``wrk`` with 64 connections
for 60 s over that walk (bench/lua/soak.lua: each request the next path); every answer
must be a 2xx or 3xx, and the p99 latency is printed. ``Recorder`` is the Python client
of phases 2 and 3 (and of phase 1 without wrk): it records every answer it gets.
"""

import http.client
import json
import math
import re
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from bench.load import parse_duration
from bench.servers import manage, production_env

HERE = Path(__file__).resolve().parent
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


# --- The recording client: phases 2 and 3 (and phase 1 without wrk) ----------------------


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


def status_code(status):
    """A recorded status as a number: 0 for a connection that got no answer."""
    return status if isinstance(status, int) else 0
