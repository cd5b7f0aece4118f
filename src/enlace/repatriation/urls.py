from django.urls import path

from . import views

app_name = "repatriation"

urlpatterns = [
    path("", views.manifest_list_view, name="manifest-list"),
    path("<str:manifest_id>/", views.manifest_detail_view, name="manifest-detail"),
]
