"""Removing what the generator wrote, and nothing else.

The demo rows are found by their ``demo-`` slugs; rows that records outside the demo
data still refer to (people, organisations, funds) stay, and so do countries and themes.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Q

from core.statistics import analyze_tables
from documents.models import Document
from meetings.models import Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Fund, Programme

from .naming import PREFIX
from .writing import counted_as


def clear():
    """Delete the generated records (``demo-`` slugs), never the seed's or an editor's.

    Meetings go with their demo series; people, organisations and funds go unless a
    record outside the demo data still refers to them. Countries and themes stay.

    Rows are deleted in bulk (``_raw_delete``, what ``QuerySet.delete()`` does for models
    without signals): the ordinary delete would load every row and write a "deleted"
    history version for each. Returns the number of rows deleted per model.
    """
    series = MeetingSeries.objects.filter(slug__startswith=PREFIX)
    meetings = Meeting.objects.filter(series__in=series.values("pk"))
    programmes = Programme.objects.filter(slug__startswith=PREFIX)
    steps = [
        Document.objects.filter(
            Q(meeting__in=meetings.values("pk")) | Q(programme__in=programmes.values("pk"))
        ),
        Discussion.objects.filter(
            Q(meeting__in=meetings.values("pk")) | Q(programme__in=programmes.values("pk"))
        ),
        Participation.objects.filter(meeting__in=meetings.values("pk")),
        Programme.themes.through.objects.filter(programme__in=programmes.values("pk")),
        Programme.countries.through.objects.filter(programme__in=programmes.values("pk")),
        MeetingSeries.organisers.through.objects.filter(meetingseries__in=series.values("pk")),
        meetings,
        programmes,
        series,
        # Evaluated after the rows above are gone: only what nothing else refers to.
        Person.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=Participation.objects.filter(person__isnull=False).values("person")
        ),
        Organisation.objects.filter(slug__startswith=PREFIX)
        .exclude(
            pk__in=Participation.objects.filter(organisation__isnull=False).values("organisation")
        )
        .exclude(pk__in=MeetingSeries.organisers.through.objects.values("organisation")),
        Fund.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=Programme.objects.filter(fund__isnull=False).values("fund")
        ),
    ]
    counts = Counter()
    with transaction.atomic():
        for queryset in steps:
            counts[counted_as(queryset.model)] += queryset._raw_delete(queryset.db)
        analyze_tables([queryset.model for queryset in steps])
    return counts
