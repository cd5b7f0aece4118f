from django.urls import include, path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("enlace.stats.urls")),  # statistics.csv (web:statistics-csv)
]
