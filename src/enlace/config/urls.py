from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "enlace"
admin.site.site_title = "enlace"

urlpatterns = [
    path("", include("enlace.web.urls")),
    path("people/", include("enlace.people.urls")),
    path("agreements/", include("enlace.agreements.urls")),
    path("manifests/", include("enlace.repatriation.urls")),
    path("plans/", include("enlace.planning.urls")),
    path("handovers/", include("enlace.receipts.urls")),
    path("consular/", include("enlace.consular.urls")),
    path("review/", include("enlace.identity.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("enlace.api.urls")),
]
