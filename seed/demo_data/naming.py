"""Names and slugs for new records: never one already taken, always recognisable.

Every generated slug starts with ``PREFIX``, which is how ``clear()`` finds the demo
rows and leaves everything else alone.
"""

PREFIX = "demo-"  # every generated series, meeting, programme, person, organisation, fund


class Slugs:
    """New slugs for one table: ``base``, else ``base-2``, ``base-3``..., never one taken."""

    def __init__(self, taken, max_length):
        self.taken, self.max_length = set(taken), max_length
        self.next_suffix = {}  # so the thousandth "kenji-tanaka" costs no more than the first

    def __call__(self, base):
        base = base[: self.max_length - 8].rstrip("-")
        slug = base
        if slug in self.taken:
            n = self.next_suffix.get(base, 2)
            while f"{base}-{n}" in self.taken:
                n += 1
            slug, self.next_suffix[base] = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def unique_name(name, taken, suffixes):
    """``name``, or it with the first of ``suffixes`` (or a number) that makes it new."""
    candidates = [name] + [f"{name}, {s}" for s in suffixes]
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    n = len(candidates) + 1
    while f"{name} ({n})" in taken:
        n += 1
    taken.add(f"{name} ({n})")
    return f"{name} ({n})"


def acronym(name):
    letters = "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())
    return letters[:30] if len(letters) >= 2 else ""
