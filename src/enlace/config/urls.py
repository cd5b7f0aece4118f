from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from enlace.access.admin import admin_urls
from enlace.repatriation.urls import urlpatterns as manifest_patterns
from enlace.web.homes.manifest import manifest_detail_view

admin.site.site_header = "enlace"
admin.site.site_title = "enlace"

urlpatterns = [
    path("", include("enlace.web.urls")),
    path("people/", include("enlace.web.person")),
    path("agreements/", include("enlace.agreements.urls")),
    # The manifest page spans apps (its plans come from planning): web assembles it, in the
    # repatriation namespace, after the app's own patterns (``upload/`` first).
    path(
        "manifests/",
        include(
            (
                [
                    *manifest_patterns,
                    path("<str:manifest_id>/", manifest_detail_view, name="manifest-detail"),
                ],
                "repatriation",
            )
        ),
    ),
    path("plans/", include("enlace.planning.urls")),
    path("handovers/", include("enlace.receipts.urls")),
    path("consular/", include("enlace.consular.urls")),
    path("review/", include("enlace.identity.urls")),
    path("safety/", include("enlace.safety.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin_urls(admin.site)),  # behind ADMIN_POLICY, case content declared
    path("api/v1/", include("enlace.api.urls")),
]
