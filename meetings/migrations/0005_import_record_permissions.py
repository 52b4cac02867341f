"""Editors and Publishers may see the import records (who imported which file, and how
it went); nobody changes them. Permissions are created here first, as in
programmes/migrations/0002, so the migration also runs on an empty database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editor", "Publisher"]


def view_permission(apps):
    app_config = apps.get_app_config("meetings")
    # A migration's app configs are stubs without models_module, which
    # create_permissions checks; mark it as having models for the call.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="meetings", codename="view_importrecord")


def grant(apps, schema_editor):
    permission = view_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="meetings", codename="view_importrecord"
    ).first()
    if permission is not None:
        for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_import_record"),
        ("programmes", "0002_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
