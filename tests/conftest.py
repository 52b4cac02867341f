"""Shared fixtures: users in the groups the data migration creates, and their clients.

``pytest-django`` already provides ``client``, ``admin_user`` and ``admin_client``; the
fixtures here add an Editor and a Publisher, who are staff members whose rights come only
from their group, exactly as ministry staff get them.
"""

import tempfile

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from dialogues_site import page_cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (pages cached from one test's data, rolled
    back at its end without any signal, must not answer the next test's requests) and a
    page cache that knows the fresh test database has nothing scheduled."""
    cache.clear()
    page_cache.new_version(next_publish=page_cache.NOTHING_SCHEDULED)


@pytest.fixture(autouse=True)
def media_of_this_test(settings, tmp_path):
    """Uploaded files go to a folder of this test alone (a rolled-back test leaves none
    behind for the next, and a test can count what was stored)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts and ends in English. A request to a /ja/ page leaves Japanese
    active in the thread (LocaleMiddleware does not switch back), and ``obj.title = ...``
    writes the active language's column: without this a later test would write Japanese."""
    translation.activate("en")
    yield
    translation.activate("en")


def make_staff_user(django_user_model, username, group_name=None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-password"
    )
    user.is_staff = True
    user.save()
    if group_name:
        # The group must come from the data migration: a test never creates it.
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_user(db, django_user_model):
    return make_staff_user(django_user_model, "editor", "Editor")


@pytest.fixture
def publisher_user(db, django_user_model):
    return make_staff_user(django_user_model, "publisher", "Publisher")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="super", email="super@example.org", password="a-long-test-password"
    )


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor_user):
    return logged_in_client(editor_user)


@pytest.fixture
def publisher_client(publisher_user):
    return logged_in_client(publisher_user)


@pytest.fixture
def superuser_client(superuser):
    return logged_in_client(superuser)


@pytest.fixture
def temporary_folder(tmp_path, monkeypatch):
    """Uploads wait between preview and confirm in the temporary folder: the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path
