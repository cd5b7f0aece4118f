from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from enlace.core.admin import AuditedModelAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "role", "office", "is_active", "last_login"]
    list_filter = ["role", "is_active", "office__agency"]
    search_fields = ["username"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role and office"), {"fields": ("role", "office")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and office"), {"fields": ("role", "office")}),
    )
