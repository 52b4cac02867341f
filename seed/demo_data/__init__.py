"""Realistic synthetic records for benchmarks and demos (``manage.py generate_demo_data``).

``generate(sizes, seed=...)`` writes series, meetings, people, organisations,
participations, programmes and discussions (slugs ``demo-...``) in one transaction, in
bulk: no signals, no history versions; the same seed gives the same records. ``clear()``
removes them. In the product rather than in bench/ because the command is the site's.
One module a job: sizes, vocabulary, naming, reference rows, writing, the generator,
clearing, progress.
"""

from .clearing import clear
from .generator import generate
from .naming import PREFIX
from .progress import ProgressBar
from .sizes import Sizes, check
from .vocabulary import HOSTS
from .writing import describe

__all__ = ["HOSTS", "PREFIX", "ProgressBar", "Sizes", "check", "clear", "describe", "generate"]
