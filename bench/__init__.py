"""Benchmarks and the demo-data generator they use (a package so commands can import it)."""
