"""The statistics' URLs, included by ``enlace.web.urls`` without a namespace of their own:
the CSV keeps its address (``/statistics.csv``) and its name (``web:statistics-csv``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("statistics.csv", views.statistics_csv, name="statistics-csv"),
]
