from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("propose/<str:manifest_id>/", views.plan_propose_view, name="plan-propose"),
    path("<int:plan_id>/", views.plan_detail_view, name="plan-detail"),
    path("<int:plan_id>/accept/", views.plan_accept_view, name="plan-accept"),
]
