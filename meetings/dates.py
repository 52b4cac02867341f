"""Moved to core.dates; kept for seed/demo_data.py's import until that line changes."""

from core.dates import DatePrecision  # noqa: F401
