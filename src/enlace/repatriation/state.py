"""One current state per person across agencies, derived here and nowhere else.

At any moment a person is (``PersonState``):

- **in custody** of the office holding their latest encounter (its ``custody_office``, else
  the office that recorded it);
- **scheduled**: a handover of that custody is planned; the earliest one still scheduled is
  the person's *current* repatriation (the next to happen);
- **handed over**: the delivering officer signed a handover receipt and the receiving side
  has not confirmed it yet;
- **received**: the receiving officer confirmed it (the repatriation is ``handed_over``,
  with ``handed_over_at``).

A recorded handover (signed or confirmed) *closes* the encounters it ends: its own and every
other of the person that occurred no later than its own encounter or than the confirmed
handover. An encounter after that opens custody again. A scheduled row whose encounter a
handover of another row closed is *superseded*: no longer anyone's plan (the handover's
confirmation cancels it, ``services.repatriation_hand_over``).

The receiving side's boards, the person timeline and the consular district ask this module,
in Python (``person_states``, ``one_per_person``) or as SQL filters that say the same
(``in_custody``, ``superseded_q``, ``happened_between``), so one person has one state on
every page. Reads here are not scoped: the state is a fact about the person drawn from every
agency's records; callers show it only for persons already in the user's scope, and it
carries ids and office codes, no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from enlace.people.models import Encounter

from .models import Repatriation, RepatriationStatus

if TYPE_CHECKING:
    from enlace.reference.models import Office

# A handover this far from its planned time is recorded with a reason, and shown with a warning.
REASON_AFTER_DEFAULT = 120  # minutes


class PersonState(models.TextChoices):
    NONE = "none", _("No custody recorded")
    IN_CUSTODY = "in_custody", _("In custody")
    SCHEDULED = "scheduled", _("Handover scheduled")
    HANDED_OVER = "handed_over", _("Handed over, awaiting the receiving side")
    RECEIVED = "received", _("Received in Mexico")


# --- one repatriation -------------------------------------------------------------------


def _receipt(repatriation: Repatriation) -> Any:
    return getattr(repatriation, "receipt", None)  # the reverse one-to-one, if any


def recorded(repatriation: Repatriation) -> bool:
    """Whether the handover was recorded: a signed receipt, or confirmed."""
    if repatriation.status == RepatriationStatus.CANCELLED:
        return False
    confirmed = repatriation.status == RepatriationStatus.HANDED_OVER
    return confirmed or _receipt(repatriation) is not None


def handover_at(repatriation: Repatriation) -> datetime | None:
    """When the person was actually handed over: the confirmed time, else the time the
    signed receipt states; None while the handover is only planned."""
    if repatriation.handed_over_at is not None:
        return repatriation.handed_over_at
    receipt = _receipt(repatriation)
    if receipt is None or repatriation.status == RepatriationStatus.CANCELLED:
        return None
    return datetime.fromisoformat(receipt.document["handed_over_at"])


def shown_at(repatriation: Repatriation) -> tuple[datetime, bool]:
    """Where a board or a timeline places the handover, and whether that is the planned
    time (True) or the actual one (False)."""
    actual = handover_at(repatriation)
    return (repatriation.scheduled_at, True) if actual is None else (actual, False)


def reason_after() -> timedelta:
    """How far from its planned time a handover needs a reason (the setting, in minutes)."""
    return timedelta(
        minutes=getattr(settings, "ENLACE_HANDOVER_REASON_AFTER", REASON_AFTER_DEFAULT)
    )


def timing_gap(repatriation: Repatriation) -> timedelta | None:
    """Actual minus planned time, when the handover was recorded further from its plan than
    ``reason_after``; None otherwise."""
    actual = handover_at(repatriation)
    if actual is None:
        return None
    gap = actual - repatriation.scheduled_at
    return gap if abs(gap) > reason_after() else None


def timing_warning(repatriation: Repatriation) -> str:
    """ "Recorded 3 hours late" / "recorded 2 days early", or "" when on time."""
    gap = timing_gap(repatriation)
    if gap is None:
        return ""
    hours = round(abs(gap) / timedelta(hours=1))
    if hours < 48:
        if gap > timedelta(0):
            return ngettext(
                "Recorded %(count)d hour later than planned",
                "Recorded %(count)d hours later than planned", hours,
            ) % {"count": hours}  # fmt: skip
        return ngettext(
            "Recorded %(count)d hour earlier than planned",
            "Recorded %(count)d hours earlier than planned", hours,
        ) % {"count": hours}  # fmt: skip
    days = round(abs(gap) / timedelta(days=1))
    if gap > timedelta(0):
        return ngettext(
            "Recorded %(count)d day later than planned",
            "Recorded %(count)d days later than planned", days,
        ) % {"count": days}  # fmt: skip
    return ngettext(
        "Recorded %(count)d day earlier than planned",
        "Recorded %(count)d days earlier than planned", days,
    ) % {"count": days}  # fmt: skip


def _occurred(repatriation: Repatriation) -> datetime | None:
    encounter = repatriation.encounter if repatriation.encounter_id else None
    return encounter.occurred_at if encounter is not None else None


def closes(handover: Repatriation, occurred_at: datetime) -> bool:
    """Whether the recorded ``handover`` ends a custody that began at ``occurred_at``: its
    own encounter is not earlier, or the person was handed over at or after that moment."""
    if not recorded(handover):
        return False
    own, actual = _occurred(handover), handover_at(handover)
    return (own is not None and own >= occurred_at) or (
        actual is not None and actual >= occurred_at
    )


# --- one person -------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentState:
    """A person's state now, the latest encounter it rests on and the current repatriation
    (the next scheduled, or the recorded handover)."""

    state: PersonState
    encounter: Encounter | None = None
    repatriation: Repatriation | None = None

    @property
    def in_custody(self) -> bool:
        """Held on the US side (in custody, or scheduled and not yet handed over)."""
        return self.state in (PersonState.IN_CUSTODY, PersonState.SCHEDULED)

    @property
    def held_by(self) -> Office | None:
        """The office holding the person, while held; None once handed over."""
        if not self.in_custody or self.encounter is None:
            return None
        return self.encounter.custody_office or self.encounter.office

    @property
    def label(self) -> str:
        return str(self.state.label)


def _latest(encounters: Iterable[Encounter]) -> Encounter | None:
    return max(encounters, key=lambda e: (e.occurred_at, e.pk), default=None)


def superseded(repatriation: Repatriation, others: Iterable[Repatriation]) -> bool:
    """Whether a scheduled, unrecorded ``repatriation`` was overtaken by the recorded
    handover of another row of the person (``others``)."""
    occurred = _occurred(repatriation)
    if repatriation.status != RepatriationStatus.SCHEDULED or recorded(repatriation):
        return False
    return occurred is not None and any(
        o.pk != repatriation.pk and closes(o, occurred) for o in others
    )


def state_of(
    encounters: Sequence[Encounter], repatriations: Sequence[Repatriation]
) -> CurrentState:
    """The state of one person from all their encounters and repatriations (read with
    ``encounter``, ``receipt``, ``office`` and ``custody_office``)."""
    latest = _latest(encounters)
    if latest is not None:
        done = [r for r in repatriations if closes(r, latest.occurred_at)]
    else:
        done = [r for r in repatriations if recorded(r)]
    if done:
        last = max(done, key=lambda r: (handover_at(r) or r.scheduled_at, r.pk))
        received = last.status == RepatriationStatus.HANDED_OVER
        state = PersonState.RECEIVED if received else PersonState.HANDED_OVER
        return CurrentState(state, latest, last)
    planned = [
        r for r in repatriations
        if r.status == RepatriationStatus.SCHEDULED and not recorded(r)
        and not superseded(r, repatriations)
    ]  # fmt: skip
    if planned:
        nearest = min(planned, key=lambda r: (r.scheduled_at, r.pk))
        return CurrentState(PersonState.SCHEDULED, latest, nearest)
    if latest is not None:
        return CurrentState(PersonState.IN_CUSTODY, latest)
    return CurrentState(PersonState.NONE)


def person_states(person_ids: Iterable[int]) -> dict[int, CurrentState]:
    """Each person's current state (two queries, whatever the number of persons)."""
    ids = set(person_ids)
    encounters: dict[int, list[Encounter]] = {pk: [] for pk in ids}
    repatriations: dict[int, list[Repatriation]] = {pk: [] for pk in ids}
    rows = Encounter.objects.filter(person_id__in=ids).select_related("office", "custody_office")
    for encounter in rows.order_by():
        encounters[encounter.person_id].append(encounter)
    related = ("encounter", "receipt", "port", "reception_point", "manifest_record__manifest")
    for repatriation in Repatriation.objects.filter(person_id__in=ids).select_related(*related):
        repatriations[repatriation.person_id].append(repatriation)
    return {pk: state_of(encounters[pk], repatriations[pk]) for pk in ids}


