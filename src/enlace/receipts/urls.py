from django.urls import path

from . import views

app_name = "receipts"

urlpatterns = [
    path("", views.handover_list_view, name="handover-list"),
    path("<int:repatriation_id>/record/", views.handover_offer_view, name="handover-offer"),
    path("receipts/<uuid:receipt_id>/", views.receipt_detail_view, name="receipt-detail"),
    path(
        "receipts/<uuid:receipt_id>/confirm/", views.handover_confirm_view, name="handover-confirm"
    ),
    path("receipts/<uuid:receipt_id>/print/", views.receipt_print_view, name="receipt-print"),
    path("receipts/<uuid:receipt_id>/file/", views.receipt_file_view, name="receipt-file"),
]
