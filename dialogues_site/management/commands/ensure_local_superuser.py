"""Create a local superuser if there is none, printing its password once.

For `make run` on a laptop; it refuses in production mode, where editors are created
with `createsuperuser` or in the admin.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local superuser 'admin' with a generated password if no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.LOCAL_MODE:
            raise CommandError("Refusing to create a local superuser in production mode.")
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(f"Superuser '{existing.get_username()}' exists; sign in with it.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the local superuser '{username}' with the password: {password}\n"
                "It is shown only this once; change it in the admin or with "
                f"`python manage.py changepassword {username}`."
            )
        )
