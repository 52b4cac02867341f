"""The site's production settings with the benchmark's URLs (bench/urls.py) on top.

bench/web.py starts its servers with DJANGO_SETTINGS_MODULE=bench.settings. Underneath
are the settings named by BENCH_BASE_SETTINGS (an operator's own module, as bench/web.py
passes it on) or dialogues_site.settings; only ROOT_URLCONF changes.
"""

import os
from importlib import import_module

_base = import_module(os.environ.get("BENCH_BASE_SETTINGS") or "dialogues_site.settings")
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

BENCH_SITE_URLCONF = _base.ROOT_URLCONF  # the site's URLs, which bench/urls.py extends
ROOT_URLCONF = "bench.urls"

# wrk is one client address at thousands of requests a second: the API's rate per address
# would answer 429. A rate never reached keeps the throttle's cost (its cache round trips)
# in the figures.
API_THROTTLE_RATE = "1000000000/second"
