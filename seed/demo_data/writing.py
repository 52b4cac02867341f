"""Writing the demo rows: in batches, with a progress bar, counted by table.

``Writer.bulk()`` inserts with ``bulk_create`` (no signals, no history versions), notes
which tables were written so their statistics can be refreshed, and counts the rows;
``describe()`` turns such counts into the summary line the command prints.
"""

from collections import Counter

from .naming import PREFIX, Slugs
from .progress import ProgressBar

BATCH = 1000  # rows per bulk_create call (Django splits further for SQLite's limits)


def counted_as(model):
    """The name rows of ``model`` are counted under: its plural verbose name.

    Many-to-many rows count as "links", not under their generated model names.
    """
    opts = model._meta
    return str("links" if opts.auto_created else opts.verbose_name_plural)


class Writer:
    """The progress bar, and the rows written so far: how many per table, and where."""

    def __init__(self, progress=None):
        self.progress = progress or ProgressBar(None)
        self.counts = Counter()
        self.written = {}  # the models written to, in order: their tables are analysed

    def bulk(self, label, model, objects):
        """``bulk_create`` in batches with a progress bar; the objects get their ids."""
        bar = self.progress(label, len(objects)) if label else None
        self.written[model] = True
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start : start + BATCH])
            if bar:
                bar.update(min(start + BATCH, len(objects)))
        self.counts[counted_as(model)] += len(objects)
        return objects

    def slugs(self, model):
        """A ``Slugs`` for ``model`` that avoids the demo slugs already in its table."""
        taken = model.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)
        return Slugs(taken, model._meta.get_field("slug").max_length)


def describe(counts):
    """``12 series, 500 meetings, ...`` for a summary line."""
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "nothing"
