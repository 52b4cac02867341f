"""Keeping the search index current on every write (connected in SearchConfig.ready).

- A save or delete of a record whose text an entry holds (``DEPENDENCIES``) reindexes
  those entries at once, in the same transaction: a meeting's own entry, and for a
  person, a country, a participation, a programme or a discussion, the entries that show
  their names or titles (a renamed or (un)published programme: the meetings that
  discussed it, in one statement whatever their number).
- No many-to-many relation is searched (a programme's themes and countries, a series'
  organisers): ``m2m_changed`` needs no receiver. Who took part in a meeting is a model of
  its own (Participation, the meeting form's inline): its saves and deletes reindex.
  A text added to a kind (kinds.py) needs its models here too.
- A bulk write (imports, the site restore, the demo data: ``core.models.content_changed``)
  reindexes every kind that depends on the model written, in set-based SQL; without a
  model, every kind.
- After ``migrate``, an empty index is filled (a first deploy), and a kind whose texts
  changed in a release (``REINDEX_AFTER``: a migration of this app) is written again.

Publishing needs none of this: the search checks ``published()`` when it runs.
"""

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save

from core.models import public_content_changed

from . import indexing
from .models import SearchEntry


def _same(pks):
    return pks


def _meetings_hosted(pks):
    return apps.get_model("meetings.Meeting").objects.filter(host_country__in=pks).values("pk")


def _participations_of(pks):
    return apps.get_model("meetings.Participation").objects.filter(person__in=pks).values("pk")


def _meetings_attended(pks):
    participations = apps.get_model("meetings.Participation").objects
    return participations.filter(person__in=pks).values("meeting")


def _meetings_of(pks):
    participations = apps.get_model("meetings.Participation").objects
    return participations.filter(pk__in=pks).values("meeting")


def _meetings_discussing(pks):
    discussions = apps.get_model("programmes.Discussion").objects
    return discussions.filter(programme__in=pks).values("meeting")


def _meetings_of_discussions(pks):
    discussions = apps.get_model("programmes.Discussion").objects
    return discussions.filter(pk__in=pks).values("meeting")


def _documents_of_meetings(pks):
    return apps.get_model("documents.Document").objects.filter(meeting__in=pks).values("pk")


def _documents_of_programmes(pks):
    return apps.get_model("documents.Document").objects.filter(programme__in=pks).values("pk")


# Model label -> {kind: the source rows of that kind to reindex, from the model's pks}.
DEPENDENCIES = {
    "meetings.Meeting": {"meetings": _same, "documents": _documents_of_meetings},
    "meetings.Country": {"meetings": _meetings_hosted},  # the host country's name
    "meetings.Person": {"people": _participations_of, "meetings": _meetings_attended},
    "meetings.Participation": {"people": _same, "meetings": _meetings_of},
    "meetings.Organisation": {"organisations": _same},
    # The names and acronyms of the programmes a meeting discussed (published ones).
    "programmes.Programme": {
        "programmes": _same,
        "meetings": _meetings_discussing,
        "documents": _documents_of_programmes,  # the name each document shows
    },
    "programmes.Discussion": {"meetings": _meetings_of_discussions},
    "documents.Document": {"documents": _same},
}
# The kind whose entries are the model's own rows (deleted with them).
OWN_KIND = {
    "meetings.Meeting": "meetings",
    "meetings.Participation": "people",
    "meetings.Organisation": "organisations",
    "programmes.Programme": "programmes",
    "documents.Document": "documents",
}


# Migrations of this app after which a kind's entries are written again (what it holds
# changed): {(app, migration name): kinds}. Done after the whole migrate, by today's code.
REINDEX_AFTER = {
    ("search", "0003_programmes_in_meetings"): ("meetings",),
    ("search", "0004_documents"): ("documents",),
}