def person_state(person_id: int) -> CurrentState:
    return person_states([person_id])[person_id]


# --- a board ----------------------------------------------------------------------------


def one_per_person(
    rows: Sequence[Repatriation], states: Mapping[int, CurrentState]
) -> list[Repatriation]:
    """One row per person out of a board's ``rows``: the person's current repatriation when
    it is among them, else the latest recorded handover among them. Cancelled rows and
    scheduled ones that are not the person's current plan are left out (never two active
    rows for one person). The order of ``rows`` is kept."""
    chosen: dict[int, Repatriation] = {}
    for row in rows:
        current = states[row.person_id].repatriation
        if current is not None and row.pk == current.pk:
            chosen[row.person_id] = row
            continue
        if not recorded(row):
            continue  # cancelled, or a plan the person's current one overtook
        kept = chosen.get(row.person_id)
        if kept is None or (
            not (current is not None and kept.pk == current.pk)
            and shown_at(row)[0] > shown_at(kept)[0]
        ):
            chosen[row.person_id] = row
    picked = {row.pk for row in chosen.values()}
    return [row for row in rows if row.pk in picked]


# --- the same rules as SQL filters --------------------------------------------------------

_RECORDED = ~Q(status=RepatriationStatus.CANCELLED) & (
    Q(status=RepatriationStatus.HANDED_OVER) | Q(receipt__isnull=False)
)


