"""The progress bar a long run draws on standard error, one bar a phase.

Kept apart from the rows: it only knows labels and counts, and the command builds one
for its own output stream.
"""

from django.core.management.base import OutputWrapper


class ProgressBar:
    """``meetings      4000/10000 [############                  ]  40%``.

    On a terminal the line is redrawn in place; in a log, a line is written each time
    another tenth is done, so the log stays short. ``stream=None`` is silent.
    """

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream
        self.live = stream is not None and stream.isatty()

    def __call__(self, label, total):
        return Bar(self, label, total)

    def write(self, text):
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")  # it would add a newline otherwise
        else:
            self.stream.write(text)
        self.stream.flush()


class Bar:
    """One phase of a ``ProgressBar``: ``update(done)`` after each batch."""

    def __init__(self, owner, label, total):
        self.owner, self.label, self.total = owner, label, total
        self.shown_tenths = 0
        if owner.live:
            self.update(0)

    def update(self, done):
        if self.owner.stream is None:
            return
        share = done / self.total if self.total else 1.0
        filled = round(ProgressBar.WIDTH * share)
        bar = "#" * filled + " " * (ProgressBar.WIDTH - filled)
        digits = len(str(self.total))
        line = f"{self.label:<15} {done:>{digits}}/{self.total} [{bar}] {share:4.0%}"
        if self.owner.live:
            self.owner.write("\r" + line + ("\n" if done >= self.total else ""))
        elif int(share * 10) > self.shown_tenths:
            self.shown_tenths = int(share * 10)
            self.owner.write(line + "\n")
