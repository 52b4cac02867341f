"""One search across the published record: its engine, view, URL and template."""
