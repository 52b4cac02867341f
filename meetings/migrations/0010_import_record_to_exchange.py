"""ImportRecord now belongs to the exchange app (exchange/migrations/0001_initial.py):
removed from this app's state only; the table and its rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_list_indexes"),
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
            database_operations=[],
        ),
    ]
