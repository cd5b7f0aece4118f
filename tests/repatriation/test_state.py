"""One current state per person (``repatriation.state``): each state, the custody filter
that says the same in SQL, and a confirmed handover cancelling the person's other
schedules with its reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enlace.core.clock import clock_frozen
from enlace.core.models import AuditEvent
from enlace.people.models import Encounter
from enlace.repatriation.models import Repatriation, RepatriationStatus
from enlace.repatriation.state import (
    PersonState,
    in_custody,
    one_per_person,
    person_state,
    person_states,
    superseded_q,
    timing_warning,
)

from .truth import NACO, NOW, encounter_make, offered, person_make, received, schedule

pytestmark = pytest.mark.django_db


def _held_in_sql(person) -> bool:
    return in_custody(Encounter.objects.filter(person=person)).exists()


def test_a_person_without_encounter_has_no_custody():
    person = person_make()
    state = person_state(person.pk)
    assert state.state == PersonState.NONE
    assert state.held_by is None


def test_a_person_apprehended_is_in_custody_of_the_office_holding_the_latest_encounter():
    person = person_make()
    encounter_make(person, at=NOW - timedelta(days=30), office="usbp-sdc")
    encounter_make(person, at=NOW - timedelta(hours=5), office="usbp-tca")
    state = person_state(person.pk)
    assert state.state == PersonState.IN_CUSTODY
    assert state.held_by is not None
    assert state.held_by.pk == "usbp-tca"
    assert _held_in_sql(person)
    assert in_custody(Encounter.objects.filter(person=person)).get().office_id == "usbp-tca"


def test_the_next_scheduled_handover_is_the_current_one():
    person = person_make()
    later = schedule(person, at=NOW + timedelta(hours=20))
    sooner = schedule(person, at=NOW + timedelta(hours=2), port=NACO)
    state = person_state(person.pk)
    assert state.state == PersonState.SCHEDULED
    assert state.repatriation == sooner != later
    assert state.held_by is not None
    assert state.held_by.pk == "usbp-tca"
    assert _held_in_sql(person)


def test_a_signed_handover_awaits_the_receiving_side_and_leaves_custody(actor):
    person = person_make()
    schedule(person, at=NOW + timedelta(hours=20))
    naco = schedule(person, at=NOW - timedelta(minutes=30), port=NACO)
    with clock_frozen(NOW):
        offered(actor, naco, at=NOW)
    state = person_state(person.pk)
    assert state.state == PersonState.HANDED_OVER
    assert state.repatriation == naco
    assert state.held_by is None
    assert not _held_in_sql(person)


def test_a_confirmed_handover_is_received_and_a_later_encounter_opens_custody_again(actor):
    person = person_make()
    first = schedule(person, at=NOW - timedelta(hours=1))
    with clock_frozen(NOW):
        received(actor, first, at=NOW)
    state = person_state(person.pk)
    assert (state.state, state.repatriation) == (PersonState.RECEIVED, first)
    assert not _held_in_sql(person)
    encounter_make(person, at=NOW + timedelta(days=3))
    assert person_state(person.pk).state == PersonState.IN_CUSTODY
    assert _held_in_sql(person)


def test_states_are_read_in_two_queries_for_any_number_of_persons(django_assert_num_queries):
    persons = [person_make() for _ in range(5)]
    for person in persons:
        schedule(person, at=NOW + timedelta(hours=3))
    with django_assert_num_queries(2):
        states = person_states(p.pk for p in persons)
    assert {s.state for s in states.values()} == {PersonState.SCHEDULED}


def test_a_handover_confirmed_cancels_the_persons_other_schedules_with_the_reason(actor):
    """The issue's case: handed over at Naco at 10:00 (manifest -03), still scheduled for
    5 Dec 06:00 (manifest -01)."""
    person = person_make()
    first = schedule(person, at=NOW + timedelta(hours=20), manifest_id="usbp-tca-20261204-01")
    naco = schedule(person, at=NOW - timedelta(hours=1), port=NACO,
                    manifest_id="usbp-tca-20261204-03")  # fmt: skip
    later_arrest = schedule(person, at=NOW + timedelta(days=9), occurred=NOW + timedelta(days=8))
    with clock_frozen(NOW + timedelta(minutes=5)):
        received(actor, naco, at=NOW - timedelta(minutes=30))
    first.refresh_from_db()
    assert first.status == RepatriationStatus.CANCELLED
    assert first.cancelled_at == NOW + timedelta(minutes=5)
    assert first.superseded_by == naco
    assert first.cancel_reason == (
        "Handed over at Naco on 4 Dec 2026, 10:00 MST under manifest usbp-tca-20261204-03"
    )
    later_arrest.refresh_from_db()
    assert later_arrest.status == RepatriationStatus.SCHEDULED  # a custody after the handover
    event = AuditEvent.objects.filter(subject_type="repatriation.repatriation",
                                      action="update").latest("pk")  # fmt: skip
    assert event.detail == {"cancelled": [first.pk], "superseded_by": naco.pk}


def test_a_plan_overtaken_by_another_handover_is_superseded_in_sql_and_on_a_board(actor):
    person = person_make()
    first = schedule(person, at=NOW + timedelta(hours=20))
    naco = schedule(person, at=NOW - timedelta(hours=1), port=NACO)
    with clock_frozen(NOW):
        offered(actor, naco, at=NOW)  # signed, not yet confirmed: nothing cancelled yet
    rows = list(Repatriation.objects.filter(person=person).order_by("scheduled_at"))
    assert set(Repatriation.objects.filter(superseded_q())) == {first}
    kept = one_per_person(rows, person_states([person.pk]))
    assert kept == [naco]


def test_a_handover_far_from_its_plan_is_recorded_late_or_early(actor):
    person = person_make()
    planned_long_ago = schedule(person, at=NOW - timedelta(days=3))
    on_time = schedule(person_make(), at=NOW - timedelta(minutes=90))
    early = schedule(person_make(), at=NOW + timedelta(hours=5))
    with clock_frozen(NOW):
        for repatriation in (planned_long_ago, on_time, early):
            offered(actor, repatriation, at=NOW)
    for repatriation in (planned_long_ago, on_time, early):
        repatriation.refresh_from_db()
    assert timing_warning(planned_long_ago) == "Recorded 3 days later than planned"
    assert timing_warning(on_time) == ""
    assert timing_warning(early) == "Recorded 5 hours earlier than planned"
