"""Speed of the public pages under load, against a trivial Django view (the baseline).

Run by ``make bench`` (or ``.venv/bin/python bench/web.py [--fresh] [--duration S]``).

1. The record: a PostgreSQL database (``DATABASE_URL``, by default
   ``postgres://postgres@127.0.0.1:5432/dialogues_bench``), created if missing, migrated,
   and filled by ``manage.py generate_demo_data`` with 10,000 meetings, 50,000
   participations, 1,000 programmes and 20,000 discussions. A database that already holds
   exactly that is reused (reruns are quick); ``--fresh`` drops it and generates again.
2. The servers: the production profile (``gunicorn -c gunicorn.conf.py``, 2 sync workers,
   production settings, Redis at ``REDIS_URL``, by default ``redis://127.0.0.1:6379/7``)
   on a free loopback port, with the baseline view routed (``bench.settings``, the
   production settings with ``bench/urls.py``: ``/bench/baseline`` answers "ok" through the
   same middleware and settings). The access log is off, for the baseline and the pages
   alike.
3. The load: ``wrk`` (installed from Debian's packages when missing; a small Python load
   generator when it cannot be), one URL at a time, after a short warm-up.

Cached and uncached: the pages are measured twice. "cached" is the server as deployed,
serving anonymous pages from the shared cache (each page is requested once before it is
measured; the answer must say ``X-Page-Cache: hit``). "uncached" is a second server
started with the page cache turned off in its environment (``PAGE_CACHE_OFF`` below):
every request renders the page from the database, exactly the page a visitor gets (no
cache-busting query string, which would be another page). Where the settings do not read
that variable, the uncached requests carry a session cookie naming no session instead
(``BYPASS_COOKIE``: the page cache never serves a request with a session cookie), which
costs the page one session lookup more; the output says which was used. Redis still
serves everything else it serves in production.

Each row prints requests per second, median and 99th-percentile latency, the ratio to the
baseline, and the target of issue 6 (uncached >= 0.35 of the baseline, cached >= 0.85)
with PASS or FAIL. The baseline is measured on the same server right before each page and
the ratio is to that run (other work on the machine drifts over minutes, which would
otherwise pass for a difference between pages); its row shows the median and the range.
The script never exits non-zero because of a missed target; only when the benchmark
itself cannot run. Figures move with the machine (its load is printed): wrk and the two
workers share its cores. A full run takes about ten minutes once the record exists.
"""

import argparse
import contextlib
import http.client
import json
import math
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialogues_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
RECORD = {
    "series": 10,
    "meetings": 10_000,
    "participations": 50_000,
    "programmes": 1_000,
    "discussions": 20_000,
}
SEED = 6
MIN_REQUESTS = 20  # fewer in a run and the page is measured again, four times longer
CHECK_TIMEOUT = 30  # gunicorn's own timeout: a page slower than this is not measured
UNCACHED_TARGET = 0.35
CACHED_TARGET = 0.85
# What turns the page cache off for the "uncached" server (settings.PAGE_CACHE_SECONDS).
PAGE_CACHE_OFF = {"DJANGO_PAGE_CACHE_SECONDS": "0"}
# Without that setting: a session cookie naming no session (see bypass_headers).
BYPASS_COOKIE = "sessionid=bench-no-such-session"


# --- Processes ----------------------------------------------------------------------------


