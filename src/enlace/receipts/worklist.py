"""The delivering office's handovers as a worklist: what is still to record (the late ones
first), what the receiving side has not confirmed yet, what is done; and, for the handover
form, the other members of a family unit handed over with the person.

Rows are the repatriations of the accepted manifests in the officer's scope (their sending
office, ``scoped(user, Manifest)``), as ``repatriation.selectors.handovers_due`` reads them.
A handover is *to record* while it is scheduled and no receipt exists; *late* when its time
passed too; *awaiting* once the delivering officer signed and the receiving one has not;
*done* once both signed. Lists of persons are audited (``LIST``) with the count shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import BooleanField, Case, Count, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from enlace.access import Actor, Capability, capability_has, scoped
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.repatriation.models import Manifest, ManifestStatus, Repatriation, RepatriationStatus

from .models import HandoverReceipt, ReceiptStatus

PER_PAGE = 25
ROW_RELATED = ("person", "port", "reception_point", "manifest_record__manifest", "receipt")


class Show(models.TextChoices):
    """The worklist's filters, as the page's links name them."""

    TO_RECORD = "to_record", _("To record")
    TODAY = "today", _("Today")
    LATE = "late", _("Late")
    AWAITING = "awaiting", _("Awaiting the receiving side")
    DONE = "done", _("Done")
    ALL = "all", _("All")


class HandoverState(models.TextChoices):
    """Where one handover stands, in words."""

    LATE = "late", _("Late: its time passed and nothing was recorded")
    DUE = "due", _("Scheduled, not recorded yet")
    AWAITING = "awaiting", _("Recorded, waiting for the receiving officer to confirm")
    DONE = "done", _("Handed over: both officers signed")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass(frozen=True)
class HandoverRow:
    """One handover as the worklist shows it: the repatriation (with its person, port,
    reception point, manifest and receipt), its state and the actual time once recorded."""

    repatriation: Repatriation
    state: HandoverState
    receipt: HandoverReceipt | None
    actual_at: datetime | None

    @property
    def late(self) -> bool:
        return self.state == HandoverState.LATE

    @property
    def recordable(self) -> bool:
        """Nothing recorded yet: the row's action is "Record handover"."""
        return self.state in (HandoverState.LATE, HandoverState.DUE)


@dataclass(frozen=True)
class Worklist:
    """A page of the worklist, its rows, and how many handovers each filter holds."""

    page: Page[Any]
    rows: list[HandoverRow]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _nothing_recorded() -> Q:
    return Q(status=RepatriationStatus.SCHEDULED, receipt__isnull=True)


def _filters(now: datetime, day: tuple[datetime, datetime]) -> dict[str, Q]:
    start, end = day
    return {
        Show.TO_RECORD: _nothing_recorded(),
        Show.TODAY: Q(scheduled_at__gte=start, scheduled_at__lt=end)
        | Q(handed_over_at__gte=start, handed_over_at__lt=end),
        Show.LATE: _nothing_recorded() & Q(scheduled_at__lt=now),
        Show.AWAITING: Q(
            status=RepatriationStatus.SCHEDULED, receipt__status=ReceiptStatus.OFFERED
        ),
        Show.DONE: Q(status=RepatriationStatus.HANDED_OVER),
        Show.ALL: Q(),
    }


ORDER: dict[str, tuple[str, ...]] = {
    Show.TO_RECORD: ("-late", "scheduled_at", "pk"),  # late first, the oldest first
    Show.TODAY: ("scheduled_at", "pk"),
    Show.LATE: ("scheduled_at", "pk"),
    Show.AWAITING: ("scheduled_at", "pk"),
    Show.DONE: ("-handed_over_at", "-pk"),
    Show.ALL: ("-scheduled_at", "-pk"),
}


def office_day(user: Actor, now: datetime) -> tuple[datetime, datetime]:
    """The start and end of the day ``now`` falls in, on the clock of the user's office."""
    office = getattr(user, "office", None)
    zone = ZoneInfo(office.time_zone if office is not None and office.time_zone else "UTC")
    local = now.astimezone(zone).date()
    start = datetime.combine(local, time(), tzinfo=zone)
    return start, datetime.combine(local + timedelta(days=1), time(), tzinfo=zone)


