from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "safety"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.incident_list_view, name="incident-list"),
    path("incidents.csv", views.incident_csv_view, name="incident-csv"),
    path("map/", views.map_view, name="map"),
    path("map/sectors.csv", views.map_csv_view, name="map-csv"),
    path("risk/", views.risk_view, name="risk"),
    path("cases/", views.cases_view, name="cases"),
    path("cases/missing/new/", views.missing_report_view, name="missing-record"),
    path("cases/remains/new/", views.remains_case_view, name="remains-record"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("rescues/new/", views.rescue_record_view, name="rescue-record"),
    path("risk/manage/", views.risk_manage_view, name="risk-manage"),
]
