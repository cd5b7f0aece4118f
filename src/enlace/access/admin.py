"""The admin's part of the access policy: who enters the admin, and what it may show.

Every model is *declared*, here or by its app through ``admin_declare``: either **case
content** (persons, encounters, manifests, notifications, receipts… and the cases of every
new module) or **operational** (reference data, agreements, accounts, tokens, security
records). Nothing is left to omission:

- ``admin_urls`` mounts the admin behind ``ADMIN_POLICY`` (the app's login page for an
  anonymous visitor, the app's 403 page for a signed-in user the policy does not admit) and
  refuses to start (``ImproperlyConfigured``) if a registered model is undeclared or case
  content is registered without the break-glass admin.
- Case content is shown only through ``BreakGlassModelAdmin``: read-only, visible only to a
  holder of the break-glass permission, each list and record read audited. The permission
  is granted explicitly, to a user or a group, and is never implied by ``is_superuser``.
- The audit log's ``detail`` (which may name a record's fields) is shown only under
  break-glass too, and such a read is audited.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction, AuditEvent

from .actors import Actor
from .capabilities import Capability, capability_require
from .policy import ADMIN_POLICY

BREAK_GLASS_APP = "core"
BREAK_GLASS_CODENAME = "break_glass"
REASON_MAX = 120
BREAK_GLASS = f"{BREAK_GLASS_APP}.{BREAK_GLASS_CODENAME}"

# Case content: personal data and the cases built on it. Labels, so that this module needs
# no import of the apps above it; a new module adds its own with ``admin_declare``.
CASE_CONTENT: set[str] = {
    "people.person",
    "people.personlanguage",
    "people.identitydocument",
    "people.familygroup",
    "people.familymembership",
    "people.encounter",
    "repatriation.manifest",
    "repatriation.manifestrecord",
    "repatriation.finding",
    "repatriation.manifestupload",
    "repatriation.repatriation",
    "planning.plan",
    "planning.planrow",
    "consular.consularnotification",
    "receipts.handoverreceipt",
    "identity.matchcandidate",
    "identity.personmerge",
    "identity.familylinkproposal",
    "outbox.outboxevent",  # payloads name repatriations and persons
    "outbox.delivery",
    "api.idempotentrequest",  # stored answers of case operations
    "safety.incident",  # deaths, rescues: places, dates, persons involved
    "safety.escalation",
    "safety.missingreport",  # a family's report, shared only as consented
    "safety.remainscase",
}

# Operational: what the admin exists for (reference data, agreements, accounts, tokens,
# subscriptions, keys) and the framework's and security packages' own tables.
OPERATIONAL: set[str] = {
    "reference.state",
    "reference.municipality",
    "reference.language",
    "reference.sector",
    "reference.port",
    "reference.receptionpoint",
    "reference.county",
    "reference.consulate",
    "reference.agency",
    "reference.office",
    "agreements.agreement",
    "agreements.agreementparty",
    "agreements.agreementversion",
    "agreements.clause",
    "agreements.parameter",
    "accounts.user",
    "api.apitoken",
    "outbox.subscription",
    "receipts.officerkey",
    "identity.linkrun",  # counts and settings of a linkage run, no persons
    "safety.officialcount",  # published series, no persons
    "safety.riskthreshold",
    "core.auditevent",  # its ``detail`` only under break-glass (``AuditEventAdmin``)
    "core.audithead",
    "admin.logentry",
    "auth.group",
    "auth.permission",
    "contenttypes.contenttype",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
}


def admin_declare(*, case_content: Iterable[str] = (), operational: Iterable[str] = ()) -> None:
    """Declare a module's models (``"app_label.modelname"``) for the admin: call it from the
    app's ``AppConfig.ready``. A model declared both ways is an error."""
    case, plain = {c.lower() for c in case_content}, {o.lower() for o in operational}
    clash = (case & (OPERATIONAL | plain)) | (plain & CASE_CONTENT)
    if clash:
        raise ImproperlyConfigured(f"Declared both case content and operational: {sorted(clash)}")
    CASE_CONTENT.update(case)
    OPERATIONAL.update(plain)


def is_case_content(model: type[Model]) -> bool:
    return model._meta.label_lower in CASE_CONTENT


def models_undeclared() -> list[str]:
    """Installed models declared neither case content nor operational."""
    return sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.label_lower not in CASE_CONTENT | OPERATIONAL
    )


# --- break-glass ---------------------------------------------------------------------------


def break_glass_held(user: Any) -> bool:
    """Whether ``user`` was granted break-glass, directly or through a group. Read from the
    grants themselves: ``is_superuser`` does not imply it."""
    if user is None or not getattr(user, "is_active", False) or not user.is_authenticated:
        return False
    found = {"content_type__app_label": BREAK_GLASS_APP, "codename": BREAK_GLASS_CODENAME}
    return bool(
        user.user_permissions.filter(**found).exists()
        or user.groups.filter(**{f"permissions__{k}": v for k, v in found.items()}).exists()
    )


