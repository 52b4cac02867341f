"""manage.py export_popolo: the whole published record as Popolo JSON (api/popolo.py),
to a file or to stdout, for a data portal or a one-off copy; the same bytes as
/api/v1/popolo.json for the same site address."""

from django.core.management.base import BaseCommand

from api.popolo import render


class Command(BaseCommand):
    help = "Write the published record as Popolo JSON (docs/api-popolo.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="The file to write (default: stdout).")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000/",
            help="The public site's address, for the links (e.g. https://dialogue.example.org/).",
        )

    def handle(self, *args, output=None, base_url, **options):
        content = render(base_url)
        if output:
            with open(output, "wb") as file:
                file.write(content)
            self.stderr.write(f"Wrote {len(content)} bytes to {output}.")
        else:
            self.stdout.write(content.decode())
