"""The text already recorded is the English text: copy it into the ``_en`` columns.

As meetings/migrations/0008_english_text_into_translation_columns.py does for the
meetings app: the record and its history keep their text, in English, with the Japanese
columns empty (falling back to English); going back copies the English columns into the
original ones.
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

# model -> translated fields; the history table too.
TRANSLATED = {
    "theme": ("name",),
    "fund": ("name", "description"),
    "programme": ("name", "other_names", "summary", "description"),
    "historicalprogramme": ("name", "other_names", "summary", "description"),
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("programmes", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("programmes", model_name)
        model.objects.update(**{field: Coalesce(f"{field}_en", field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_translations")]

    operations = [migrations.RunPython(copy_into_english, copy_back)]
