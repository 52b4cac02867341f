"""ImportRecord moves here from meetings with its table and rows: the state changes, the
database does not (the table keeps its name, meetings_importrecord). Its content type
moves too, so the permissions that name it, and the groups that hold them, stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="meetings", target="exchange"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model="importrecord").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="exchange", target="meetings")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("meetings", "0009_list_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "started_at",
                            models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when"),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[("admin", "Admin"), ("command", "Command line")],
                                max_length=10,
                                verbose_name="from",
                            ),
                        ),
                        ("model", models.CharField(max_length=100, verbose_name="records")),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("file_sha256", models.CharField(max_length=64, verbose_name="file SHA-256")),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("imported", "Imported"),
                                    ("refused", "Refused (nothing written)"),
                                    ("dry_run", "Checked only (dry run)"),
                                ],
                                max_length=10,
                                verbose_name="outcome",
                            ),
                        ),
                        ("rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                        ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                        ("updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                        ("skipped", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                        (
                            "invalid",
                            models.PositiveIntegerField(default=0, verbose_name="rows with errors"),
                        ),
                        ("problems", models.TextField(blank=True, verbose_name="problems")),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "import record",
                        "verbose_name_plural": "import records",
                        "ordering": ["-started_at"],
                        "db_table": "meetings_importrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
