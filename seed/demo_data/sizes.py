"""What a run is asked for: how many rows of each kind, and whether that makes sense.

``check()`` answers in sentences, so that the command can refuse bad arguments with a
message rather than a traceback, and ``generate()`` can refuse them too.
"""

from dataclasses import dataclass

MAX_PARTICIPATIONS_PER_MEETING = 1000  # on average; keeps `order` far below its limit


@dataclass(frozen=True)
class Sizes:
    series: int = 0
    meetings: int = 0
    participations: int = 0
    programmes: int = 0
    discussions: int = 0


def check(sizes, draft_share):
    """The problems with these arguments, as sentences (empty when they are fine)."""
    problems = [
        f"--{name} must be a whole number, 0 or more (got {value})."
        for name, value in vars(sizes).items()
        if value < 0
    ]
    if problems:
        return problems
    if not 0 <= draft_share <= 1:
        problems.append(f"--draft-share must be between 0 and 1 (got {draft_share}).")
    if sizes.meetings and not sizes.series:
        problems.append("Meetings need a series: give --series 1 or more.")
    if sizes.participations and not sizes.meetings:
        problems.append("Participations need meetings: give --meetings 1 or more.")
    elif sizes.participations > MAX_PARTICIPATIONS_PER_MEETING * sizes.meetings:
        problems.append(
            f"At most {MAX_PARTICIPATIONS_PER_MEETING} participations a meeting on average: "
            f"give no more than {MAX_PARTICIPATIONS_PER_MEETING * sizes.meetings} "
            "participations, or more meetings."
        )
    if sizes.discussions and not (sizes.meetings and sizes.programmes):
        problems.append("Discussions need meetings and programmes: give both.")
    elif sizes.discussions > sizes.meetings * sizes.programmes:
        problems.append(
            "A meeting discusses a programme at most once: give no more than "
            f"{sizes.meetings * sizes.programmes} discussions (meetings x programmes)."
        )
    if sizes.series > 0 and sizes.meetings > 10_000 * sizes.series:
        problems.append("At most 10,000 meetings a series: give more series.")
    return problems
