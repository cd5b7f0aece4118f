from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list_view, name="person-list"),
    path("<int:person_id>/", views.person_detail_view, name="person-detail"),
]
