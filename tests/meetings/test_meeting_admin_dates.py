"""The meeting's dates on the admin form: one start date box ("2014", "2014-08" or
"2014-08-28") whose precision is what was typed, so a typed day is never dropped; an end
date only after a start known to the day; the errors in the page's language; the same box
on the history's restore form.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from core.dates import DatePrecision
from meetings.models import Meeting
from tests.admin_forms import admin_url, form_data, page
from tests.conftest import logged_in_client, make_staff_user
from tests.core.history_helpers import versions
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory
from tests.site.i18n_helpers import MO_PATH, PO_PATH, reload_translations

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


@pytest.fixture
def japanese_catalogue():
    """The .mo is build output (make test builds it): build it if missing or stale."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", locale=["ja"], verbosity=0)
        reload_translations()


@pytest.fixture
def march_2008():
    """A meeting known to the month: March 2008."""
    return MeetingFactory(
        title="Hanoi Dialogue", start_date=D(2008, 3, 1), date_precision=MONTH, end_date=None
    )


def change_url(meeting, language=""):
    # The address in that language (/ja/admin/...), whatever the thread's language is.
    with translation.override(language or "en"):
        return admin_url("meeting", "change", meeting.pk)


def post_dates(client, meeting, language="", **dates):
    """The change form as the page shows it, with ``dates`` typed in; the response."""
    data = form_data(client.get(change_url(meeting, language))) | dates
    return client.post(change_url(meeting, language), data)


def stored(meeting):
    meeting = Meeting.objects.get(pk=meeting.pk)
    return meeting.start_date, meeting.date_precision, meeting.end_date


def form_errors(response):
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


class TestTheForm:
    def test_one_start_date_box_shows_the_stored_date_at_its_precision(
        self, editor_client, march_2008
    ):
        html = page(editor_client.get(change_url(march_2008)))
        assert 'name="start_date" value="2008-03"' in html
        assert 'name="date_precision"' not in html  # the precision is what is typed
        # The admin's calendar stays, as a help: a text box of class vDateField.
        assert 'class="vDateField"' in html
        assert "admin/js/admin/DateTimeShortcuts.js" in html
        assert "(ISO 8601)" in html  # the help says what is read

    @pytest.mark.parametrize(
        ("start", "precision", "typed"),
        [(D(2015, 1, 1), YEAR, "2015"), (D(2013, 9, 26), DAY, "2013-09-26")],
    )
    def test_every_precision_shows_as_typed(self, editor_client, start, precision, typed):
        meeting = MeetingFactory(start_date=start, date_precision=precision, end_date=None)
        assert f'name="start_date" value="{typed}"' in page(editor_client.get(change_url(meeting)))

    def test_staff_who_only_view_see_the_date_at_its_precision(self, django_user_model, march_2008):
        viewer = make_staff_user(django_user_model, "viewer")
        viewer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
        html = page(logged_in_client(viewer).get(change_url(march_2008)))
        assert re.search(r'<div class="readonly">\s*March 2008\s*</div>', html)
        assert "March 1, 2008" not in html and "1 March 2008" not in html


class TestSaving:
    def test_a_typed_day_is_kept_with_day_precision(self, editor_client, march_2008):
        response = post_dates(editor_client, march_2008, start_date="2014-08-28", end_date="")
        assert response.status_code == 302, form_errors(response)
        assert stored(march_2008) == (D(2014, 8, 28), DAY, None)
        listed = page(editor_client.get(admin_url("meeting", "changelist")))
        assert "28 August 2014" in listed

    def test_a_typed_month_is_kept_with_month_precision(self, editor_client):
        meeting = MeetingFactory(start_date=D(2013, 9, 26), end_date=None)
        response = post_dates(editor_client, meeting, start_date="2014-08")
        assert response.status_code == 302, form_errors(response)
        assert stored(meeting) == (D(2014, 8, 1), MONTH, None)
        assert Meeting.objects.get(pk=meeting.pk).date_display == "August 2014"

    def test_a_typed_year_is_kept_with_year_precision(self, editor_client, march_2008):
        response = post_dates(editor_client, march_2008, start_date="2015")
        assert response.status_code == 302, form_errors(response)
        assert stored(march_2008) == (D(2015, 1, 1), YEAR, None)

    def test_a_day_start_may_have_an_end_date(self, editor_client, march_2008):
        response = post_dates(
            editor_client, march_2008, start_date="2011-07-26", end_date="2011-07-28"
        )
        assert response.status_code == 302, form_errors(response)
        assert stored(march_2008) == (D(2011, 7, 26), DAY, D(2011, 7, 28))
        assert Meeting.objects.get(pk=march_2008.pk).date_display == "26–28 July 2011"

    def test_the_old_pair_of_fields_no_longer_drops_the_day(self, editor_client, march_2008):
        """Before: "Start date" 2014-08-28 with "Date precision" Month saved 1 August 2014
        without a word. The precision is no field now: a posted one is not read, and the
        editor sees the day typed."""
        response = post_dates(
            editor_client, march_2008, start_date="2014-08-28", date_precision="month",
            end_date="",
        )  # fmt: skip
        assert response.status_code == 302, form_errors(response)
        assert stored(march_2008) == (D(2014, 8, 28), DAY, None)
        assert "28 August 2014" in page(editor_client.get(admin_url("meeting", "changelist")))
        assert 'value="2014-08-28"' in page(editor_client.get(change_url(march_2008)))

    def test_adding_a_meeting_known_to_the_year(self, editor_client):
        series, country = MeetingSeriesFactory(), CountryFactory()
        url = admin_url("meeting", "add")
        data = form_data(editor_client.get(url)) | {
            "series": series.pk, "number": "7", "city_en": "Hanoi", "host_country": country.pk,
            "start_date": "2015", "end_date": "",
        }  # fmt: skip
        response = editor_client.post(url, data)
        assert response.status_code == 302, form_errors(response)
        meeting = Meeting.objects.get(series=series, number=7)
        assert (meeting.start_date, meeting.date_precision) == (D(2015, 1, 1), YEAR)
        assert meeting.slug == "seventh-dialogue-2015"


