"""The identity review pages: queue, side-by-side pair, merge preview and undo, family links.

Pairs are built directly as ``MatchCandidate`` rows between persons the Border Patrol's
Tucson sector encountered (so the Tucson officer may review them and ICE Phoenix's may not).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.core.models import AuditAction, AuditEvent
from enlace.identity.models import (
    CandidateStatus,
    FamilyLinkProposal,
    FamilyLinkStatus,
    MatchCandidate,
    PersonMerge,
)
from enlace.people.models import Encounter, Person
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create

from .. import actors
from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
REVIEWER = actors.BORDER_TUCSON
REASONS = {
    "given_names": "first given name sounds alike",
    "paternal_surname": "paternal surname agrees",
    "date_of_birth": "date of birth agrees",
}


def _person(actor, **fields) -> Person:
    person = person_create(actor=actor, data=PersonData(**fields))
    encounter_record(
        actor=actor, person=person,
        data=EncounterData(kind="apprehension", occurred_at=datetime(2019, 5, 1, 14, tzinfo=UTC),
                           agency_id="CBP-USBP", office_id="usbp-tca", sector_id="TCA"),
    )  # fmt: skip
    return person


def _pair(actor, probability: float = 0.8) -> MatchCandidate:
    first = _person(actor, given_names="Jesús", paternal_surname="Quintanar",
                    sex="M", date_of_birth="1985-02-03")  # fmt: skip
    second = _person(actor, given_names="Chuy", paternal_surname="QUINTANAR",
                     sex="M", date_of_birth="1985-02-03", maternal_surname="Ruelas")  # fmt: skip
    return MatchCandidate.objects.create(
        person_a=first, person_b=second, probability=probability, reasons=REASONS
    )


@pytest.fixture
def reviewer(actor, client):
    user = actor(REVIEWER)
    client.force_login(user)
    return user


@pytest.fixture
def candidate(actor) -> MatchCandidate:
    return _pair(actor(REVIEWER))


def _after(seq: int):
    return AuditEvent.objects.filter(seq__gt=seq)


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "first given name sounds alike"), ("es-mx", "el primer nombre suena igual")],
)
def test_queue_lists_the_pair_with_the_linkage_explanation(
    client, reviewer, candidate, language, reason
):
    client.cookies["enlace_language"] = language
    before = _last_seq()

    response = client.get(reverse("identity:candidate-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jesús Quintanar" in html
    assert reason in html
    assert "80 %" in html
    assert reverse("identity:candidate-detail", args=[candidate.pk]) in html
    assert (
        _after(before)
        .filter(action=AuditAction.LIST, subject_type="identity.matchcandidate")
        .exists()
    )
    assert_csp_clean(html)


def test_queue_costs_the_same_queries_for_more_pairs(client, reviewer, candidate):
    client.get(reverse("identity:candidate-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("identity:candidate-list"))
    _pair(reviewer, 0.7), _pair(reviewer, 0.6)

    with CaptureQueriesContext(connection) as three:
        html = client.get(reverse("identity:candidate-list")).content.decode()

    assert html.count("Jesús Quintanar") == 3
    assert len(three) == len(one)


@pytest.mark.parametrize(
    ("username", "status"),
    [("analyst", 403), ("secretariat", 403), ("admin", 403), ("removal.phoenix", 404)],
)
def test_non_reviewers_are_refused_and_other_scopes_get_404(
    client, actor, candidate, username, status
):
    """A role that reviews nothing is refused every review page (403); a reviewer of another
    scope (ICE Phoenix) finds the pair missing (404) and its own queue empty."""
    client.force_login(actor(actors.named(username)))
    detail = reverse("identity:candidate-detail", args=[candidate.pk])
    decide = reverse("identity:candidate-decide", args=[candidate.pk])

    assert client.get(detail).status_code == status
    merge = reverse("identity:candidate-merge", args=[candidate.pk])
    assert client.get(merge).status_code == status
    assert client.post(decide, {"decision": "merge"}).status_code == status
    for name in ("identity:candidate-list", "identity:merge-list", "identity:family-list"):
        assert client.get(reverse(name)).status_code == (200 if status == 404 else 403)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_detail_compares_the_records_field_by_field(client, reviewer, candidate):
    before = _last_seq()

    html = client.get(reverse("identity:candidate-detail", args=[candidate.pk])).content.decode()

    assert "Jesús" in html
    assert "Chuy" in html
    assert "Ruelas" in html
    assert "Written the same</span>" in html  # paternal surname, case aside
    assert "Written differently</span>" in html  # given names
    assert "Missing on one side</span>" in html  # maternal surname
    assert "paternal surname agrees" in html
    assert _after(before).filter(action=AuditAction.VIEW, subject_id=str(candidate.pk)).exists()
    assert_csp_clean(html)


def test_merge_preview_then_apply_then_undo(client, reviewer, candidate):
    before = _last_seq()
    preview = client.get(reverse("identity:candidate-merge", args=[candidate.pk]))
    assert preview.status_code == 200
    assert "Encounters" in preview.content.decode()
    assert not PersonMerge.objects.exists()  # a preview writes nothing

    response = client.post(
        reverse("identity:candidate-decide", args=[candidate.pk]),
        {"decision": "merge", "note": "same CURP stem"},
    )

    merge = PersonMerge.objects.get(candidate=candidate)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", args=[merge.survivor_id])
    assert Encounter.objects.filter(person=merge.survivor).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Undo this merge" in page
    assert "now one person" in page
    undo = client.post(
        reverse("identity:merge-reverse", args=[merge.pk]), {"next": response["Location"]}
    )
    assert undo.status_code == 302
    assert undo["Location"] == response["Location"]
    merge.refresh_from_db()
    candidate.refresh_from_db()
    assert merge.reversed_at is not None
    assert candidate.status == CandidateStatus.REJECTED
    assert Encounter.objects.filter(person=merge.absorbed).count() == 1
    actions = set(_after(before).values_list("action", flat=True))
    assert {AuditAction.DECIDE, AuditAction.MERGE, AuditAction.UNMERGE} <= actions


def test_merge_list_offers_undo_and_refuses_a_second_undo(client, reviewer, candidate):
    client.post(reverse("identity:candidate-decide", args=[candidate.pk]), {"decision": "merge"})
    merge = PersonMerge.objects.get(candidate=candidate)
    listing = client.get(reverse("identity:merge-list")).content.decode()
    assert reverse("identity:merge-reverse", args=[merge.pk]) in listing
    # Shown in the reviewer's office's zone, not in UTC.
    zone = ZoneInfo(reviewer.office.time_zone)
    local = merge.merged_at.astimezone(zone)
    assert f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}" in listing

    client.post(reverse("identity:merge-reverse", args=[merge.pk]))
    second = client.post(reverse("identity:merge-reverse", args=[merge.pk]), follow=True)

    assert "already been reversed" in second.content.decode()
    assert "Reversed" in client.get(reverse("identity:merge-list")).content.decode()


def test_different_persons_is_recorded_and_not_asked_again(client, reviewer, candidate):
    response = client.post(
        reverse("identity:candidate-decide", args=[candidate.pk]), {"decision": "different"}
    )

    candidate.refresh_from_db()
    assert response["Location"] == reverse("identity:candidate-list")
    assert candidate.status == CandidateStatus.REJECTED
    assert candidate.decided_by == reviewer
    again = client.post(
        reverse("identity:candidate-decide", args=[candidate.pk]),
        {"decision": "merge"},
        follow=True,
    )
    assert "already been decided" in again.content.decode()
    assert not PersonMerge.objects.exists()


@pytest.mark.parametrize(
    ("language", "post", "expected"),
    [
        ("en", {"decision": "maybe"}, "Decision: Choose whether the two records are the same"),
        ("es-mx", {}, "Decisión: Indique si los dos registros son de la misma persona."),
        ("en", {"decision": "different", "note": "x" * 501}, "Note (optional): "),
    ],
)
def test_a_bad_post_names_the_field_and_writes_nothing(
    client, reviewer, candidate, language, post, expected
):
    client.cookies["enlace_language"] = language
    before = _last_seq()

    response = client.post(reverse("identity:candidate-decide", args=[candidate.pk]), post)

    assert response.status_code == 400
    assert expected in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING
    assert not _after(before).filter(action=AuditAction.DECIDE).exists()


def test_family_link_accept_and_bad_post(client, reviewer, candidate):
    a, b = sorted((candidate.person_a_id, candidate.person_b_id))
    proposal = FamilyLinkProposal.objects.create(
        person_a_id=a, person_b_id=b, reasons=["shared_surname", "same_custody"]
    )
    listing = client.get(reverse("identity:family-list")).content.decode()
    assert "share a surname" in listing

    bad = client.post(reverse("identity:family-decide", args=[proposal.pk]), {"decision": "?"})
    assert bad.status_code == 400
    assert "Decision: Choose whether the two persons are family." in bad.content.decode()

    client.post(reverse("identity:family-decide", args=[proposal.pk]), {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == FamilyLinkStatus.ACCEPTED
    assert proposal.group is not None
