"""The text already recorded is the English text: copy it into the ``_en`` columns.

Each translated field keeps its original column (django-modeltranslation reads and
writes the ``_en`` / ``_ja`` ones); before this migration the original column held the
English text, so an existing database keeps its whole record, and its history, in
English, with the Japanese columns empty (falling back to English). Going back copies the
English columns into the original ones, so nothing edited since is lost.
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

# model -> translated fields; each model's history table too, where it has one.
TRANSLATED = {
    "country": ("name",),
    "organisation": ("name",),
    "meetingseries": ("name", "short_name", "description"),
    "meeting": ("title", "outline", "venue", "city"),
    "historicalmeeting": ("title", "outline", "venue", "city"),
    "participation": ("title",),
    "historicalparticipation": ("title",),
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("meetings", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("meetings", model_name)
        model.objects.update(**{field: Coalesce(f"{field}_en", field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_translations")]

    operations = [migrations.RunPython(copy_into_english, copy_back)]
