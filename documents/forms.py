"""The document's admin form: one date box ("2014", "2014-08", "2014-08-28")."""

from core.admin import VersionAfterLinksForm
from core.forms import PartialDateField, PartialDateModelFormMixin


class DocumentAdminForm(PartialDateModelFormMixin, VersionAfterLinksForm):
    """Empty date: the meeting's (Document.prepare_for_save)."""

    partial_dates = {"date": "date_precision"}

    date = PartialDateField(required=False)
