"""The scope registry: each app declares which of its own records a role may see.

An app registers, in its ``AppConfig.ready``, one rule per (model, role), optionally under a
purpose other than ``"view"`` (a consulate *follows* its nationals' repatriations to the
handover beyond what it *views* on its own account). A rule takes the user and returns a
``Q`` over that model. Several rules for the same model, role and purpose are joined with OR:
that is how a person becomes visible through another app's records without ``people``
importing that app (``repatriation`` registers "persons with a repatriation in scope").

Readers go through ``scoped`` (a queryset), ``get_in_scope`` (one record or 404, read
audited) and ``page_in_scope`` (a page of a list, audited once). A role with no rule for a
model sees none of it: missing and forbidden look the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .actors import Actor

if TYPE_CHECKING:
    from enlace.reference.models import Office

M = TypeVar("M", bound=Model)
Rule = Callable[[Any], Q]
VIEW = "view"

NOTHING = Q(pk__in=[])

_rules: dict[tuple[str, str, str], list[Rule]] = defaultdict(list)


def _key(model: type[Model], role: str, purpose: str) -> tuple[str, str, str]:
    return model._meta.label_lower, str(role), purpose


def scope_register(
    model: type[Model], roles: Iterable[str], rule: Rule, *, purpose: str = VIEW
) -> None:
    """Declare that users of ``roles`` may see the ``model`` records ``rule(user)`` selects.

    Call it from the owning app's ``ready``; registering the same function twice is a
    no-op, so a reloaded app does not double its rules."""
    for role in roles:
        rules = _rules[_key(model, role, purpose)]
        if rule not in rules:
            rules.append(rule)


def scope_roles(model: type[Model], *, purpose: str = VIEW) -> frozenset[str]:
    """The roles with at least one rule for ``model`` (and ``purpose``)."""
    label = model._meta.label_lower
    return frozenset(
        role for (m, role, p), rules in _rules.items() if m == label and p == purpose and rules
    )


def scope_q(user: Actor | None, model: type[Model], *, purpose: str = VIEW) -> Q:
    """The filter over ``model`` that ``user`` may see: the OR of the rules registered for
    the user's role; nothing for an inactive user, a user without an office or a role
    without a rule. Purposes are independent: a wider one registers the narrower rules too."""
    if not getattr(user, "is_active", False) or getattr(user, "office", None) is None:
        return NOTHING
    role = str(getattr(user, "role", ""))
    rules = _rules.get(_key(model, role, purpose), [])
    if not rules:
        return NOTHING
    combined = rules[0](user)
    for rule in rules[1:]:
        combined |= rule(user)
    return combined


def scoped(user: Actor | None, model: type[M], *, purpose: str = VIEW) -> QuerySet[M]:
    """The ``model`` records in ``user``'s scope, as a queryset to refine."""
    q = scope_q(user, model, purpose=purpose)
    if q == NOTHING:
        return model._default_manager.none()
    return model._default_manager.filter(q)


def sees_any(user: Actor | None, model: type[Model], *, purpose: str = VIEW) -> bool:
    """Whether any rule could give ``user`` a record of ``model`` (no query)."""
    return scope_q(user, model, purpose=purpose) != NOTHING


def get_in_scope(
    user: Actor | None,
    queryset: QuerySet[M],
    *,
    audit: bool = True,
    purpose: str = VIEW,
    **lookup: Any,
) -> M:
    """The one record of ``queryset`` matching ``lookup`` inside ``user``'s scope, its read
    audited; ``Http404`` alike for a missing record and one out of scope."""
    q = scope_q(user, queryset.model, purpose=purpose)
    found = queryset.filter(q).filter(**lookup).first() if q != NOTHING else None
    if found is None:
        raise Http404
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, subject=found)
    return found


def page_in_scope(
    user: Actor | None,
    queryset: QuerySet[M],
    *,
    limit: int,
    after_id: Any = None,
    order: str = "pk",
    purpose: str = VIEW,
    detail: dict[str, Any] | None = None,
) -> list[M]:
    """Up to ``limit`` records of ``queryset`` in ``user``'s scope, after the cursor
    ``after_id`` (ordered by ``order``), the list's read audited once with its size."""
    q = scope_q(user, queryset.model, purpose=purpose)
    if q == NOTHING:
        rows: list[M] = []
    else:
        visible = queryset.filter(q)
        if after_id is not None:
            field, beyond = order.lstrip("-"), "lt" if order.startswith("-") else "gt"
            visible = visible.filter(**{f"{field}__{beyond}": after_id})
        rows = list(visible.order_by(order)[:limit])
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=(queryset.model._meta.label_lower, ""),
        detail={"count": len(rows), **(detail or {})},
    )
    return rows


def office_of(user: Any) -> Office:
    """The office a scope rule draws from: ``scope_q`` calls rules only for active users
    with an office, so a rule may rely on it."""
    office = getattr(user, "office", None)
    if office is None:  # a rule called outside scope_q
        raise Http404
    return cast("Office", office)
