"""The home page's timeline: how many published meetings each series held, year by year.

A grid drawn by the server as inline SVG (no script): a row per series, a column per
year, and in each cell the number of meetings, shaded darker for more. Its size does
not depend on the number of meetings: the caller draws a bounded number of series, and a
record spanning more than ``MAX_COLUMNS`` years gets columns of several years each
(1990-1994, ...). A meeting counts in the year it began, whatever precision its date is
known to.

This module only counts and places (plain, picklable data): the templates
``includes/timeline_svg.html`` (the picture) and ``includes/timeline_table.html`` (the
same figures as a table, its text alternative) draw it.
"""

import math
from dataclasses import dataclass

WIDTH = 800
PADDING = 12
MAX_COLUMNS = 40
LABEL_HEIGHT = 18  # the series' name, above its row of cells
CELL_HEIGHT = 24
ROW_GAP = 8
AXIS_HEIGHT = 30  # the axis and the years under it
TICK_SPACING = 40  # at least this much between two labelled years, in SVG units
LEVELS = 4  # shades of a cell, from the fewest meetings to the most
DIGIT_WIDTH = 7  # of a count's digit at the cells' font size, to know if it fits
LABEL_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)


@dataclass(frozen=True)
class Period:
    """One column: a year, or several years when the record spans many."""

    first: int
    last: int

    @property
    def label(self):
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


@dataclass(frozen=True)
class Cell:
    """The meetings of one series in one period."""

    period: Period
    count: int
    level: int  # 0 (none), then 1 (fewest) to LEVELS (most)
    x: float
    width: float
    show_count: bool  # the number fits in the cell (the table always has it)

    @property
    def centre(self):
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Row:
    """One series: its name, where to find its meetings, its cells."""

    label: str
    lang: str  # the label's language when not the page's ("en" on a Japanese page), or ""
    slug: str
    total: int
    first_year: int
    last_year: int
    y: float  # top of the cells
    cells: tuple

    @property
    def label_y(self):
        return self.y - 6

    @property
    def count_y(self):
        return self.y + CELL_HEIGHT // 2 + 4


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    cell_height: int
    axis_y: float
    period_years: int  # years per column
    ticks: tuple  # (x, label) of the labelled columns
    rows: tuple
    table: tuple  # (period, (count of each row, ...)) of each column
    shades: tuple  # (level, lowest count, highest count) of each shade drawn

    @property
    def axis_start(self):
        return PADDING

    @property
    def axis_end(self):
        return self.width - PADDING


def columns_for(first_year, last_year):
    """The periods from ``first_year`` to ``last_year``: single years when at most
    MAX_COLUMNS, otherwise the fewest years per column (aligned: 1990-1994) that fit."""
    years = 1
    while True:
        start = first_year - first_year % years
        periods = [
            Period(max(year, first_year), min(year + years - 1, last_year))
            for year in range(start, last_year + 1, years)
        ]
        if len(periods) <= MAX_COLUMNS:
            return years, periods
        years += 1


def shade_ranges(highest):
    """(level, lowest, highest) count of each shade with at least one possible count."""
    ranges = []
    for level in range(1, LEVELS + 1):
        low = math.floor(highest * (level - 1) / LEVELS) + 1
        high = math.floor(highest * level / LEVELS)
        if low <= high:
            ranges.append((level, low, high))
    return tuple(ranges)


def level_of(count, highest):
    return max(1, min(LEVELS, math.ceil(LEVELS * count / highest)))


def tick_step(period_years, column_width):
    """Years between two labelled columns, so that the labels do not overlap."""
    for step in LABEL_STEPS:
        if step % period_years == 0 and step / period_years * column_width >= TICK_SPACING:
            return step
    return LABEL_STEPS[-1]


def build(series):
    """The timeline of ``series``: ``[(label, lang, slug, {year: count}), ...]`` in the
    order to draw them (see Row); None when none has a meeting."""
    series = [entry for entry in series if entry[-1]]
    if not series:
        return None
    first_year = min(min(counts) for *_name, counts in series)
    last_year = max(max(counts) for *_name, counts in series)
    period_years, periods = columns_for(first_year, last_year)
    column_of = {
        year: index
        for index, period in enumerate(periods)
        for year in range(period.first, period.last + 1)
    }
    grid = []  # per series, the count of each column
    for *_name, counts in series:
        per_column = [0] * len(periods)
        for year, count in counts.items():
            per_column[column_of[year]] += count
        grid.append(per_column)
    highest = max(max(per_column) for per_column in grid)

    column_width = (WIDTH - 2 * PADDING) / len(periods)
    cell_width = round(max(column_width - 2, 1), 1)
    row_height = LABEL_HEIGHT + CELL_HEIGHT + ROW_GAP
    rows = tuple(
        Row(
            label=label,
            lang=lang,
            slug=slug,
            total=sum(counts.values()),
            first_year=min(counts),
            last_year=max(counts),
            y=index * row_height + LABEL_HEIGHT,
            # Every column, empty ones too (drawn faintly): the grid reads as a calendar,
            # and the page's size depends on the years and series drawn, not on the record.
            cells=tuple(
                Cell(
                    period=period,
                    count=count,
                    level=level_of(count, highest) if count else 0,
                    x=round(PADDING + column * column_width + 1, 1),
                    width=cell_width,
                    show_count=bool(count) and len(str(count)) * DIGIT_WIDTH + 2 <= cell_width,
                )
                for column, (period, count) in enumerate(zip(periods, per_column, strict=True))
            ),
        )
        for index, ((label, lang, slug, counts), per_column) in enumerate(
            zip(series, grid, strict=True)
        )
    )
    axis_y = len(rows) * row_height
    step = tick_step(period_years, column_width)
    return Timeline(
        width=WIDTH,
        height=axis_y + AXIS_HEIGHT,
        cell_height=CELL_HEIGHT,
        axis_y=axis_y,
        period_years=period_years,
        ticks=tuple(
            (round(PADDING + (column + 0.5) * column_width, 1), period.first)
            for column, period in enumerate(periods)
            if period.first % step == 0
        ),
        rows=rows,
        table=tuple(
            (period, tuple(per_column[column] for per_column in grid))
            for column, period in enumerate(periods)
        ),
        shades=shade_ranges(highest),
    )