def _break_glass_permission() -> Any:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    permission, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(AuditEvent),
        codename=BREAK_GLASS_CODENAME,
        defaults={"name": "Break glass: read case content in the admin (audited)"},
    )
    return permission


def break_glass_grant(*, user: Any, actor: Actor, reason: str = "") -> None:
    """Grant ``user`` break-glass access; only a user manager may, and the grant is audited
    with its reason (an incident or request number, never personal details)."""
    capability_require(actor, Capability.USER_MANAGE)
    with transaction.atomic():
        user.user_permissions.add(_break_glass_permission())
        audit_record(
            actor=actor, action=AuditAction.UPDATE, subject=user,
            detail={"fields": ["user_permissions"], "granted": BREAK_GLASS,
                    "reason": reason[:REASON_MAX]},
        )  # fmt: skip


def break_glass_revoke(*, user: Any, actor: Actor) -> None:
    """Take break-glass access away from ``user`` (audited)."""
    capability_require(actor, Capability.USER_MANAGE)
    with transaction.atomic():
        user.user_permissions.remove(_break_glass_permission())
        audit_record(
            actor=actor, action=AuditAction.UPDATE, subject=user,
            detail={"fields": ["user_permissions"], "revoked": BREAK_GLASS},
        )  # fmt: skip


class _ReadOnlyAudited(admin.ModelAdmin):
    """Nothing added, changed or deleted; a record read under break-glass is audited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _audit_read(self, request: HttpRequest, action: AuditAction, object_id: str) -> None:
        if break_glass_held(request.user):
            audit_record(
                actor=request.user, action=action,
                subject=(self.model._meta.label_lower, str(object_id)[:64]),
                detail={"break_glass": True},
            )  # fmt: skip

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_read(request, AuditAction.VIEW, object_id)
        return response


class BreakGlassModelAdmin(_ReadOnlyAudited):
    """Case content, read-only, for break-glass holders only; every read is audited."""

    list_display = ["__str__"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return break_glass_held(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return break_glass_held(request.user)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        response = super().changelist_view(request, extra_context)
        self._audit_read(request, AuditAction.LIST, "")
        return response


class AuditEventAdmin(_ReadOnlyAudited):
    """The audit trail, read-only. ``detail`` only under break-glass, and that read audited."""

    list_display = ["seq", "occurred_at", "actor", "office_code", "action", "subject_type"]
    list_filter = ["action", "subject_type"]
    search_fields = ["request_id", "subject_id"]
    shown = (
        "seq", "occurred_at", "actor", "office_code", "action", "subject_type", "subject_id",
        "request_id", "prev_hash", "hash",
    )  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.shown, "detail") if break_glass_held(request.user) else self.shown

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)


# --- the gate ------------------------------------------------------------------------------


def admin_declaration_errors(site: admin.AdminSite) -> list[str]:
    """What breaks the declaration: registered models declared neither way, and case
    content registered without ``BreakGlassModelAdmin``."""
    errors = []
    for model, model_admin in site._registry.items():
        label = model._meta.label_lower
        if label not in CASE_CONTENT | OPERATIONAL:
            errors.append(f"{label}: registered in the admin but not declared")
        elif label in CASE_CONTENT and not isinstance(model_admin, BreakGlassModelAdmin):
            errors.append(f"{label}: case content registered without break-glass")
    return errors


def admin_case_content_register(site: admin.AdminSite) -> None:
    """Register every declared case-content model not yet registered, read-only and behind
    break-glass: break-glass is the way in, for every module that declares its cases."""
    for label in sorted(CASE_CONTENT):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # a module declared but not installed
        if not site.is_registered(model):
            site.register(model, BreakGlassModelAdmin)


def _admin_admits(user: Any) -> bool:
    return bool(ADMIN_POLICY.admits(user) and getattr(user, "is_staff", False))


def _gated(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            match = request.resolver_match
            wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
            if not (match and match.url_name == "login" and _local(request, wanted)):
                wanted = request.get_full_path()
            return redirect_to_login(wanted or reverse("admin:index"))
        if not _admin_admits(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gate


def _local(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _gate_all(patterns: list[Any]) -> list[Any]:
    gated: list[Any] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = URLResolver(
                entry.pattern, _gate_all(list(entry.url_patterns)), entry.default_kwargs,
                entry.app_name, entry.namespace,
            )  # fmt: skip
            gated.append(inner)
        elif isinstance(entry, URLPattern):
            gated.append(
                URLPattern(entry.pattern, _gated(entry.callback), entry.default_args, entry.name)
            )
    return gated


def admin_urls(site: admin.AdminSite | None = None) -> tuple[list[Any], str, str]:
    """The admin's URLs, every one behind ``ADMIN_POLICY``; fails on a broken declaration."""
    site = site or admin.site
    if not site.is_registered(AuditEvent):
        site.register(AuditEvent, AuditEventAdmin)
    admin_case_content_register(site)
    errors = admin_declaration_errors(site)
    if errors:
        raise ImproperlyConfigured("The admin's declaration is broken: " + "; ".join(errors))
    patterns, app_name, namespace = site.urls
    return _gate_all(patterns), app_name, namespace
