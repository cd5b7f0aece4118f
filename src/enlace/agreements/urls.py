from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list_view, name="agreement-list"),
    path("<slug:code>/", views.agreement_detail_view, name="agreement-detail"),
]
