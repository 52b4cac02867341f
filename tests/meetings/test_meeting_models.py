"""The meeting model's rules: what an editor may save, and how a meeting is shown."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.dates import DatePrecision, truncate
from core.models import PublicationStatus
from meetings.models import Country, Meeting, Participation, ordinal_word
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    kind_named,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def unsaved_meeting(**kwargs):
    """A valid meeting not yet saved, as the admin form would hand it to full_clean()."""
    defaults = {
        "series": MeetingSeriesFactory(),
        "host_country": CountryFactory(),
        "kind": kind_named("dialogue"),
        "number": 9,
        "slug": "ninth-dialogue",
        "start_date": D(2011, 7, 26),
        "city": "Hanoi",
    }
    defaults.update(kwargs)
    return Meeting(**defaults)


def error_dict(excinfo):
    return excinfo.value.message_dict


class TestDates:
    def test_valid_meeting_passes_full_clean(self):
        unsaved_meeting(end_date=D(2011, 7, 28)).full_clean()

    def test_end_date_before_start_is_rejected_on_the_end_date(self):
        meeting = unsaved_meeting(start_date=D(2011, 7, 28), end_date=D(2011, 7, 26))
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        assert list(error_dict(excinfo)) == ["end_date"]
        assert "cannot be before the start date" in error_dict(excinfo)["end_date"][0]

    def test_end_date_before_start_is_rejected_by_the_database(self):
        meeting = unsaved_meeting(start_date=D(2011, 7, 28), end_date=D(2011, 7, 26))
        with pytest.raises(IntegrityError), transaction.atomic():
            meeting.save()

    def test_one_day_meeting_may_end_the_day_it_starts(self):
        unsaved_meeting(start_date=D(2011, 7, 26), end_date=D(2011, 7, 26)).full_clean()

    @pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR])
    def test_end_date_needs_day_precision(self, precision):
        meeting = unsaved_meeting(
            start_date=truncate(D(2008, 3, 1), precision),
            end_date=D(2008, 3, 3),
            date_precision=precision,
        )
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        assert list(error_dict(excinfo)) == ["end_date"]
        assert "known to the day" in error_dict(excinfo)["end_date"][0]

    @pytest.mark.parametrize(
        ("start", "precision", "cut"),
        [
            (D(2014, 8, 28), DatePrecision.MONTH, "2014-08"),
            (D(2015, 9, 30), DatePrecision.YEAR, "2015"),
            (D(2015, 9, 1), DatePrecision.YEAR, "2015"),
        ],
    )
    def test_a_start_more_precise_than_its_precision_is_refused_not_cut(
        self, start, precision, cut
    ):
        # A form that still had both fields (date 2014-08-28, precision Month) would have
        # saved 2014-08-01 without a word: clean() refuses it, on the start date.
        meeting = unsaved_meeting(start_date=start, date_precision=precision)
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        assert list(error_dict(excinfo)) == ["start_date"]
        message = error_dict(excinfo)["start_date"][0]
        assert f"“{start.isoformat()}”" in message
        assert f"“{cut}”" in message
        assert meeting.start_date == start  # refused, not cut

    @pytest.mark.parametrize(
        ("start", "precision"),
        [
            (D(2014, 8, 1), DatePrecision.MONTH),
            (D(2015, 1, 1), DatePrecision.YEAR),
            (D(2014, 8, 28), DatePrecision.DAY),
        ],
    )
    def test_a_start_at_its_precision_is_clean(self, start, precision):
        unsaved_meeting(start_date=start, date_precision=precision).full_clean()

    def test_month_precision_is_stored_as_the_first_of_the_month(self):
        meeting = MeetingFactory(
            title="Hanoi Dialogue",  # a factory title could hold "17" itself ("Meeting 17")
            start_date=D(2008, 3, 17),
            end_date=None,
            date_precision=DatePrecision.MONTH,
        )
        meeting.refresh_from_db()
        assert meeting.start_date == D(2008, 3, 1)
        assert meeting.date_display == "March 2008"
        assert "17" not in str(meeting)

    def test_month_precision_date_given_as_text_is_stored_as_the_first_of_the_month(self):
        # Django accepts "2008-03-17" for a DateField (shell, scripts, imports).
        meeting = MeetingFactory(
            start_date="2008-03-17", end_date=None, date_precision=DatePrecision.MONTH
        )
        meeting.refresh_from_db()
        assert meeting.start_date == D(2008, 3, 1)

    def test_year_precision_is_stored_as_the_first_of_january(self):
        meeting = MeetingFactory(
            start_date=D(2015, 9, 30), end_date=None, date_precision=DatePrecision.YEAR
        )
        meeting.refresh_from_db()
        assert meeting.start_date == D(2015, 1, 1)
        assert meeting.date_display == "2015"

    def test_single_day(self):
        meeting = MeetingFactory(start_date=D(2013, 9, 26), end_date=None)
        assert meeting.date_display == "26 September 2013"

    def test_range_within_a_month(self):
        meeting = MeetingFactory(start_date=D(2011, 7, 26), end_date=D(2011, 7, 28))
        assert meeting.date_display == "26–28 July 2011"

    def test_str_names_the_meeting_and_its_dates(self):
        meeting = MeetingFactory(number=9, start_date=D(2011, 7, 26), end_date=D(2011, 7, 28))
        assert str(meeting) == "Ninth Dialogue (26–28 July 2011)"


class TestNumbering:
    def test_number_is_unique_within_series_and_kind(self):
        first = MeetingFactory(number=9)
        duplicate = unsaved_meeting(series=first.series, kind=first.kind, number=9, slug="other")
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "already has a meeting of this kind with this number" in str(
            error_dict(excinfo)[NON_FIELD_ERRORS]
        )

    def test_number_is_unique_within_series_and_kind_in_the_database(self):
        first = MeetingFactory(number=9)
        with pytest.raises(IntegrityError), transaction.atomic():
            MeetingFactory(series=first.series, kind=first.kind, number=9)
        assert Meeting.objects.filter(series=first.series, number=9).count() == 1

    def test_same_number_allowed_for_another_kind(self):
        first = MeetingFactory(number=1)
        other = unsaved_meeting(
            series=first.series, kind=kind_named("ministerial"), number=1, slug="other"
        )
        other.full_clean()
        other.save()
        assert Meeting.objects.filter(series=first.series, number=1).count() == 2

    def test_same_number_allowed_in_another_series(self):
        first = MeetingFactory(number=9)
        other = unsaved_meeting(
            series=MeetingSeriesFactory(), kind=first.kind, number=9, slug="other"
        )
        other.full_clean()
        other.save()
        assert Meeting.objects.filter(kind=first.kind, number=9).count() == 2

    def test_unnumbered_meetings_of_one_kind_do_not_clash(self):
        series = MeetingSeriesFactory()
        MeetingFactory(series=series, kind=kind_named("ministerial"), number=None)
        second = unsaved_meeting(
            series=series, kind=kind_named("ministerial"), number=None, slug="second"
        )
        second.full_clean()
        second.save()

    def test_dialogue_without_a_number_is_rejected(self):
        meeting = unsaved_meeting(kind=kind_named("dialogue"), number=None)
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        assert list(error_dict(excinfo)) == ["number"]

    def test_ministerial_dialogue_needs_no_number(self):
        unsaved_meeting(kind=kind_named("ministerial"), number=None).full_clean()


class TestTitle:
    @pytest.mark.parametrize(
        ("kind", "number", "title"),
        [
            ("dialogue", 1, "First Dialogue"),
            ("dialogue", 9, "Ninth Dialogue"),
            ("dialogue", 20, "Twentieth Dialogue"),
            ("dialogue", 21, "21st Dialogue"),
            ("dialogue", 22, "22nd Dialogue"),
            ("dialogue", 23, "23rd Dialogue"),
            ("dialogue", 111, "111th Dialogue"),
            ("ministerial", None, "Ministerial Dialogue"),
            ("other", None, "Meeting"),
        ],
    )
    def test_title_left_empty_is_derived(self, kind, number, title):
        meeting = MeetingFactory(kind=kind_named(kind), number=number, title="")
        meeting.refresh_from_db()
        assert meeting.title == title
        assert meeting.display_title == title

    def test_typed_title_is_kept(self):
        meeting = MeetingFactory(number=9, title="Ninth Dialogue (Special Session)")
        meeting.refresh_from_db()
        assert meeting.title == "Ninth Dialogue (Special Session)"

    def test_correcting_the_number_corrects_a_derived_title(self):
        meeting = MeetingFactory(number=9, title="")
        meeting = Meeting.objects.get(pk=meeting.pk)
        meeting.number = 10
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.title == "Tenth Dialogue"

    def test_correcting_the_number_keeps_a_typed_title(self):
        meeting = MeetingFactory(number=9, title="Special Session on Mercury")
        meeting = Meeting.objects.get(pk=meeting.pk)
        meeting.number = 10
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.title == "Special Session on Mercury"


class TestSlug:
    def test_slug_left_empty_is_derived_from_title_and_year(self):
        meeting = MeetingFactory(
            number=9, title="", slug="", start_date=D(2015, 9, 11), end_date=None
        )
        meeting.refresh_from_db()
        assert meeting.slug == "ninth-dialogue-2015"

    def test_derived_slug_that_is_taken_is_a_form_error_on_the_slug(self):
        MeetingFactory(slug="ninth-dialogue-2015")
        meeting = unsaved_meeting(slug="", title="", number=9, start_date=D(2015, 9, 11))
        with pytest.raises(ValidationError) as excinfo:
            meeting.full_clean()
        assert "slug" in error_dict(excinfo)


class TestOrdinals:
    @pytest.mark.parametrize(
        ("number", "word"),
        [(1, "First"), (12, "Twelfth"), (31, "31st"), (42, "42nd"), (53, "53rd"), (113, "113th")],
    )
    def test_ordinal_word(self, number, word):
        assert ordinal_word(number) == word


class TestParticipation:
    def test_participation_must_name_someone(self):
        participation = Participation(meeting=MeetingFactory())
        with pytest.raises(ValidationError) as excinfo:
            participation.full_clean()
        assert "at least a person, an organisation or a country" in str(excinfo.value)

    def test_participation_must_name_someone_in_the_database(self):
        meeting = MeetingFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.create(meeting=meeting)
        assert not meeting.participations.exists()

    @pytest.mark.parametrize(
        ("who", "factory"),
        [
            ("person", PersonFactory),
            ("organisation", OrganisationFactory),
            ("country", CountryFactory),
        ],
    )
    def test_any_one_of_person_organisation_or_country_is_enough(self, who, factory):
        participation = Participation(meeting=MeetingFactory(), **{who: factory()})
        participation.full_clean()
        participation.save()
        assert Participation.objects.filter(pk=participation.pk).exists()

    def test_str_names_the_person_and_role(self):
        person = PersonFactory(honorific="H.E.", name="Nguyen Van A")
        participation = ParticipationFactory(person=person, role=Participation.Role.CHAIR)
        assert str(participation) == "H.E. Nguyen Van A, Chair"


class TestCountry:
    @pytest.mark.parametrize("code", ["VN", "JP", "XK"])
    def test_two_capital_letters_accepted(self, code):
        Country(code=code, name="Somewhere", slug="somewhere").full_clean()

    @pytest.mark.parametrize("code", ["vn", "V", "V1", "VNM", "", "V N"])
    def test_other_codes_rejected(self, code):
        with pytest.raises(ValidationError) as excinfo:
            Country(code=code, name="Somewhere", slug="somewhere").full_clean()
        assert "code" in error_dict(excinfo)

    def test_code_is_saved_in_capitals(self):
        country = Country.objects.create(code="vn", name="Viet Nam", slug="viet-nam")
        country.refresh_from_db()
        assert country.code == "VN"

    def test_code_is_unique(self):
        CountryFactory(code="VN")
        with pytest.raises(ValidationError) as excinfo:
            Country(code="VN", name="Other", slug="other").full_clean()
        assert "code" in error_dict(excinfo)


class TestPublication:
    def test_new_meeting_is_a_draft(self):
        meeting = MeetingFactory()
        assert meeting.status == PublicationStatus.DRAFT
        assert meeting.published_at is None
        assert not meeting.is_published

    def test_published_excludes_drafts_and_future_publish_times(self):
        visible = MeetingFactory(published=True)
        MeetingFactory()  # draft
        MeetingFactory(scheduled=True)  # publish time a week away
        MeetingFactory(  # a draft with a past publish time (e.g. unpublished) stays hidden
            status=PublicationStatus.DRAFT,
            published_at=timezone.now() - datetime.timedelta(days=3),
        )
        assert list(Meeting.objects.published()) == [visible]

    def test_scheduled_meeting_appears_once_its_time_has_come(self):
        meeting = MeetingFactory(scheduled=True)
        assert not meeting.is_published
        Meeting.objects.filter(pk=meeting.pk).update(
            published_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert list(Meeting.objects.published()) == [meeting]

    def test_publishing_sets_the_publish_time(self):
        meeting = MeetingFactory()
        before = timezone.now()
        meeting.status = PublicationStatus.PUBLISHED
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.published_at is not None
        assert before <= meeting.published_at <= timezone.now()
        assert meeting.is_published
        assert list(Meeting.objects.published()) == [meeting]

    def test_publishing_keeps_a_publish_time_already_set(self):
        later = timezone.now() + datetime.timedelta(days=2)
        meeting = MeetingFactory(published_at=later)
        meeting.status = PublicationStatus.PUBLISHED
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.published_at == later
        assert not Meeting.objects.published().exists()


class TestParticipationOrder:
    def test_left_empty_the_order_is_the_next_free_position(self):
        meeting = MeetingFactory()
        first = Participation.objects.create(meeting=meeting, country=CountryFactory(), order=None)
        second = Participation.objects.create(meeting=meeting, country=CountryFactory(), order=None)
        assert (first.order, second.order) == (1, 2)

    def test_two_participations_cannot_share_a_position(self):
        existing = ParticipationFactory(order=3)
        clash = Participation(meeting=existing.meeting, country=CountryFactory(), order=3)
        with pytest.raises(ValidationError) as excinfo:
            clash.full_clean()
        assert "already has a participant at this position" in str(excinfo.value)


class TestFeaturedSeries:
    def test_at_most_one_series_is_featured(self):
        MeetingSeriesFactory(featured=True)
        second = MeetingSeriesFactory.build(name="Second", short_name="S", slug="second")
        second.featured = True
        with pytest.raises(ValidationError) as caught:
            second.full_clean()
        assert caught.value.messages == ["Another series is already featured: unfeature it first."]
        with pytest.raises(IntegrityError), transaction.atomic():
            second.save()
        second.featured = False
        second.save()  # any number of series that are not featured
        MeetingSeriesFactory(featured=False)
