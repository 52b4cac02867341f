"""/api/v1/: the open-data API's addresses (outside the languages: both are in every answer)."""

app_name = "api"

urlpatterns = []
