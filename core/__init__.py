"""Shared machinery the apps build on, importing none of them (for now: languages.py)."""
