"""Editors view, add and change documents; Publishers also delete and publish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = ["view_document", "add_document", "change_document"]
PUBLISHER = [*EDITOR, "delete_document", "publish_document"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("documents")
    app_config.models_module = True  # a stub's flag, which create_permissions checks
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="documents", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0002_editor_and_publisher_groups"),
        ("documents", "0002_file_checks"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
