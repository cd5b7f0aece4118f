from django.urls import path

from . import views

app_name = "consular"

urlpatterns = [
    path("", views.notification_list_view, name="notification-list"),
    path("<int:notification_id>/", views.notification_detail_view, name="notification-detail"),
    path("<int:notification_id>/answer/", views.notification_answer_view,
         name="notification-answer"),
    path("<int:notification_id>/notify/", views.notification_notify_view,
         name="notification-notify"),
    path("<int:notification_id>/acknowledge/", views.notification_acknowledge_view,
         name="notification-acknowledge"),
    path("<int:notification_id>/interview/", views.notification_interview_view,
         name="notification-interview"),
    path("offer/", views.notification_offer_view, name="notification-offer-list"),
    path("offer/<int:encounter_id>/", views.notification_offer_view, name="notification-offer"),
]  # fmt: skip
