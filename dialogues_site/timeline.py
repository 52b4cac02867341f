"""The home page's timeline: every published meeting of a series on one axis of years.

Drawn by the server as inline SVG (no script): this module computes the geometry, the
template ``includes/timeline_svg.html`` draws it. A meeting sits at the start of the
period its date is known for (March 2008 at the start of March); meetings too close to
share a row are lifted into the next lane.
"""

from dataclasses import dataclass

WIDTH = 800
PADDING = 36
AXIS_Y_FROM_BOTTOM = 34
LANE_HEIGHT = 26
MARK_RADIUS = 10
MIN_GAP = 2 * MARK_RADIUS + 4


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str
    description: str
    url: str
    kind: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    ticks: list
    marks: list

    @property
    def axis_start(self):
        return PADDING

    @property
    def axis_end(self):
        return self.width - PADDING


def fractional_year(day):
    return day.year + (day.timetuple().tm_yday - 1) / 366


def build(meetings):
    """The timeline of ``meetings`` (published, any order), or None when there are none."""
    meetings = sorted(meetings, key=lambda m: (m.start_date, m.pk))
    if not meetings:
        return None
    first_year = meetings[0].start_date.year
    last_year = meetings[-1].start_date.year + 1
    span = max(last_year - first_year, 1)
    usable = WIDTH - 2 * PADDING

    def x_of(value):
        return round(PADDING + (value - first_year) / span * usable, 1)

    lanes_last_x = []
    placed = []
    for meeting in meetings:
        x = x_of(fractional_year(meeting.start_date))
        lane = next(
            (i for i, last in enumerate(lanes_last_x) if x - last >= MIN_GAP), len(lanes_last_x)
        )
        if lane == len(lanes_last_x):
            lanes_last_x.append(x)
        lanes_last_x[lane] = x
        placed.append((meeting, x, lane))

    height = AXIS_Y_FROM_BOTTOM + (len(lanes_last_x) + 1) * LANE_HEIGHT
    axis_y = height - AXIS_Y_FROM_BOTTOM
    marks = [
        Mark(
            x=x,
            y=axis_y - (lane + 1) * LANE_HEIGHT,
            label=str(meeting.number) if meeting.number else meeting.display_title[:1],
            description=f"{meeting.display_title}, {meeting.date_display}, "
            f"{meeting.city} ({meeting.host_country.name})",
            url=meeting.get_absolute_url(),
            kind=meeting.kind,
        )
        for meeting, x, lane in placed
    ]
    ticks = [(x_of(year), year) for year in range(first_year, last_year + 1)]
    return Timeline(width=WIDTH, height=height, axis_y=axis_y, ticks=ticks, marks=marks)
