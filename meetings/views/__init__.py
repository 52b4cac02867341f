"""Public pages of the meetings app: meetings (meeting_pages) and the directory of
countries, people and organisations (directory)."""

from .directory import (
    CountryDetailView,
    CountryListView,
    OrganisationDetailView,
    PersonDetailView,
)
from .meeting_pages import MeetingDetailView, MeetingListView

__all__ = [
    "CountryDetailView",
    "CountryListView",
    "MeetingDetailView",
    "MeetingListView",
    "OrganisationDetailView",
    "PersonDetailView",
]
