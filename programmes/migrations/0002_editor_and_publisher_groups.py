"""The Editor and Publisher groups.

Editor: view, add and change every content model. Publisher: Editor plus delete and
the publish permissions. Permissions are normally created after migrations run, so they
are created here first; the migration can then run on an empty database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "meetings": ["meetingseries", "meeting", "country", "organisation", "person", "participation"],
    "programmes": ["theme", "fund", "programme", "discussion"],
}
PUBLISH_PERMISSIONS = [("meetings", "publish_meeting"), ("programmes", "publish_programme")]


def create_groups(apps, schema_editor):
    for app_label in CONTENT_MODELS:
        # A migration's app configs are stubs without models_module, which
        # create_permissions checks; mark them as having models for the call.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions):
        found = []
        for app_label, models in CONTENT_MODELS.items():
            for model in models:
                for action in actions:
                    found.append(
                        Permission.objects.get(
                            content_type__app_label=app_label, codename=f"{action}_{model}"
                        )
                    )
        return found

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*perms(["view", "add", "change"]))

    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.add(*perms(["view", "add", "change", "delete"]))
    publisher.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PUBLISH_PERMISSIONS
        ]
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_initial"),
        ("programmes", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
