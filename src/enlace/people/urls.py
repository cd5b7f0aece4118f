from django.urls import path

from . import views

app_name = "people"

# The person page (``people:person-detail``, ``/people/<id>/``) spans apps: it is composed in
# ``enlace.web.person``, whose URLconf mounts these patterns and adds it.
urlpatterns = [
    path("", views.person_list_view, name="person-list"),
]
