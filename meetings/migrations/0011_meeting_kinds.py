"""Meeting kinds become data (MeetingKind) that editors extend in the admin, with their
Japanese names: the three kinds the code knew (dialogue, ministerial, other), with the
same English nouns so derived titles do not change, and kinds other series need.

Editors may view, add and change kinds, publishers delete them too (as for the other
records: programmes/migrations/0002_editor_and_publisher_groups.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# slug, name (en, ja), noun in derived titles (en, ja), numbered, order
KINDS = [
    ("dialogue", "Working-level dialogue", "実務者レベル対話", "Dialogue", "対話", True, 1),
    (
        "ministerial", "Ministerial dialogue", "閣僚級対話", "Ministerial Dialogue", "閣僚級対話",
        False, 2,
    ),
    (
        "ministers-meeting", "Ministers meeting", "大臣会合", "Ministers Meeting", "大臣会合",
        True, 3,
    ),
    (
        "senior-officials-meeting", "Senior officials meeting", "高級実務者会合",
        "Senior Officials Meeting", "高級実務者会合", True, 4,
    ),
    ("working-group", "Working group", "作業部会", "Working Group Meeting", "作業部会", False, 5),
    ("summit", "Summit", "首脳会議", "Summit", "首脳会議", False, 6),
    ("workshop", "Workshop", "ワークショップ", "Workshop", "ワークショップ", False, 7),
    ("other", "Other meeting", "その他の会合", "Meeting", "会合", False, 100),
]  # fmt: skip


def add_kinds(apps, schema_editor):
    kind_model = apps.get_model("meetings", "MeetingKind")
    for slug, name, name_ja, noun, noun_ja, numbered, order in KINDS:
        kind_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name, "name_en": name, "name_ja": name_ja, "noun": noun,
                "noun_en": noun, "noun_ja": noun_ja, "numbered": numbered, "order": order,
            },
        )  # fmt: skip

    app_config = apps.get_app_config("meetings")
    app_config.models_module = True  # a stub's flag, which create_permissions checks
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group, actions in (("Editor", ["view", "add", "change"]), ("Publisher", ["delete"])):
        found, _created = group_model.objects.get_or_create(name=group)
        codenames = [f"{action}_meetingkind" for action in actions]
        if group == "Publisher":
            codenames += ["view_meetingkind", "add_meetingkind", "change_meetingkind"]
        found.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="meetings", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0010_import_record_to_exchange"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(help_text="How files and links name it.", unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("name_en", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                ("name_ja", models.CharField(max_length=100, null=True, unique=True, verbose_name="name")),
                ("noun", models.CharField(help_text='Derived titles are the number and this noun: "Dialogue" gives "Ninth Dialogue".', max_length=100, verbose_name="noun in titles")),
                ("noun_en", models.CharField(default="", help_text='Derived titles are the number and this noun: "Dialogue" gives "Ninth Dialogue".', max_length=100, verbose_name="noun in titles")),
                ("noun_ja", models.CharField(default="", help_text='Derived titles are the number and this noun: "Dialogue" gives "Ninth Dialogue".', max_length=100, verbose_name="noun in titles")),
                ("numbered", models.BooleanField(default=False, help_text="Meetings of this kind are numbered in their series: the number is required.", verbose_name="numbered")),
                ("order", models.PositiveSmallIntegerField(default=100, verbose_name="display order")),
            ],
            options={
                "verbose_name": "meeting kind",
                "verbose_name_plural": "meeting kinds",
                "ordering": ["order", "slug"],
            },
        ),
        migrations.RunPython(add_kinds, migrations.RunPython.noop),
    ]  # fmt: skip
