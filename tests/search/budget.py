"""The queries a search costs, pinned by the tests: for each of the five kinds its first
entries (on PostgreSQL in a savepoint of their own with the planner's settings:
SAVEPOINT, set_config, the entries, RELEASE; a request outside the tests' transaction
pays none of these three), then, for each kind with entries found, its records ranked."""

from django.db import connection

KINDS = 5
FIRST_ENTRIES = 4 if connection.vendor == "postgresql" else 1


def search_queries(kinds_found=KINDS, documents_found=None):
    """...and, when documents are found, one more: where the words are in their texts (the
    page and the excerpt), for the documents shown. By default every kind is found."""
    if documents_found is None:
        documents_found = kinds_found == KINDS
    return KINDS * FIRST_ENTRIES + kinds_found + (1 if documents_found else 0)
