"""Each meeting (and each of its versions) refers to its MeetingKind: a new column filled
from the old text one ("dialogue" -> the kind with that slug). 0013 then drops the text
column and gives the new one its name, ``kind`` (column ``kind_id``)."""

import django.db.models.deletion
from django.db import migrations, models


def refer_to_kinds(apps, schema_editor):
    kinds = dict(apps.get_model("meetings", "MeetingKind").objects.values_list("slug", "pk"))
    for model_name in ("meeting", "historicalmeeting"):
        model = apps.get_model("meetings", model_name)
        for slug, pk in kinds.items():
            model.objects.filter(kind=slug).update(kind_ref=pk)
        # A value the old choices did not have (none expected): kept as "other".
        model.objects.filter(kind_ref__isnull=True).update(kind_ref=kinds["other"])


def back_to_text(apps, schema_editor):
    kinds = apps.get_model("meetings", "MeetingKind").objects.all()
    for model_name in ("meeting", "historicalmeeting"):
        model = apps.get_model("meetings", model_name)
        for kind in kinds:
            model.objects.filter(kind_ref=kind.pk).update(kind=kind.slug[:20])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_meeting_kinds")]

    operations = [
        migrations.RemoveConstraint(
            model_name="meeting", name="meeting_number_unique_in_series_and_kind"
        ),
        migrations.RemoveIndex(model_name="meeting", name="meeting_kind_order"),
        migrations.AddField(
            model_name="meeting",
            name="kind_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="meetings.meetingkind",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="kind_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.meetingkind",
            ),
        ),
        migrations.RunPython(refer_to_kinds, back_to_text),
    ]
