"""The partial date field: "2014", "2014-08" or "2014-08-28" typed in one box, the
precision following from what was typed; anything else refused, saying what is read."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.dates import DatePrecision, PartialDate
from core.forms import PartialDateField, PartialDateInput, PartialDateModelFormMixin
from meetings.models import Meeting

D = datetime.date
YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


def error_of(text):
    with pytest.raises(ValidationError) as excinfo:
        PartialDateField().clean(text)
    (message,) = excinfo.value.messages
    return excinfo.value.error_list[0].code, message


class TestReading:
    @pytest.mark.parametrize(
        ("typed", "day", "precision"),
        [
            ("2014", D(2014, 1, 1), YEAR),
            ("2014-08", D(2014, 8, 1), MONTH),
            ("2014-08-28", D(2014, 8, 28), DAY),
            ("2014-08-01", D(2014, 8, 1), DAY),  # the first of a month is still a day
            ("2014-01-01", D(2014, 1, 1), DAY),
            ("2024-02-29", D(2024, 2, 29), DAY),
            # As the import files: a month or day may have one digit.
            ("2014-8", D(2014, 8, 1), MONTH),
            ("2014-8-5", D(2014, 8, 5), DAY),
            ("  2014-08 ", D(2014, 8, 1), MONTH),
            # What a Japanese input method may type: full-width digits and hyphen.
            ("２０１４－０８", D(2014, 8, 1), MONTH),
        ],
    )
    def test_the_precision_is_what_was_typed(self, typed, day, precision):
        assert PartialDateField().clean(typed) == PartialDate(day, precision)

    def test_the_cleaned_value_is_written_back_as_typed(self):
        assert str(PartialDateField().clean("2008-03")) == "2008-03"
        assert str(PartialDateField().clean("2015")) == "2015"

    def test_empty_is_required_unless_optional(self):
        with pytest.raises(ValidationError):
            PartialDateField().clean("")
        assert PartialDateField(required=False).clean("") is None
        assert PartialDateField(required=False).clean("   ") is None

    def test_a_plain_date_is_a_day(self):
        assert PartialDateField().clean(D(2014, 8, 28)) == PartialDate(D(2014, 8, 28), DAY)


class TestRefusing:
    @pytest.mark.parametrize(
        "typed",
        [
            "13/09/2017",
            "09/13/2017",
            "28.08.2014",
            "2014/08/28",
            "2014年8月",
            "August 2014",
            "14-08-28",
            "2014-08-28T10:00",
            "20140828",
            "2014-",
            "2014-08-",
            "0000",
        ],
    )
    def test_anything_but_the_three_forms_says_what_is_read(self, typed):
        code, message = error_of(typed)
        assert code == "invalid"
        assert f"“{typed}”" in message
        for example in ("2014", "2014-08", "2014-08-28"):
            assert f"({example})" in message

    @pytest.mark.parametrize("typed", ["2014-13", "2014-00", "2014-13-01"])
    def test_a_month_that_does_not_exist(self, typed):
        code, message = error_of(typed)
        assert code == "invalid_month"
        assert message.startswith(f"“{typed}” has no month ")
        assert "01 to 12" in message

    @pytest.mark.parametrize(
        ("typed", "said"),
        [
            ("2014-02-30", "February 2014 has 28 days"),
            ("2023-02-29", "February 2023 has 28 days"),
            ("2014-04-31", "April 2014 has 30 days"),
            ("2014-08-00", "August 2014 has 31 days"),
        ],
    )
    def test_a_day_that_does_not_exist(self, typed, said):
        code, message = error_of(typed)
        assert code == "invalid_day"
        assert message == f"“{typed}” is not a day of the calendar: {said}."


class TestWidget:
    def test_shows_a_partial_date_at_its_precision(self):
        field = PartialDateField()
        assert field.prepare_value(PartialDate(D(2008, 3, 1), MONTH)) == "2008-03"
        assert field.prepare_value(PartialDate(D(2015, 1, 1), YEAR)) == "2015"
        assert field.prepare_value(D(2013, 9, 26)) == "2013-09-26"
        assert field.prepare_value("2014-13") == "2014-13"  # what was typed, redisplayed

    def test_is_a_text_box_with_the_admin_calendar(self):
        html = PartialDateInput().render("start_date", PartialDate(D(2008, 3, 1), MONTH))
        assert 'type="text"' in html
        assert 'class="vDateField"' in html
        assert 'value="2008-03"' in html
        assert "admin/js/admin/DateTimeShortcuts.js" in str(PartialDateInput().media)

    def test_the_help_says_the_forms_and_the_order(self):
        help_text = str(PartialDateField().help_text)
        assert "2014-08-28" in help_text and "ISO 8601" in help_text

    @pytest.mark.parametrize(
        ("initial", "typed", "changed"),
        [
            (PartialDate(D(2008, 3, 1), MONTH), "2008-03", False),
            (PartialDate(D(2008, 3, 1), MONTH), "2008-3", False),
            (PartialDate(D(2008, 3, 1), MONTH), "2008-03-01", True),  # now a day
            (PartialDate(D(2008, 3, 1), MONTH), "2008", True),
            (PartialDate(D(2008, 3, 1), MONTH), "nonsense", True),
            (None, "", False),
        ],
    )
    def test_has_changed_compares_date_and_precision(self, initial, typed, changed):
        assert PartialDateField(required=False).has_changed(initial, typed) is changed


class MeetingDatesForm(PartialDateModelFormMixin, forms.ModelForm):
    partial_dates = {"start_date": "date_precision"}
    start_date = PartialDateField()

    class Meta:
        model = Meeting
        fields = ["start_date", "date_precision", "end_date"]


def stored_meeting():
    """A meeting of March 2008 (its other columns valid: the form checks the model)."""
    return Meeting(number=1, slug="first", start_date=D(2008, 3, 1), date_precision=MONTH)


@pytest.mark.django_db  # a model form checks the model's constraints
class TestModelFormMixin:
    def test_the_precision_is_no_field_of_its_own(self):
        # Even listed in the form's fields: two boxes could disagree.
        assert list(MeetingDatesForm().fields) == ["start_date", "end_date"]

    def test_the_label_is_the_model_fields(self):
        assert MeetingDatesForm().fields["start_date"].label == "Start date"

    def test_the_stored_date_shows_at_its_precision(self):
        meeting = Meeting(start_date=D(2008, 3, 1), date_precision=MONTH)
        form = MeetingDatesForm(instance=meeting)
        assert form.initial["start_date"] == PartialDate(D(2008, 3, 1), MONTH)
        assert 'value="2008-03"' in str(form["start_date"])

    @pytest.mark.parametrize(
        ("typed", "day", "precision"),
        [
            ("2014-08-28", D(2014, 8, 28), DAY),
            ("2014-08", D(2014, 8, 1), MONTH),
            ("2014", D(2014, 1, 1), YEAR),
        ],
    )
    def test_both_columns_are_set_from_the_one_box(self, typed, day, precision):
        meeting = stored_meeting()
        form = MeetingDatesForm({"start_date": typed, "end_date": ""}, instance=meeting)
        assert form.is_valid(), form.errors
        assert (meeting.start_date, meeting.date_precision) == (day, precision)
        assert form.has_changed()

    def test_a_posted_precision_is_ignored(self):
        meeting = stored_meeting()
        data = {"start_date": "2014-08-28", "date_precision": "month", "end_date": ""}
        assert MeetingDatesForm(data, instance=meeting).is_valid()
        assert (meeting.start_date, meeting.date_precision) == (D(2014, 8, 28), DAY)
