"""A meeting's entry now holds the names and acronyms of the programmes it discussed
(search/kinds.py). No change of the table: once ``migrate`` has run, the meetings'
entries are written again by today's code (``search.signals.REINDEX_AFTER``), so no
``rebuild_search_index`` is needed after this upgrade.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_japanese_bigrams")]

    operations = []
