"""The public pages measured on one server, cached or uncached, against the baseline.

"cached" is the server as deployed: each page requested once, then served from the shared
cache (``X-Page-Cache: hit``). "uncached" is a second server with the page cache off
(``PAGE_CACHE_OFF``), every request rendered from the database; where the settings do not
read that variable, the requests carry a session cookie naming no session instead
(``BYPASS_COOKIE``). The baseline is measured right before each page and the ratio is to
that run: the machine's other work drifts over minutes, which would pass for a difference.
"""

import sys
from urllib.parse import quote

from bench.load import CHECK_TIMEOUT
from bench.servers import Server, get

# The targets of issue 13: a page's requests per second over the baseline's (search has
# its own), and the most HTML a page may weigh.
UNCACHED_TARGET = 0.10
SEARCH_TARGET = 0.05
CACHED_TARGET = 0.85
PAGE_BYTES_TARGET = 150 * 1024
# Bytes of each page's body, as last fetched (path: bytes).
SIZES = {}
# What turns the page cache off for the "uncached" server (settings.PAGE_CACHE_SECONDS).
PAGE_CACHE_OFF = {"DJANGO_PAGE_CACHE_SECONDS": "0"}
# Without that setting: a session cookie naming no session (see bypass_headers).
BYPASS_COOKIE = "sessionid=bench-no-such-session"


def pages(picked):
    """(label, path) of every measured page."""
    deep = min(400, max(1, picked["published_meetings"] // 20))
    combined = picked["combined"] or "kind=dialogue&host=TH&year_from=2000"
    deep_documents = min(400, max(1, picked.get("published_documents", 0) // 20))
    return [
        ("home", "/"),
        ("home (ja)", "/ja/"),
        ("meetings list, first page", "/meetings/"),
        (f"meetings list, page {deep}", f"/meetings/?page={deep}"),
        ("meetings list, 3 filters", f"/meetings/?{combined}"),
        ("meetings list (ja)", "/ja/meetings/"),
        ("a meeting", picked["meeting"]),
        ("programmes list, filtered", f"/programmes/?theme={picked.get('theme') or ''}"),
        ("a programme", picked["programme"]),
        ("countries list", "/countries/"),
        ("a country", picked["country"]),
        ("a person", picked.get("person", "/")),
        ("an organisation", picked.get("organisation", "/")),
        ("meetings feed", "/meetings/feed/"),
        ("meetings calendar", "/meetings/calendar.ics"),
        ("documents list", "/documents/"),
        (f"documents list, page {deep_documents}", f"/documents/?page={deep_documents}"),
        (
            f"a meeting with {picked.get('documents_on_meeting', '?')} documents",
            picked["documents_meeting"],
        ),
        ("API meetings, first page", "/api/v1/meetings/"),
        (
            f"API meetings, page {deep}",
            "/api/v1/meetings/?cursor=" + quote(picked["api_deep_cursor"]),
        ),
        ("API a meeting", picked["api_meeting"]),
        ("search", f"/search/?q={picked['word']}"),
        ("search (ja)", "/ja/search/?q=%E4%BC%9A%E5%90%88"),
    ]


def target_of(label, target):
    """The ratio a page must reach: search has a lower one when uncached."""
    if label.startswith("search") and target == UNCACHED_TARGET:
        return SEARCH_TARGET
    return target


def check_page(server, label, path, cached, headers):
    """None if the page can be measured as labelled, else what is wrong with it: it must
    be a 200 within gunicorn's timeout; on the cached server a hit, on the other never."""
    try:
        status, answer, body = get(server.url + path, timeout=CHECK_TIMEOUT, headers=headers)
        if status == 200:
            status, answer, body = get(server.url + path, timeout=CHECK_TIMEOUT, headers=headers)
        SIZES[path] = len(body)
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
        f"  {'page':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'KB':>6}  result",
    ]
    for label, path, figures, baseline in results:
        if figures is None:
            lines.append(
                f"  {label:30} {'-':>8} {'-':>8} {'-':>8} {'-':>6} {'-':>6}  FAIL (see below)"
            )
            continue
        size = SIZES.get(path, 0)
        ratio = figures["rps"] / baseline if baseline else 0.0
        if label == "baseline":
            low, high, runs = figures["range"]
            verdict = f"(median of {runs} runs, {low:.0f} to {high:.0f} req/s)"
        else:
            verdict = "PASS" if ratio >= target_of(label, target) else "FAIL"
            if size > PAGE_BYTES_TARGET:
                verdict += f", over {PAGE_BYTES_TARGET // 1024} KB"
        if figures["errors"]:
            verdict += f", {figures['errors']} errors or timeouts"
        lines.append(
            f"  {label:30} {figures['rps']:8.1f} {figures['p50']:8.2f} "
            f"{figures['p99']:8.2f} {ratio:6.2f} {size / 1024:6.1f}  {verdict}"
        )
    return "\n".join(lines)


GROWTH_TARGET = 1.5  # server time at the larger record over the smaller, at most


def growth_table(small, large, small_meetings, large_meetings):
    """p50 server time of each page, uncached, at two sizes of the record."""
    lines = [
        f"Growth, uncached: p50 ms at {small_meetings:,} and {large_meetings:,} meetings "
        f"(target: at most {GROWTH_TARGET}x)",
        f"  {'page':30} {'small':>8} {'large':>8} {'growth':>7}  result",
    ]
    large_by_label = {label: figures for label, _path, figures, _ in large}
    for label, _path, figures, _ in small:
        other = large_by_label.get(label)
        if label == "baseline" or figures is None or other is None:
            continue
        growth = other["p50"] / figures["p50"] if figures["p50"] else 0.0
        verdict = "PASS" if growth <= GROWTH_TARGET else "FAIL"
        lines.append(
            f"  {label:30} {figures['p50']:8.2f} {other['p50']:8.2f} {growth:6.2f}x  {verdict}"
        )
    return "\n".join(lines)
