"""Named capabilities and the roles that hold them: the one place that says who may do what.

Services call ``capability_require`` before they write; views, templates and API routers ask
``capability_has`` (or read ``capabilities_of``) and never test a role name. A capability
says what kind of act is allowed; which records it may touch is the scope registry's answer
(``enlace.access.scopes``).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from enlace.accounts.models import Role

from .actors import Actor, SystemActor


class Capability(StrEnum):
    """What a principal may do. Values are stable: they appear in audit details and tests."""

    PERSON_READ = "person.read"
    MANIFEST_SUBMIT = "manifest.submit"
    MANIFEST_READ = "manifest.read"
    PLAN_PROPOSE = "plan.propose"
    PLAN_ACCEPT = "plan.accept"
    HANDOVER_DELIVER = "handover.deliver"
    HANDOVER_RECEIVE = "handover.receive"
    CONSULAR_OFFER = "consular.offer"
    CONSULAR_ATTEND = "consular.attend"
    IDENTITY_REVIEW = "identity.review"
    IDENTITY_LINK = "identity.link"
    STATISTICS_READ = "statistics.read"
    AGREEMENT_EDIT = "agreement.edit"
    REFERENCE_MANAGE = "reference.manage"
    USER_MANAGE = "user.manage"
    SAFETY_READ = "safety.read"  # border incidents, map, risk: public data, names masked
    RISK_MANAGE = "safety.risk.manage"  # a BLM member: thresholds and escalation decisions
    REMAINS_RECORD = "safety.remains.record"  # a medical examiner's remains cases
    RESCUE_RECORD = "safety.rescue.record"  # a Border Patrol sector's rescues
    MISSING_REPORT = "safety.missing.report"  # a consulate's protection desk: families' reports
    API_TOKEN_ISSUE = "api.token.issue"  # noqa: S105 (a name, not a secret)


# The officers who hold persons in US custody and send them: Border Patrol sectors and
# ICE ERO field offices. One name for one set.
US_CUSTODY_ROLES = frozenset({Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER})
MX_RECEIVING_ROLES = frozenset({Role.MX_RECEPTION_OFFICER, Role.MX_CHILD_PROTECTION_OFFICER})

_US_CUSTODY = frozenset(
    {
        Capability.PERSON_READ,
        Capability.MANIFEST_SUBMIT,
        Capability.MANIFEST_READ,
        Capability.PLAN_PROPOSE,
        Capability.PLAN_ACCEPT,
        Capability.HANDOVER_DELIVER,
        Capability.CONSULAR_OFFER,
        Capability.IDENTITY_REVIEW,
        Capability.API_TOKEN_ISSUE,
    }
)
_MX_RECEIVING = frozenset(
    {
        Capability.PERSON_READ,
        Capability.HANDOVER_RECEIVE,
        Capability.IDENTITY_REVIEW,
        Capability.API_TOKEN_ISSUE,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.US_BORDER_OFFICER: _US_CUSTODY
    | {Capability.SAFETY_READ, Capability.RISK_MANAGE, Capability.RESCUE_RECORD},
    Role.US_REMOVAL_OFFICER: _US_CUSTODY,
    Role.MX_CONSULAR_OFFICER: frozenset(
        {
            Capability.PERSON_READ,
            Capability.CONSULAR_ATTEND,
            Capability.IDENTITY_REVIEW,
            Capability.SAFETY_READ,
            Capability.RISK_MANAGE,
            Capability.MISSING_REPORT,
            Capability.API_TOKEN_ISSUE,
        }
    ),
    Role.MX_RECEPTION_OFFICER: _MX_RECEIVING,
    Role.MX_CHILD_PROTECTION_OFFICER: _MX_RECEIVING,
    Role.MEDICAL_EXAMINER: frozenset(
        {Capability.SAFETY_READ, Capability.REMAINS_RECORD, Capability.API_TOKEN_ISSUE}
    ),
    Role.ANALYST: frozenset(
        {Capability.STATISTICS_READ, Capability.SAFETY_READ, Capability.API_TOKEN_ISSUE}
    ),
    Role.LABOR_OFFICER: frozenset({Capability.API_TOKEN_ISSUE}),
    Role.CENTRAL_AUTHORITY_OFFICER: frozenset({Capability.API_TOKEN_ISSUE}),
    Role.SECRETARIAT: frozenset(
        {
            Capability.AGREEMENT_EDIT,
            Capability.STATISTICS_READ,
            Capability.SAFETY_READ,
            Capability.API_TOKEN_ISSUE,
        }
    ),
    Role.ADMIN: frozenset(
        {Capability.REFERENCE_MANAGE, Capability.USER_MANAGE, Capability.API_TOKEN_ISSUE}
    ),
}

# Capabilities that act on records in an office's scope need an office to draw it from.
_NEEDS_OFFICE = frozenset(
    {
        Capability.PERSON_READ,
        Capability.MANIFEST_SUBMIT,
        Capability.MANIFEST_READ,
        Capability.PLAN_PROPOSE,
        Capability.PLAN_ACCEPT,
        Capability.HANDOVER_DELIVER,
        Capability.HANDOVER_RECEIVE,
        Capability.CONSULAR_OFFER,
        Capability.CONSULAR_ATTEND,
        Capability.IDENTITY_REVIEW,
    }
)


def capabilities_of(principal: Actor | None) -> frozenset[Capability]:
    """Everything ``principal`` may do: none for a missing or inactive user, the role's
    capabilities (less those that need an office, for a user without one), a system
    actor's own list. Break-glass access to case content in the admin is not a role's
    capability: see ``enlace.access.admin``."""
    if principal is None or not getattr(principal, "is_active", False):
        return frozenset()
    if isinstance(principal, SystemActor):
        return principal.capabilities
    held = ROLE_CAPABILITIES.get(principal.role, frozenset())
    if principal.office_id is None:
        held = held - _NEEDS_OFFICE
    return held


def capability_has(principal: Actor | None, capability: Capability) -> bool:
    """Whether ``principal`` holds ``capability`` (see ``capabilities_of``)."""
    return capability in capabilities_of(principal)


def capability_require(principal: Actor | None, capability: Capability) -> None:
    """Refuse (``PermissionDenied``) unless ``principal`` holds ``capability``.

    Services call this first, so the web, the API and the CLI refuse alike."""
    if not capability_has(principal, capability):
        raise PermissionDenied(capability.value)
