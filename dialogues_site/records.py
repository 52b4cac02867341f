"""Every kind of record a file can hold, in the order a whole site is written and read.

Used by the import/export commands and the site backup: countries before the meetings
that name them, meetings before the participations and discussions that name meetings.
"""

from meetings.resources import (
    CountryResource,
    MeetingResource,
    MeetingSeriesResource,
    OrganisationResource,
    ParticipationResource,
    PersonResource,
)
from programmes.resources import (
    DiscussionResource,
    FundResource,
    ProgrammeResource,
    ThemeResource,
)

# name on the command line and in a backup -> resource: one per model of
# settings.CONTENT_MODELS, in its order (tests/site/test_round_trip.py checks).
RESOURCES = {
    "countries": CountryResource,
    "organisations": OrganisationResource,
    "people": PersonResource,
    "series": MeetingSeriesResource,
    "meetings": MeetingResource,
    "participations": ParticipationResource,
    "themes": ThemeResource,
    "funds": FundResource,
    "programmes": ProgrammeResource,
    "discussions": DiscussionResource,
}