def _delivered(user: Actor) -> QuerySet[Repatriation]:
    """The repatriations of the accepted manifests in the user's scope (its sending office)."""
    if not capability_has(user, Capability.HANDOVER_DELIVER):
        return Repatriation.objects.none()
    accepted = scoped(user, Manifest).filter(status=ManifestStatus.ACCEPTED)
    return Repatriation.objects.filter(manifest_record__manifest__in=accepted)


def _row(repatriation: Repatriation, now: datetime) -> HandoverRow:
    receipt = getattr(repatriation, "receipt", None)
    if repatriation.status == RepatriationStatus.CANCELLED:
        state = HandoverState.CANCELLED
    elif repatriation.status == RepatriationStatus.HANDED_OVER:
        state = HandoverState.DONE
    elif receipt is not None:
        state = HandoverState.AWAITING
    else:
        state = HandoverState.LATE if repatriation.scheduled_at < now else HandoverState.DUE
    actual = repatriation.handed_over_at
    if actual is None and receipt is not None:
        actual = datetime.fromisoformat(receipt.document["handed_over_at"])
    return HandoverRow(repatriation=repatriation, state=state, receipt=receipt, actual_at=actual)


def handover_worklist(
    *,
    user: Actor,
    show: str = Show.TO_RECORD,
    manifest_id: str = "",
    page: Any = 1,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> Worklist:
    """One page of the handovers the user's office delivers, under the filter ``show``
    (an unknown one reads as "to record"), of one manifest when ``manifest_id`` is given;
    ``counts`` holds every filter's total (one query). The page's read is audited."""
    now = now or clock.now()
    show = show if show in Show.values else Show.TO_RECORD
    filters = _filters(now, office_day(user, now))
    base = _delivered(user)
    if manifest_id:
        base = base.filter(manifest_record__manifest__manifest_id=manifest_id)
    counts = base.aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    late = Case(When(filters[Show.LATE], then=True), default=False, output_field=BooleanField())
    rows = (
        base.filter(filters[show])
        .annotate(late=late)
        .select_related(*ROW_RELATED)
        .order_by(*ORDER[show])
    )
    found = Paginator(rows, per_page).get_page(page)
    listed = [_row(repatriation, now) for repatriation in found.object_list]
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(listed), "show": str(show)},
    )
    return Worklist(page=found, rows=listed, counts={k: v or 0 for k, v in counts.items()})


def person_handovers_to_record(*, user: Actor, person_id: int) -> list[Repatriation]:
    """The person's scheduled handovers the user's office may record, soonest first (ids
    and times only: the person page that asks has audited its read)."""
    return list(
        _delivered(user)
        .filter(_nothing_recorded(), person_id=person_id)
        .select_related("reception_point")
        .order_by("scheduled_at", "pk")
    )


def family_to_record(*, user: Actor, repatriation: Repatriation) -> list[Repatriation]:
    """The other members of the person's family unit on the same manifest, scheduled at the
    same port and reception point with nothing recorded: handed over together with the
    person. Empty for a person without a family unit; the list's read is audited."""
    record = repatriation.manifest_record
    if record is None or record.family_group_id is None:
        return []
    members = list(
        _delivered(user)
        .filter(
            _nothing_recorded(),
            manifest_record__manifest_id=record.manifest_id,
            manifest_record__family_group_id=record.family_group_id,
            port_id=repatriation.port_id,
            reception_point_id=repatriation.reception_point_id,
        )
        .exclude(pk=repatriation.pk)
        .select_related("person", "port", "reception_point", "manifest_record__manifest")
        .order_by("manifest_record__line", "pk")
    )
    if members:
        audit_record(
            actor=user,
            action=AuditAction.LIST,
            subject=("repatriation.repatriation", ""),
            detail={"count": len(members), "family_of": repatriation.pk},
        )
    return members
