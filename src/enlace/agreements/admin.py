"""The secretariat edits the agreements here. Every change, inline ones included, writes an
audit event that names the agreement (for its change history) and the fields changed, and
marks the row ``edited`` so that a reload of the authored file leaves it alone."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from enlace.core.admin import AuditedModelAdmin
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .forms import ParameterAdminForm
from .models import Agreement, AgreementParty, AgreementVersion, Clause, Parameter


def agreement_code(obj: Model) -> str:
    """The code of the agreement an inventory row belongs to."""
    if isinstance(obj, Agreement):
        return obj.code
    if isinstance(obj, AgreementParty | AgreementVersion):
        return obj.agreement.code
    if isinstance(obj, Clause | Parameter):
        return obj.version.agreement.code
    raise TypeError(type(obj).__name__)


def audit_change(request: HttpRequest, obj: Model, action: AuditAction, fields: list[str]) -> None:
    audit_record(
        actor=request.user,
        action=action,
        subject=obj,
        detail={"agreement": agreement_code(obj), "object": str(obj), "fields": sorted(fields)},
    )


class InventoryAdmin(AuditedModelAdmin):
    """Audits with the agreement's code, and audits and marks inline rows too."""

    readonly_fields = ["edited"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = list(form.changed_data) if form is not None else []
        with transaction.atomic():
            if fields or not change:
                obj.edited = True
            # Skip AuditedModelAdmin.save_model: its event would not name the agreement.
            super(AuditedModelAdmin, self).save_model(request, obj, form, change)
            action = AuditAction.UPDATE if change else AuditAction.CREATE
            audit_change(request, obj, action, fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_change(request, obj, AuditAction.DELETE, [])
            super(AuditedModelAdmin, self).delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_change(request, obj, AuditAction.DELETE, [])
            super(AuditedModelAdmin, self).delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit_change(request, obj, AuditAction.DELETE, [])
                obj.delete()
            fields = {id(f.instance): list(f.changed_data) for f in formset.forms}
            new = {id(obj) for obj in formset.new_objects}
            for obj in instances:
                obj.edited = True
                obj.save()
                action = AuditAction.CREATE if id(obj) in new else AuditAction.UPDATE
                audit_change(request, obj, action, fields.get(id(obj), []))
            formset.save_m2m()


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    fields = ["agency", "office", "signatory_en", "signatory_es", "confidence", "edited"]
    readonly_fields = ["edited"]


class VersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    show_change_link = True
    fields = [
        "label",
        "effective_from",
        "effective_from_approximate",
        "effective_to",
        "signed_on",
        "dates_confidence",
        "national",
        "sources",
        "edited",
    ]
    readonly_fields = ["edited"]


@admin.register(Agreement)
class AgreementAdmin(InventoryAdmin):
    list_display = ["code", "title_en", "kind", "status", "ins_era", "edited"]
    list_filter = ["kind", "status", "ins_era", "edited"]
    search_fields = ["code", "title_en", "title_es"]
    inlines = [PartyInline, VersionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """The code names the agreement in the file, the URLs and the audit trail."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0
    fields = [("number", "confidence"), "summary_en", "summary_es", "source", "rules", "edited"]
    readonly_fields = ["edited"]


class ParameterInline(admin.StackedInline):
    model = Parameter
    form = ParameterAdminForm
    extra = 0
    fields = [
        ("kind", "port", "reception_point"),
        "value",
        "clause",
        ("is_default", "default_reason"),
        "note_en",
        "note_es",
        "edited",
    ]
    readonly_fields = ["edited"]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        """Offer only the clauses of the version being edited."""
        if db_field.name == "clause":
            match = request.resolver_match
            version_id = match.kwargs.get("object_id") if match else None
            kwargs["queryset"] = Clause.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AgreementVersion)
class AgreementVersionAdmin(InventoryAdmin):
    list_display = ["agreement", "label", "effective_from", "effective_to", "national", "edited"]
    list_filter = ["agreement__kind", "national", "edited"]
    search_fields = ["agreement__code", "label"]
    list_select_related = ["agreement"]
    filter_horizontal = ["ports", "sectors", "reception_points"]
    inlines = [ClauseInline, ParameterInline]
