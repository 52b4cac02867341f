"""The text column ``kind`` gives way to the reference filled by 0012, renamed ``kind``
(column ``kind_id``); the unique numbering and the list's index on the kind come back."""

import django.db.models.deletion
from django.db import migrations, models

import meetings.kinds


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_meeting_kind_reference")]

    operations = [
        migrations.RemoveField(model_name="meeting", name="kind"),
        migrations.RemoveField(model_name="historicalmeeting", name="kind"),
        migrations.RenameField(model_name="meeting", old_name="kind_ref", new_name="kind"),
        migrations.RenameField(
            model_name="historicalmeeting", old_name="kind_ref", new_name="kind"
        ),
        migrations.AlterField(
            model_name="meeting",
            name="kind",
            field=models.ForeignKey(
                default=meetings.kinds.first_kind,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="meetings.meetingkind",
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                default=meetings.kinds.first_kind,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.meetingkind",
                verbose_name="kind",
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["kind", "start_date", "id"], name="meeting_kind_order"),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                fields=("series", "kind", "number"),
                name="meeting_number_unique_in_series_and_kind",
                violation_error_message=(
                    "This series already has a meeting of this kind with this number."
                ),
            ),
        ),
    ]
