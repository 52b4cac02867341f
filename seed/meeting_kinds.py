"""The meeting kinds every record starts with (meetings/migrations/0011_meeting_kinds.py
adds the same): the Japan-ASEAN Dialogue's three, and those other series need. Editors
add more in the admin; load_seed and the demo generator make sure these exist."""

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


def values_of(row):
    """{field: value} of a row of KINDS, in each language's column."""
    _slug, name, name_ja, noun, noun_ja, numbered, order = row
    return {
        "name_en": name, "name_ja": name_ja, "noun_en": noun, "noun_ja": noun_ja,
        "numbered": numbered, "order": order,
    }  # fmt: skip


def kinds(*slugs):
    """The kinds of ``slugs`` ({slug: MeetingKind}), created from KINDS if missing."""
    from meetings.models import MeetingKind

    rows = {row[0]: row for row in KINDS}
    return {
        slug: MeetingKind.objects.get_or_create(slug=slug, defaults=values_of(rows[slug]))[0]
        for slug in slugs
    }
