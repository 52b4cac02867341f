"""The search page: /search/ (and /ja/search/), named "search" in the root namespace.

Included without a namespace, so ``{% url 'search' %}``, the page cache and robots.txt
keep naming it as before.
"""

from django.urls import path

from .views import SearchView

urlpatterns = [
    path("", SearchView.as_view(), name="search"),
]
