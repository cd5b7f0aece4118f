from django.urls import path

from . import views, views_statistics

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("statistics.csv", views_statistics.statistics_csv, name="statistics-csv"),
]
