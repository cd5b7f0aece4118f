"""In the application: linking persons, the review queue, reversible merges, family links."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from enlace.core.models import AuditAction, AuditEvent
from enlace.identity import selectors, services
from enlace.identity.models import (
    CandidateStatus,
    FamilyLinkProposal,
    FamilyLinkStatus,
    MatchCandidate,
    PersonMerge,
)
from enlace.people.models import Encounter, FamilyMembership, Person
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create

from .. import actors

pytestmark = pytest.mark.django_db


def _person(actor, *, when: datetime, custody: str | None = None, **fields: Any) -> Person:
    person = person_create(actor=actor, data=PersonData(**fields))
    encounter_record(
        actor=actor,
        person=person,
        data=EncounterData(
            kind="apprehension",
            occurred_at=when,
            agency_id="CBP-USBP",
            office_id="usbp-tca",
            sector_id="TCA",
            custody_office_id=custody,
        ),
    )
    return person


@pytest.fixture
def officer(actor):
    return actor(actors.BORDER_TUCSON)


@pytest.fixture
def duplicates(officer):
    """María recorded twice by CBP (certain), Francisco twice as Pancho (uncertain)."""
    when = datetime(2004, 5, 1, 14, tzinfo=UTC)
    maria = {
        "given_names": "María de los Ángeles", "paternal_surname": "Hernández",
        "maternal_surname": "Ruiz", "sex": "F", "date_of_birth": "1981-07-23",
    }  # fmt: skip
    first = _person(officer, when=when, curp="HERA810723MGRRZN00", **maria)
    second = _person(
        officer, when=when.replace(month=9), given_names="MA. DE LOS ANGELES",
        paternal_surname="HERNANDEZ-RUIZ", sex="F", date_of_birth="1981-07-23",
    )  # fmt: skip
    third = _person(
        officer, when=when, given_names="Francisco", paternal_surname="Zúñiga",
        maternal_surname="Olvera", sex="M", date_of_birth="1990-02-11",
    )  # fmt: skip
    fourth = _person(
        officer, when=when.replace(year=2005), given_names="PANCHO",
        paternal_surname="ZUNIGA", sex="M", date_of_birth="1990",
    )  # fmt: skip
    return first, second, third, fourth


def test_link_merges_the_certain_pair_and_queues_the_uncertain_one(officer, duplicates):
    first, second, third, fourth = duplicates
    run = services.persons_link(
        actor=services.NIGHTLY_LINKAGE, merge_threshold=0.99, review_threshold=0.2
    )
    merge = PersonMerge.objects.get(absorbed=second)
    assert merge.survivor == first
    assert merge.reversed_at is None
    assert Encounter.objects.filter(person=first).count() == 2
    assert not Encounter.objects.filter(person=second).exists()

    pending = MatchCandidate.objects.get(person_a=third, person_b=fourth)
    assert pending.status == CandidateStatus.PENDING
    assert 0.2 <= pending.probability < 0.99
    assert pending.reasons["given_names"].startswith("all given names agree")
    assert run.merged >= 1
    assert run.queued >= 1
    assert AuditEvent.objects.filter(subject_type="identity.linkrun", action="create").exists()


def test_a_rejected_pair_is_never_queued_again(officer, duplicates):
    _first, _second, third, fourth = duplicates
    services.persons_link(actor=services.NIGHTLY_LINKAGE, review_threshold=0.2)
    candidate = MatchCandidate.objects.get(person_a=third, person_b=fourth)
    services.candidate_decide(actor=officer, candidate_id=candidate.pk, accept=False, note="twins")
    services.persons_link(actor=services.NIGHTLY_LINKAGE, review_threshold=0.2)
    assert MatchCandidate.objects.filter(person_a=third, person_b=fourth).count() == 1
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert candidate.decided_by == officer


def test_accepting_merges_and_is_audited_and_reversing_restores(officer, duplicates):
    _first, _second, third, fourth = duplicates
    services.persons_link(actor=services.NIGHTLY_LINKAGE, review_threshold=0.2)
    candidate = MatchCandidate.objects.get(person_a=third, person_b=fourth)
    queue = selectors.candidate_list(user=officer)
    assert candidate in queue

    before = AuditEvent.objects.count()
    services.candidate_decide(actor=officer, candidate_id=candidate.pk, accept=True)
    merge = PersonMerge.objects.get(candidate=candidate)
    third.refresh_from_db()
    assert Encounter.objects.filter(person=third).count() == 2
    assert AuditEvent.objects.count() > before
    assert AuditEvent.objects.filter(
        subject_type="identity.matchcandidate", action=AuditAction.DECIDE
    ).exists()
    assert AuditEvent.objects.filter(
        subject_type="people.person", subject_id=str(third.pk), action=AuditAction.MERGE
    ).exists()

    services.person_merge_reverse(actor=officer, merge_id=merge.pk)
    assert AuditEvent.objects.filter(
        subject_type="people.person", subject_id=str(third.pk), action=AuditAction.UNMERGE
    ).exists()
    assert Encounter.objects.filter(person=third).count() == 1
    assert Encounter.objects.filter(person=fourth).count() == 1
    merge.refresh_from_db()
    assert merge.reversed_at is not None
    with pytest.raises(ValidationError):
        services.person_merge_reverse(actor=officer, merge_id=merge.pk)


def test_merge_preview_then_apply_fills_missing_fields_and_reverse_puts_them_back(officer):
    when = datetime(2003, 3, 3, 10, tzinfo=UTC)
    survivor = _person(officer, when=when, given_names="Rosa", paternal_surname="Luna")
    absorbed = _person(
        officer, when=when, given_names="Rosa", paternal_surname="Luna",
        maternal_surname="Vega", date_of_birth="1990-05-06", curp="LUVR900506MGRNGS06",
    )  # fmt: skip
    preview = services.person_merge_preview(actor=officer, survivor=survivor, absorbed=absorbed)
    assert preview.moves["people.encounter"] == 1
    assert preview.fills["curp"] == "LUVR900506MGRNGS06"
    assert Encounter.objects.filter(person=absorbed).count() == 1  # nothing done yet

    merge = services.person_merge_apply(actor=officer, survivor=survivor, absorbed=absorbed)
    survivor.refresh_from_db()
    assert (survivor.curp, survivor.maternal_surname) == ("LUVR900506MGRNGS06", "Vega")
    assert str(survivor.birth) == "1990-05-06"
    assert survivor.documents.count() == 1  # the CURP document moved

    services.person_merge_reverse(actor=officer, merge_id=merge.pk)
    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    assert (survivor.curp, survivor.maternal_surname, survivor.birth_date) == (None, "", None)
    assert absorbed.curp == "LUVR900506MGRNGS06"
    assert absorbed.documents.count() == 1
    assert Encounter.objects.filter(person=absorbed).count() == 1


def test_a_person_cannot_be_merged_twice_or_with_itself(officer, duplicates):
    first, second, third, _fourth = duplicates
    services.person_merge_apply(actor=officer, survivor=first, absorbed=second)
    with pytest.raises((ValidationError, Http404)):  # an absorbed person has no records left
        services.person_merge_apply(actor=officer, survivor=third, absorbed=second)
    assert PersonMerge.objects.filter(absorbed=second).count() == 1
    with pytest.raises(ValidationError):
        services.person_merge_apply(actor=officer, survivor=third, absorbed=third)


@pytest.mark.parametrize("username", ["analyst", "secretariat", "admin", "consul.nogales"])
def test_out_of_scope_users_see_no_pair_and_cannot_decide(actor, officer, duplicates, username):
    _first, _second, third, fourth = duplicates
    services.persons_link(actor=services.NIGHTLY_LINKAGE, review_threshold=0.2)
    candidate = MatchCandidate.objects.get(person_a=third, person_b=fourth)
    other = actor(actors.named(username))
    if selectors.may_review(other):  # a reviewer of another scope: the pair looks missing
        assert candidate not in selectors.candidate_list(user=other)
        refused: type[Exception] = Http404
    else:  # a role that reviews nothing is refused before any record is read
        with pytest.raises(Http404):
            selectors.candidate_list(user=other)
        refused = PermissionDenied
    with pytest.raises(refused):
        services.candidate_decide(actor=other, candidate_id=candidate.pk, accept=True)
    with pytest.raises(refused):
        services.person_merge_apply(actor=other, survivor=third, absorbed=fourth)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_missing_and_forbidden_candidates_look_the_same(actor):
    for spec in (actors.BORDER_TUCSON, actors.ANALYST):
        with pytest.raises(Http404):
            selectors.candidate_access(user=actor(spec), candidate_id=10**9)


def test_family_links_are_proposed_for_shared_surnames_encounter_and_custody(officer):
    when = datetime(2004, 6, 1, 3, tzinfo=UTC)
    mother = _person(
        officer, when=when, custody="ero-phoenix", given_names="Laura",
        paternal_surname="Ortiz", maternal_surname="Peña",
    )  # fmt: skip
    child = _person(
        officer, when=when.replace(hour=4), custody="ero-phoenix", given_names="Iván",
        paternal_surname="Salas", maternal_surname="Ortiz",
    )  # fmt: skip
    stranger = _person(
        officer, when=when, custody="ero-phoenix", given_names="Raúl",
        paternal_surname="Mora", maternal_surname="Díaz",
    )  # fmt: skip
    other_custody = _person(
        officer, when=when, given_names="Eva", paternal_surname="Ortiz", maternal_surname="Gil"
    )
    assert services.family_links_propose(actor=services.NIGHTLY_LINKAGE) >= 1
    pair = sorted((mother.pk, child.pk))
    proposal = FamilyLinkProposal.objects.get(person_a_id=pair[0], person_b_id=pair[1])
    assert {"shared_surname", "same_office_and_day"} <= set(proposal.reasons)
    for person in (stranger, other_custody):
        assert (
            not FamilyLinkProposal.objects.filter(person_a=person)
            .filter(person_b__in=[mother, child])
            .exists()
        )
        assert (
            not FamilyLinkProposal.objects.filter(person_b=person)
            .filter(person_a__in=[mother, child])
            .exists()
        )
    assert proposal in selectors.family_proposal_list(user=officer)

    services.family_link_decide(actor=officer, proposal_id=proposal.pk, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == FamilyLinkStatus.ACCEPTED
    members = set(
        FamilyMembership.objects.filter(group=proposal.group).values_list("person_id", flat=True)
    )
    assert {mother.pk, child.pk} <= members
    assert (
        services.family_links_propose(actor=services.NIGHTLY_LINKAGE) == 0
    )  # nothing new, nothing repeated


def test_only_a_linkage_job_links_and_the_log_names_it(officer, duplicates):
    """Linking reads every person, whoever's scope: an officer (even a reviewer) is refused;
    the nightly linkage runs, and its run and merges are recorded under its name."""
    with pytest.raises(PermissionDenied):
        services.persons_link(actor=officer, review_threshold=0.2)
    with pytest.raises(PermissionDenied):
        services.family_links_propose(actor=officer)
    assert not PersonMerge.objects.filter(absorbed=duplicates[1]).exists()

    run = services.persons_link(actor=services.NIGHTLY_LINKAGE, review_threshold=0.2)

    assert run.actor is None
    logged = AuditEvent.objects.get(subject_type="identity.linkrun", subject_id=str(run.pk))
    assert logged.detail["system_actor"] == "nightly-linkage"
    merge = PersonMerge.objects.get(absorbed=duplicates[1])
    assert merge.merged_by is None
    merged = AuditEvent.objects.filter(action=AuditAction.MERGE, detail__merge=merge.pk).get()
    assert merged.detail["system_actor"] == "nightly-linkage"