def production_env(database_url, redis_url, **extra):
    """The environment of the production profile, as an operator sets it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key != "WEB_CONCURRENCY"
    }
    if os.environ.get("DJANGO_SETTINGS_MODULE"):  # an operator's own settings module
        env["DJANGO_SETTINGS_MODULE"] = os.environ["DJANGO_SETTINGS_MODULE"]
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback, no proxy in front
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def bench_env(env):
    """``env`` with the benchmark's settings (the baseline view routed) over its own."""
    base = env.get("DJANGO_SETTINGS_MODULE") or "dialogues_site.settings"
    return {**env, "BENCH_BASE_SETTINGS": base, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def manage(env, *args, quiet=False):
    """Run a manage.py command; stop with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=10, headers=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - http only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    """gunicorn with the repository's config, on a free loopback port, until stopped."""

    def __init__(self, env, workers=2, log=None, ready_path="/healthz"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.env["WEB_CONCURRENCY"] = str(workers)
        self.env.setdefault("GUNICORN_ACCESS_LOG", "off")
        self.log = log if log is not None else subprocess.DEVNULL
        self.ready_path = ready_path
        self.process = None

    def start(self, timeout=30):
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn and arguments
            [GUNICORN, "-c", "gunicorn.conf.py", "dialogues_site.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}) at start")
            try:
                if get(self.url + self.ready_path, timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} within {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop; workers follow the master
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- The record ---------------------------------------------------------------------------


def database_admin(url):
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql", "pgsql"} or not name:
        sys.exit(f"The web benchmark needs a PostgreSQL database URL, not {url!r}.")
    admin = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )
    return admin, name


def ensure_database(url, fresh):
    """Create the database if it is missing (empty again with ``fresh``)."""
    from psycopg import sql

    admin, name = database_admin(url)
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


COUNTS = """
import json
from meetings.models import Meeting, MeetingSeries, Participation
from programmes.models import Discussion, Programme
print(json.dumps({
    "series": MeetingSeries.objects.count(),
    "meetings": Meeting.objects.count(),
    "participations": Participation.objects.count(),
    "programmes": Programme.objects.count(),
    "discussions": Discussion.objects.count(),
}))
"""

# The pages to measure, picked from the record: the heaviest of each kind (the meeting
# with the most participants, the programme discussed most, the country hosting most),
# a page deep in the list, three filters combined, a word many meetings share.
PICK = """
import collections, json, re
from django.db.models import Count, Q
from meetings.models import Country, Meeting
from programmes.models import Programme
published = Meeting.objects.published()
meeting = published.annotate(n=Count("participations")).order_by("-n", "pk").first()
programme = (Programme.objects.published().annotate(n=Count("discussions"))
             .order_by("-n", "pk").first())
country = (Country.objects.annotate(n=Count("meetings_hosted",
           filter=Q(meetings_hosted__in=published))).order_by("-n", "pk").first())
words = collections.Counter(
    word for title in published.values_list("title", flat=True)[:3000]
    for word in re.findall(r"[A-Za-z]{5,}", title or "")
)
combined = None
for m in published.filter(discussions__programme__themes__isnull=False,
                          participations__country__isnull=False).distinct()[:50]:
    theme = m.discussions.filter(programme__themes__isnull=False).values_list(
        "programme__themes__slug", flat=True).first()
    code = m.participations.exclude(country=None).values_list("country__code", flat=True).first()
    combined = f"country={code}&theme={theme}&year_from={m.start_date.year - 3}"
    break
print(json.dumps({
    "published_meetings": published.count(),
    "meeting": meeting.get_absolute_url(),
    "programme": programme.get_absolute_url(),
    "country": country.get_absolute_url(),
    "word": words.most_common(1)[0][0] if words else "cooperation",
    "combined": combined,
}))
"""


def prepare_record(url, fresh, redis_url):
    # The commands run in local mode (no secrets needed) but with the servers' Redis: what
    # they write (migrate, generate_demo_data) renews the shared page cache, as a deploy does.
    env = production_env(url, redis_url, DJANGO_DEBUG="1")
    created = ensure_database(url, fresh)
    manage(env, "migrate", "--noinput", "-v0")
    counts = json.loads(manage(env, "shell", "-c", COUNTS, quiet=True).strip().splitlines()[-1])
    if counts != RECORD:
        if not created:
            print(f"The database holds {counts}; generating the record again.", flush=True)
            ensure_database(url, fresh=True)
            manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        args = [f"--{name}={count}" for name, count in RECORD.items()]
        manage(env, "generate_demo_data", *args, f"--seed={SEED}")
        print(f"Generated the record in {time.monotonic() - started:.0f} s.", flush=True)
    else:
        print("The database already holds the record; reusing it (--fresh to generate).")
    # Statistics for the planner: right after a bulk load PostgreSQL still believes the
    # tables are nearly empty and picks nested loops that take minutes (autovacuum would
    # analyze them later, at a time of its choosing).
    analyze(url)
    picked = json.loads(manage(env, "shell", "-c", PICK, quiet=True).strip().splitlines()[-1])
    return picked


def analyze(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def pages(picked):
    """(label, path) of every measured page."""
    deep = min(400, max(1, picked["published_meetings"] // 20))
    combined = picked["combined"] or "kind=dialogue&host=TH&year_from=2000"
    return [
        ("home", "/"),
        ("meetings list, first page", "/meetings/"),
        (f"meetings list, page {deep}", f"/meetings/?page={deep}"),
        ("meetings list, 3 filters", f"/meetings/?{combined}"),
        ("a meeting", picked["meeting"]),
        ("a programme", picked["programme"]),
        ("a country", picked["country"]),
        ("search", f"/search/?q={picked['word']}"),
    ]


# --- Load ---------------------------------------------------------------------------------


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


# --- The run ------------------------------------------------------------------------------


def check_page(server, label, path, cached, headers):
    """None if the page can be measured as labelled, else what is wrong with it: it must
    be a 200 within gunicorn's timeout; on the cached server a hit, on the other never."""
    try:
        status, answer, _ = get(server.url + path, timeout=CHECK_TIMEOUT, headers=headers)
        if status == 200:
            status, answer, _ = get(server.url + path, timeout=CHECK_TIMEOUT, headers=headers)
    except TimeoutError:
        return f"{label}: no answer within {CHECK_TIMEOUT} s; not measured"
    if status != 200:
        return f"{label}: answered {status}; not measured"
    state = answer.get("X-Page-Cache", "")
    if label == "baseline":
        return None  # not a public page: never in the page cache
    if cached and state != "hit":
        return f"{label}: not served from the page cache (X-Page-Cache: {state or 'absent'})"
    if not cached and state == "hit":
        return f"{label}: served from the page cache on the uncached server"
    return None


def bypass_headers(server):
    """How the uncached server's requests avoid the page cache: {} when the server honours
    DJANGO_PAGE_CACHE_SECONDS=0; otherwise a session cookie naming no session (the page
    cache never serves a request with a session cookie; Django finds no such session and
    renders the anonymous page, at the cost of one session lookup)."""
    for _ in range(2):
        status, answer, _ = get(server.url + "/", timeout=CHECK_TIMEOUT)
    if answer.get("X-Page-Cache") != "hit":
        return {}
    return {"Cookie": BYPASS_COOKIE}


def measure_server(env, rows, load, cached):
    """([(label, path, figures or None, baseline req/s)], problems, the headers sent), on
    one server. The baseline is measured again right before each page, and the page's
    ratio is to that run: the machine's other work drifts over minutes, not seconds."""
    results, problems = [], []
    (baseline_label, baseline_path), pages = rows[0], rows[1:]
    with Server(env) as server:
        headers = {} if cached else bypass_headers(server)
        problem = check_page(server, baseline_label, baseline_path, cached, headers)
        if problem:
            sys.exit(f"The baseline cannot be measured: {problem}")
        baseline_url = server.url + baseline_path
        load.measure(baseline_url, headers)  # warm-up of the workers as a whole
        baselines = []
        for label, path in pages:
            problem = check_page(server, label, path, cached, headers)
            if problem:
                problems.append(problem)
            if problem and "not measured" in problem:
                results.append((label, path, None, None))
                continue
            baseline = load.run(baseline_url, load.duration, headers)
            baselines.append(baseline)
            figures = load.measure(server.url + path, headers)
            results.append((label, path, figures, baseline["rps"]))
            print(
                f"  {'cached' if cached else 'uncached':8} {label:30} {figures['rps']:8.1f} req/s"
                f" (baseline just before: {baseline['rps']:.1f})",
                flush=True,
            )
    # The baseline row: its median run, with the range of every run.
    baselines.sort(key=lambda figures: figures["rps"])
    middle = dict(baselines[len(baselines) // 2]) if baselines else None
    if middle:
        middle["range"] = (baselines[0]["rps"], baselines[-1]["rps"], len(baselines))
    results.insert(0, (baseline_label, baseline_path, middle, middle and middle["rps"]))
    return results, problems, headers


def table(title, results, target):
    lines = [
        f"{title} (target: at least {target:.2f} of the baseline run just before the page)",
        f"  {'page':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  result",
    ]
    for label, _path, figures, baseline in results:
        if figures is None:
            lines.append(f"  {label:30} {'-':>8} {'-':>8} {'-':>8} {'-':>6}  FAIL (see below)")
            continue
        ratio = figures["rps"] / baseline if baseline else 0.0
        if label == "baseline":
            low, high, runs = figures["range"]
            verdict = f"(median of {runs} runs, {low:.0f} to {high:.0f} req/s)"
        else:
            verdict = "PASS" if ratio >= target else "FAIL"
        if figures["errors"]:
            verdict += f", {figures['errors']} errors or timeouts"
        lines.append(
            f"  {label:30} {figures['rps']:8.1f} {figures['p50']:8.2f} "
            f"{figures['p99']:8.2f} {ratio:6.2f}  {verdict}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="generate the record again")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
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
    rows = [("baseline", "/bench/baseline"), *pages(picked)]

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
    if problems:
        print("Problems (rows not measured, or not measuring what they say):")
        for problem in problems:
            print(f"  {problem}")
    print()


if __name__ == "__main__":
    main()
