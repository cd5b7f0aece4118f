"""Admin base class that audits every change made through the admin, and the audit log view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .audit import audit_record
from .models import AuditAction, AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """Write an audit event, in the same transaction, for each create, update and delete."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = AuditAction.UPDATE if change else AuditAction.CREATE
            fields = sorted(form.changed_data) if form is not None else []
            audit_record(actor=request.user, action=action, subject=obj, detail={"fields": fields})

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action=AuditAction.DELETE, subject=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action=AuditAction.DELETE, subject=obj)
            super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only view of the audit trail."""

    list_display = ["seq", "occurred_at", "actor", "office_code", "action", "subject_type"]
    list_filter = ["action", "subject_type"]
    search_fields = ["request_id", "subject_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