class TestRefusing:
    @pytest.mark.parametrize(
        ("typed", "said"),
        [
            (
                "13/09/2017",
                "“13/09/2017” is not a date written as this field reads them: write a year "
                "(2014), a year and month (2014-08) or a full date (2014-08-28), year first.",
            ),
            (
                "2014-02-30",
                "“2014-02-30” is not a day of the calendar: February 2014 has 28 days.",
            ),
            ("2014-13", "“2014-13” has no month 13: months run from 01 to 12."),
        ],
    )
    def test_an_unreadable_date_is_shown_on_its_field_and_changes_nothing(
        self, editor_client, march_2008, typed, said
    ):
        before = stored(march_2008), len(versions(march_2008))
        response = post_dates(editor_client, march_2008, start_date=typed)
        assert form_errors(response) == {"start_date": [said]}
        html = page(response)
        assert 'name="start_date" value="' + typed + '"' in html  # kept, to be corrected
        assert (stored(march_2008), len(versions(march_2008))) == before

    def test_an_end_date_needs_a_start_known_to_the_day(self, editor_client, march_2008):
        response = post_dates(
            editor_client, march_2008, start_date="2014-08", end_date="2014-08-30"
        )
        errors = form_errors(response)
        assert list(errors) == ["end_date"]
        assert "known to the day" in errors["end_date"][0]
        assert stored(march_2008) == (D(2008, 3, 1), MONTH, None)

    def test_a_wrong_start_is_the_only_error_with_an_end_date(self, editor_client, march_2008):
        # The end date is not checked against the stored start (a month, which would ask
        # for a start known to the day: the editor typed one).
        response = post_dates(
            editor_client, march_2008, start_date="2014-08-28x", end_date="2014-08-30"
        )
        assert list(form_errors(response)) == ["start_date"]
        assert stored(march_2008) == (D(2008, 3, 1), MONTH, None)

    def test_the_japanese_admin_says_it_in_japanese(
        self, editor_client, march_2008, japanese_catalogue
    ):
        response = post_dates(editor_client, march_2008, language="ja", start_date="13/09/2017")
        html = page(response)
        assert response.status_code == 200
        assert (
            "「13/09/2017」は、この欄で読める日付の書き方ではありません。年（2014）、年と月"
            "（2014-08）、または年月日（2014-08-28）を、年から順に書いてください。"
        ) in html
        assert "この順（ISO 8601）で入力してください" in html  # the help too
        assert stored(march_2008) == (D(2008, 3, 1), MONTH, None)

    def test_the_japanese_admin_names_the_month_in_japanese(
        self, editor_client, march_2008, japanese_catalogue
    ):
        response = post_dates(editor_client, march_2008, language="ja", start_date="2014-02-30")
        assert "「2014-02-30」という日はありません。2014年2月は28日までです。" in page(response)

    def test_the_model_refusal_is_in_japanese_too(self, japanese_catalogue):
        meeting = MeetingFactory.build(
            series=MeetingSeriesFactory(), host_country=CountryFactory(),
            start_date=D(2014, 8, 28), date_precision=MONTH, end_date=None,
        )  # fmt: skip
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        with translation.override("ja"):
            (message,) = excinfo.value.message_dict["start_date"]
        assert message == (
            "「2014-08-28」は日付の精度（月）より詳しく、保存すると「2014-08」に切り捨てられます。"
            "精度に合わせて日付を入力するか、精度を変えてください。"
        )


class TestRestore:
    def test_a_version_is_restored_with_its_precision(self, editor_client, march_2008):
        assert post_dates(editor_client, march_2008, start_date="2008-03-12").status_code == 302
        assert stored(march_2008) == (D(2008, 3, 12), DAY, None)

        first = versions(march_2008)[-1]
        url = admin_url("meeting", "simple_history", march_2008.pk, first.pk)
        response = editor_client.get(url)
        assert 'name="start_date" value="2008-03"' in page(response)
        assert editor_client.post(url, form_data(response)).status_code == 302
        assert stored(march_2008) == (D(2008, 3, 1), MONTH, None)
        assert versions(march_2008)[0].date_precision == MONTH

    def test_a_restore_form_refuses_an_unreadable_date(self, editor_client, march_2008):
        first = versions(march_2008)[-1]
        url = admin_url("meeting", "simple_history", march_2008.pk, first.pk)
        response = editor_client.post(
            url, form_data(editor_client.get(url)) | {"start_date": "March 2008"}
        )
        assert list(form_errors(response)) == ["start_date"]
        assert len(versions(march_2008)) == 1
