"""The manifest pages this app serves. ``repatriation:manifest-detail``
(``<manifest_id>/``), the manifest with its plans, is assembled in ``enlace.web`` and added
to this namespace by the project's URLconf (``enlace.web.homes.manifest``)."""

from django.urls import path

from . import views

app_name = "repatriation"

urlpatterns = [
    path("", views.manifest_list_view, name="manifest-list"),
    path("upload/", views.manifest_upload_view, name="manifest-upload"),
    path("format/", views.manifest_format_view, name="manifest-format"),
    path("format/template.csv", views.manifest_template_view, name="manifest-template"),
    path("uploads/<uuid:token>/", views.upload_detail_view, name="upload-detail"),
    path("uploads/<uuid:token>/report.csv", views.upload_report_view, name="upload-report"),
    path("uploads/<uuid:token>/submit/", views.upload_submit_view, name="upload-submit"),
    path("<str:manifest_id>/report.csv", views.manifest_report_view, name="manifest-report"),
]
