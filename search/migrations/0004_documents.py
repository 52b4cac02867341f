"""Documents are searched (search/kinds.py): an entry links its document. Once ``migrate``
has run, the documents' entries are written (``search.signals.REINDEX_AFTER``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_editor_and_publisher_groups"),
        ("search", "0003_programmes_in_meetings"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="linked_document",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="search_entries",
                to="documents.document",
            ),
        ),
    ]
