from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(**kwargs):
    out = StringIO()
    call_command("ensure_local_superuser", stdout=out, **kwargs)
    return out.getvalue()


def test_creates_one_superuser_and_prints_a_working_password(client):
    output = run()

    password = output.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert client.login(username="admin", password=password)


def test_run_again_reuses_the_existing_superuser():
    run()
    output = run()

    assert "exists" in output
    assert "password:" not in output
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_refuses_in_production_mode(settings):
    settings.LOCAL_MODE = False
    with pytest.raises(CommandError, match="production"):
        run()
    assert not get_user_model().objects.exists()
