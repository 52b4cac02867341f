"""Fill the database with realistic synthetic records (the generator is the seed/demo_data package).

    python manage.py generate_demo_data --series 20 --meetings 10000 \\
        --participations 50000 --programmes 1000 --discussions 20000 --seed 1
    python manage.py generate_demo_data --clear      # remove what it generated
"""

import time

from django.core.management.base import BaseCommand, CommandError

from core.models import content_changed
from seed import demo_data


class Command(BaseCommand):
    help = (
        "Generate synthetic series, meetings, participants, programmes and discussions "
        "(published, drafts and a few scheduled), reproducible from --seed. Generated "
        f"series, meetings, programmes, people, organisations and funds have slugs starting "
        f"'{demo_data.PREFIX}'; --clear removes them and nothing else. Rows are written in "
        "bulk: no history versions are recorded for them."
    )

    def add_arguments(self, parser):
        for name, what in [
            ("series", "meeting series"),
            ("meetings", "meetings, spread over the series"),
            ("participations", "participations, spread over the meetings"),
            ("programmes", "programmes"),
            ("discussions", "discussions: distinct (meeting, programme) pairs"),
        ]:
            parser.add_argument(f"--{name}", type=int, default=0, metavar="N", help=f"{what}")
        parser.add_argument(
            "--seed", type=int, default=0, help="random seed: the same seed, the same data"
        )
        parser.add_argument(
            "--draft-share",
            type=float,
            default=0.1,
            metavar="SHARE",
            help="share of meetings and programmes left as drafts (default 0.1)",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="first delete previously generated demo data (never the seed or other records)",
        )

    def handle(self, *args, **options):
        sizes = demo_data.Sizes(**{f: options[f] for f in demo_data.Sizes.__dataclass_fields__})
        problems = demo_data.check(sizes, options["draft_share"])
        if problems:
            raise CommandError(" ".join(problems))
        if not options["clear"] and not any(vars(sizes).values()):
            raise CommandError(
                "Nothing to do: give --series, --meetings, --participations, --programmes "
                "(and --discussions), or --clear."
            )
        quiet = options["verbosity"] == 0
        if options["clear"]:
            deleted = demo_data.clear()
            content_changed()  # bulk deletes send no model signals: tell the page cache
            if not quiet:
                self.stdout.write(f"Cleared demo data: {demo_data.describe(deleted)}.")
        if not any(vars(sizes).values()):
            return
        started = time.perf_counter()
        counts = demo_data.generate(
            sizes,
            seed=options["seed"],
            draft_share=options["draft_share"],
            progress=demo_data.ProgressBar(None if quiet else self.stderr),
        )
        content_changed()  # bulk writes send no model signals: tell the page cache
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {demo_data.describe(counts)} "
                    f"in {time.perf_counter() - started:.1f} s."
                )
            )
