"""Keeping the search index current on every write (connected in SearchConfig.ready).

- A save or delete of a record whose text an entry holds (``DEPENDENCIES``) reindexes
  those entries at once, in the same transaction: a meeting's own entry, and for a
  person, a country or a participation, the entries that show their names or titles.
- No many-to-many relation is searched (a programme's themes and countries, a series'
  organisers): ``m2m_changed`` needs no receiver. Who took part in a meeting is a model of
  its own (Participation, the meeting form's inline): its saves and deletes reindex.
  A text added to a kind (kinds.py) needs its models here too.
- A bulk write (imports, the site restore, the demo data: ``core.models.content_changed``)
  reindexes every kind that depends on the model written, in set-based SQL; without a
  model, every kind.
- After ``migrate``, an empty index is filled (a first deploy).

Publishing needs none of this: the search checks ``published()`` when it runs.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save

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


# Model label -> {kind: the source rows of that kind to reindex, from the model's pks}.
DEPENDENCIES = {
    "meetings.Meeting": {"meetings": _same},
    "meetings.Country": {"meetings": _meetings_hosted},  # the host country's name
    "meetings.Person": {"people": _participations_of, "meetings": _meetings_attended},
    "meetings.Participation": {"people": _same, "meetings": _meetings_of},
    "meetings.Organisation": {"organisations": _same},
    "programmes.Programme": {"programmes": _same},
}
# The kind whose entries are the model's own rows (deleted with them).
OWN_KIND = {
    "meetings.Meeting": "meetings",
    "meetings.Participation": "people",
    "meetings.Organisation": "organisations",
    "programmes.Programme": "programmes",
}


def record_saved(sender, instance, **kwargs):
    label = sender._meta.label
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


def fill_if_empty(sender, using="default", **kwargs):
    """After migrate: an empty index over a record that has rows is filled (once)."""
    if sender.name != "search" or SearchEntry.objects.using(using).exists():
        return
    if any(apps.get_model(label).objects.using(using).exists() for label in OWN_KIND):
        indexing.rebuild()


def connect():
    for label in DEPENDENCIES:
        model = apps.get_model(label)
        uid = f"search-index-{label}"
        post_save.connect(record_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(record_deleted, sender=model, dispatch_uid=uid)
    public_content_changed.connect(bulk_written, dispatch_uid="search-index-bulk")
    post_migrate.connect(fill_if_empty, dispatch_uid="search-index-migrate")