def with_actual(rows: QuerySet[Repatriation]) -> QuerySet[Repatriation]:
    """``rows`` annotated with ``actual``: ``handover_at`` in SQL (the confirmed time, else
    the one the signed receipt states, else null)."""
    stated = Cast(KeyTextTransform("handed_over_at", "receipt__document"), models.DateTimeField())
    return rows.annotate(actual=Coalesce("handed_over_at", stated))


def _closing(occurred: Any) -> QuerySet[Repatriation]:
    """Recorded handovers of the outer row's person that close a custody begun at
    ``occurred`` (an ``OuterRef``): ``closes`` in SQL."""
    handovers = with_actual(Repatriation.objects.filter(_RECORDED, person_id=OuterRef("person_id")))
    return handovers.filter(Q(encounter__occurred_at__gte=occurred) | Q(actual__gte=occurred))


def in_custody(encounters: QuerySet[Encounter]) -> QuerySet[Encounter]:
    """Of ``encounters``, those of persons held now: each the person's latest encounter and
    not closed by a recorded handover (``CurrentState.in_custody``, as SQL)."""
    later = Encounter.objects.filter(person_id=OuterRef("person_id")).filter(
        Q(occurred_at__gt=OuterRef("occurred_at"))
        | Q(occurred_at=OuterRef("occurred_at"), pk__gt=OuterRef("pk"))
    )
    return encounters.filter(~Exists(later), ~Exists(_closing(OuterRef("occurred_at"))))


def superseded_q() -> Q:
    """Scheduled rows overtaken by another row's recorded handover (``superseded``)."""
    closing = _closing(OuterRef("encounter__occurred_at")).exclude(pk=OuterRef("pk"))
    return Q(status=RepatriationStatus.SCHEDULED, receipt__isnull=True) & Q(Exists(closing))


def happened_between(
    rows: QuerySet[Repatriation], start: datetime, end: datetime
) -> QuerySet[Repatriation]:
    """The rows a board of [start, end) shows, by the time ``shown_at`` gives: the actual
    time of a recorded handover (confirmed, or as its signed receipt states), the planned
    time of the others; cancelled rows are left out."""
    rows = with_actual(rows.exclude(status=RepatriationStatus.CANCELLED))
    planned = Q(actual__isnull=True, scheduled_at__gte=start, scheduled_at__lt=end)
    return rows.filter(planned | Q(actual__gte=start, actual__lt=end))
