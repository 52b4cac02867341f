"""The meeting's start date box in a real browser: it shows a month-precision date as
"2008-03", the admin's calendar and "Today" still write a full date into it, and what is
saved has the precision of what the box holds."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.dates import DatePrecision
from meetings.models import Meeting
from tests.browser.test_csp import PASSWORD, Watch, sign_in


@pytest.fixture
def editor_in_chief(transactional_db):
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@example.org", password=PASSWORD
    )


@pytest.fixture
def watch(page):
    watch = Watch(page)
    watch.errors = []
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return watch


def test_the_calendar_writes_a_day_into_a_month_precision_date(site, watch, editor_in_chief):
    page = watch.page
    meeting = Meeting.objects.filter(date_precision=DatePrecision.MONTH, end_date=None).first()
    sign_in(watch, site)
    watch.goto(f"{site}/admin/meetings/meeting/{meeting.pk}/change/")
    box = page.locator("#id_start_date")
    expect(box).to_have_value(meeting.start_date.strftime("%Y-%m"))
    expect(page.locator("#id_date_precision")).to_have_count(0)

    # The calendar opens on a partial date (on the current month: it reads full dates
    # only) and writes the day picked as YYYY-MM-DD.
    page.locator(".field-start_date .date-icon").click()
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    calendar.locator("td a", has_text=re.compile(r"^12$")).click()
    expect(box).to_have_value(re.compile(r"^\d{4}-\d{2}-12$"))
    picked = datetime.date.fromisoformat(box.input_value())

    # "Today" too.
    page.locator(".field-start_date .datetimeshortcuts a", has_text="Today").click()
    expect(box).to_have_value(datetime.date.today().isoformat())
    box.fill(picked.isoformat())
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".messagelist .success")).to_be_visible()
    meeting.refresh_from_db()
    assert (meeting.start_date, meeting.date_precision) == (picked, DatePrecision.DAY)

    # A year typed by hand, with the calendar beside it.
    watch.goto(f"{site}/admin/meetings/meeting/{meeting.pk}/change/")
    page.locator("#id_start_date").fill("2009")
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state("networkidle")
    meeting.refresh_from_db()
    assert (meeting.start_date, meeting.date_precision) == (
        datetime.date(2009, 1, 1),
        DatePrecision.YEAR,
    )
    watch.assert_clean()
    assert watch.errors == []
