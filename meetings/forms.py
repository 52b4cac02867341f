"""The meeting's admin form: one start date box, whose precision is what was typed."""

from core.admin import VersionAfterLinksForm
from core.forms import PartialDateField, PartialDateModelFormMixin


class MeetingAdminForm(PartialDateModelFormMixin, VersionAfterLinksForm):
    """The start date is typed as "2014", "2014-08" or "2014-08-28" (the precision follows);
    the end date stays a day, and only a start known to the day may have one."""

    partial_dates = {"start_date": "date_precision"}

    start_date = PartialDateField()

    def clean(self):
        cleaned_data = super().clean()
        if "start_date" in self.errors:
            # The end date is checked against the start: against the one stored, while
            # the typed one is wrong, it would get an error that is not its own.
            cleaned_data.pop("end_date", None)
        return cleaned_data
