"""Benchmarks only: they import the product, never the other way round (a package so the
benchmark's servers can load bench.settings and bench.urls, and the scripts their helpers)."""
