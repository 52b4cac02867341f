"""The load on one URL: ``wrk``, or a small Python load generator when wrk is missing.

wrk is installed from Debian's packages when it is missing and apt-get can; the Python
generator (a process per connection) caps what it can measure, so ratios are what to read.
Each measure runs a short warm-up first, and a page too slow for ``MIN_REQUESTS`` in a run
is measured again, four times longer. Used by bench/web.py; bench/soak.py takes
``find_wrk`` and ``parse_duration``.
"""

import contextlib
import http.client
import math
import multiprocessing
import re
import shutil
import subprocess
import time
from urllib.parse import urlsplit

from bench.servers import get

MIN_REQUESTS = 20  # fewer in a run and the page is measured again, four times longer
CHECK_TIMEOUT = 30  # gunicorn's own timeout: a page slower than this is not measured


def find_wrk():
    """wrk's path; installs Debian's package when it is missing and apt-get can."""
    if shutil.which("wrk") or not shutil.which("apt-get"):
        return shutil.which("wrk")
    print("wrk is missing; installing Debian's package…", flush=True)
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    for commands in ([install], [["apt-get", "update", "-q"], install]):
        for command in commands:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        if shutil.which("wrk"):
            break
    return shutil.which("wrk")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_duration(text):
    """wrk's "1.23ms" as milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(wrk, url, duration, connections, threads, headers):
    """{"rps", "p50", "p99", "errors", "requests"} of one wrk run."""
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"--timeout={CHECK_TIMEOUT}s",  # a slow page is measured, not dropped
            "--latency",
            *(f"-H{name}: {value}" for name, value in headers.items()),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read \d+, write \d+, timeout (\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # No percentiles when no request finished in time.
        "p50": parse_duration(percentiles["50"]) if "50" in percentiles else math.nan,
        "p99": parse_duration(percentiles["99"]) if "99" in percentiles else math.nan,
        # Read errors are gunicorn's sync workers closing each connection: not failures.
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (int(sockets.group(1)) + int(sockets.group(2)) if sockets else 0),
        "requests": int(requests.group(1)) if requests else 0,
    }


def python_client(args):
    """One connection of the fallback load generator: requests until the deadline."""
    host, port, path, deadline, headers = args
    latencies, errors = [], 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=10)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status >= 400:
                errors += 1
        except OSError:
            errors += 1
        latencies.append((time.monotonic() - started) * 1000)
    return latencies, errors


def run_python(url, duration, connections, headers):
    """The same figures as run_wrk, from a process per connection (when wrk is missing).
    Slower than wrk: it caps what it can measure, so ratios are what to read."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + duration
    with multiprocessing.Pool(connections) as pool:
        results = pool.map(
            python_client, [(parts.hostname, parts.port, path, deadline, headers)] * connections
        )
    latencies = sorted(value for found, _ in results for value in found)
    count = len(latencies)
    return {
        "rps": count / duration,
        "p50": latencies[count // 2] if count else 0.0,
        "p99": latencies[min(count - 1, int(count * 0.99))] if count else 0.0,
        "errors": sum(errors for _, errors in results),
        "requests": count,
    }


class Load:
    def __init__(self, duration, connections, threads, warmup):
        self.wrk = find_wrk()
        self.duration, self.connections, self.threads = duration, connections, threads
        self.warmup = warmup

    @property
    def name(self):
        return "wrk" if self.wrk else "Python load generator (wrk could not be installed)"

    def run(self, url, duration, headers):
        if self.wrk:
            return run_wrk(self.wrk, url, duration, self.connections, self.threads, headers)
        return run_python(url, duration, self.connections, headers)

    def measure(self, url, headers):
        if self.warmup:
            self.run(url, self.warmup, headers)
            # The workers finish the requests the warm-up left queued before this one.
            with contextlib.suppress(TimeoutError):
                get(url, timeout=CHECK_TIMEOUT, headers=headers)
        figures = self.run(url, self.duration, headers)
        if figures["requests"] < MIN_REQUESTS:  # a slow page: a longer run for a real figure
            figures = self.run(url, self.duration * 4, headers)
        return figures
