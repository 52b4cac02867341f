"""Series get a display order and one featured series (the home page's heading: the site's
own, named as settings.SITE_NAME, order 1); people's names get a column per language,
the English one filled from the name recorded (as 0007/0008 did for the other names)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    apps.get_model("meetings", "Person").objects.update(name_en=F("name"))
    series = apps.get_model("meetings", "MeetingSeries").objects
    series.filter(name_en=settings.SITE_NAME).update(featured=True, order=1)


def unfill(apps, schema_editor):
    apps.get_model("meetings", "Person").objects.exclude(name_en="").update(name=F("name_en"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_meeting_kind_foreign_key")]

    operations = [
        migrations.AlterModelOptions(
            name="meetingseries",
            options={
                "ordering": ["-featured", "order", "name"],
                "verbose_name": "meeting series",
                "verbose_name_plural": "meeting series",
            },
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="featured",
            field=models.BooleanField(
                default=False,
                help_text="The series the home page presents first, as its heading; one at most.",
                verbose_name="featured",
            ),
        ),
        migrations.AddField(
            model_name="meetingseries",
            name="order",
            field=models.PositiveSmallIntegerField(
                default=100,
                help_text="Lower first: on the home page, the timeline and the series filter.",
                verbose_name="display order",
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingseries",
            constraint=models.UniqueConstraint(
                condition=models.Q(("featured", True)),
                fields=("featured",),
                name="meeting_series_one_featured",
                violation_error_message="Another series is already featured: unfeature it first.",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="name_en",
            field=models.CharField(default="", max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="person",
            name="name_ja",
            field=models.CharField(default="", max_length=200, verbose_name="name"),
        ),
        migrations.RunPython(fill, unfill),
    ]
