"""Published meetings and participations written in one query each.

The query-count tests of the meeting, directory and programme pages fill the record
with hundreds of rows this way; through the factories it would take minutes.
"""

import datetime

from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Meeting, Participation
from tests.factories import CountryFactory, MeetingSeriesFactory, kind_named


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def published_meetings(count, series, host_country, slug, **fields):
    """``count`` published dialogues of ``series``, a day apart from 1 January 2000, each
    slug ``slug`` formatted with the series and the meeting's number."""
    published_at = an_hour_ago()
    dialogue = kind_named("dialogue")
    return Meeting.objects.bulk_create(
        Meeting(
            series=series,
            kind=dialogue,
            number=index + 1,
            title=f"Bulk Dialogue {index + 1}",
            slug=slug.format(series=series, number=index + 1),
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
            city="Bulk City",
            host_country=host_country,
            status=PublicationStatus.PUBLISHED,
            published_at=published_at,
            **fields,
        )
        for index in range(count)
    )


def bulk_published_meetings(count, host_country=None):
    """``count`` published meetings written in one query (for the query-count tests)."""
    series = MeetingSeriesFactory()
    host_country = host_country or CountryFactory()
    return published_meetings(count, series, host_country, "{series.slug}-bulk-{number}")


def bulk_meetings(count, series, host, **extra):
    """``count`` published meetings, created in one query."""
    published_meetings(
        count,
        series,
        host,
        "bulk-dialogue-{series.pk}-{number}",
        outline="A bulk meeting.",
        **extra,
    )


def bulk_participations(meetings, **fields):
    return Participation.objects.bulk_create(
        Participation(
            meeting=meeting, order=1, role=Participation.Role.DELEGATE, title="Director", **fields
        )
        for meeting in meetings
    )
