"""Admin base class that audits every change made through the admin. The audit log's own
admin page is part of the access policy (``enlace.access.admin``): it hides ``detail``
unless break-glass."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .audit import audit_record
from .models import AuditAction


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