def discussion_moving(sender, instance, raw=False, **kwargs):
    """Before a discussion is saved: the meeting it was at, which may lose the programme."""
    if instance.pk and not raw:
        instance._search_meeting_before = (
            sender.objects.filter(pk=instance.pk).values_list("meeting_id", flat=True).first()
        )


def programme_deleting(sender, instance, **kwargs):
    """Before a programme is deleted: its meetings, found while its discussions exist."""
    instance._search_meetings = list(_meetings_discussing([instance.pk]))


def _deleted_with(origin, *labels):
    """Whether the delete started from a record (or a queryset) of one of ``labels``."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return getattr(model, "_meta", None) is not None and model._meta.label in labels


def record_saved(sender, instance, **kwargs):
    label = sender._meta.label
    if label == "programmes.Discussion":
        # A discussion moved to another meeting leaves the old one without the programme.
        before = getattr(instance, "_search_meeting_before", None)
        indexing.reindex("meetings", list({instance.meeting_id, before} - {None}))
        return
    if label == "meetings.Participation":
        # A participation moved to another meeting leaves the old one's names behind.
        before = SearchEntry.objects.filter(kind="people", object_id=instance.pk)
        meetings = {instance.meeting_id, *before.values_list("via_meeting_id", flat=True)}
        indexing.reindex("people", [instance.pk])
        indexing.reindex("meetings", [pk for pk in meetings if pk is not None])
        return
    for kind, affected in DEPENDENCIES[label].items():
        indexing.reindex(kind, affected([instance.pk]))


def record_deleted(sender, instance, **kwargs):
    label = sender._meta.label
    if label in OWN_KIND:
        indexing.remove(OWN_KIND[label], [instance.pk])
    if label == "meetings.Participation":
        indexing.reindex("meetings", [instance.meeting_id])
    if label == "programmes.Discussion" and not _deleted_with(
        kwargs.get("origin"), "meetings.Meeting", "programmes.Programme"
    ):
        # (With its meeting, the entry is gone; with its programme, done below, once.)
        indexing.reindex("meetings", [instance.meeting_id])
    meetings = [row["meeting"] for row in getattr(instance, "_search_meetings", ())]
    if label == "programmes.Programme" and meetings:
        indexing.reindex("meetings", meetings)
    # (A person, or a country, cannot be deleted while a participation or meeting names
    # them: no entry holds their text then.)


def bulk_written(sender=None, **kwargs):
    """``content_changed(sender=model)``: every kind that depends on the model, rebuilt;
    without a model, the whole index."""
    if sender is None:
        indexing.rebuild()
        return
    for kind in DEPENDENCIES.get(sender._meta.label, {}):
        indexing.reindex(kind)


def fill_if_empty(sender, using="default", plan=None, **kwargs):
    """After migrate: an empty index over a record that has rows is filled (once); the
    kinds of ``REINDEX_AFTER`` migrations just applied are written again."""
    if sender.name != "search":
        return
    if not SearchEntry.objects.using(using).exists():
        if any(apps.get_model(label).objects.using(using).exists() for label in OWN_KIND):
            indexing.rebuild()
        return
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    for kind in dict.fromkeys(
        k for key in applied & REINDEX_AFTER.keys() for k in REINDEX_AFTER[key]
    ):
        indexing.reindex(kind)


def connect():
    for label in DEPENDENCIES:
        model = apps.get_model(label)
        uid = f"search-index-{label}"
        post_save.connect(record_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(record_deleted, sender=model, dispatch_uid=uid)
    discussion, programme = (
        apps.get_model("programmes.Discussion"),
        apps.get_model("programmes.Programme"),
    )
    pre_save.connect(discussion_moving, sender=discussion, dispatch_uid="search-index-moving")
    pre_delete.connect(programme_deleting, sender=programme, dispatch_uid="search-index-deleting")
    public_content_changed.connect(bulk_written, dispatch_uid="search-index-bulk")
    post_migrate.connect(fill_if_empty, dispatch_uid="search-index-migrate")
