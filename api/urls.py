"""/api/v1/: the open-data API's addresses (outside the languages: both are in every answer).

Each kind of record has a list (``api:<name>-list``) and a detail (``api:<name>-detail``)
by its natural key: a slug, a country's ISO code, or the id of a participation or a
discussion (they have no other stable name)."""

from django.urls import path

from . import views
from .docs import DocsView
from .views_popolo import PopoloView

app_name = "api"

RESOURCES = [
    # (URL segment, route name, key converter, resource, filtered list view)
    ("series", "series", "slug", views.Series, None),
    ("meetings", "meeting", "slug", views.Meetings, views.MeetingList),
    ("participations", "participation", "int", views.Participations, views.ParticipationList),
    ("people", "person", "slug", views.People, None),
    ("organisations", "organisation", "slug", views.Organisations, None),
    ("countries", "country", "str", views.Countries, None),
    ("programmes", "programme", "slug", views.Programmes, views.ProgrammeList),
    ("discussions", "discussion", "int", views.Discussions, views.DiscussionList),
    ("themes", "theme", "slug", views.Themes, None),
    ("funds", "fund", "slug", views.Funds, None),
    ("documents", "document", "slug", views.Documents, views.DocumentList),
]

urlpatterns = [
    path(
        "",
        views.ApiRoot.as_view(
            lists=[(segment, route) for segment, route, *_ in RESOURCES],
            others=("schema", "docs", "popolo"),
        ),
        name="root",
    ),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("popolo.json", PopoloView.as_view(), name="popolo"),
]
for segment, route, converter, resource, list_class in RESOURCES:
    list_view, detail_view = views.pair(resource, list_class)
    key = resource.lookup_field
    urlpatterns += [
        path(f"{segment}/", list_view.as_view(), name=f"{route}-list"),
        path(f"{segment}/<{converter}:{key}>/", detail_view.as_view(), name=f"{route}-detail"),
    ]
