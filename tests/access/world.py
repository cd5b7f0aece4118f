"""The sweep's records: two regions built through the services by the named actors.

Arizona–Sonora (the sweep's roles work here): the Tucson sector's manifest handed over at
Nogales (an unaccompanied minor among its persons, for DIF Sonora), an unplanned one with a
proposed plan, a draft upload, a signed handover receipt, a national held by Tucson with a
notification passed on to the Nogales consulate, and the same national in ICE ERO Phoenix's
custody with a notification ICE offered (Tucson sees the person, not ICE's acts).

Baja California (no sweep role's scope): the same kinds of records made by the San Diego
sector, handed over at Tijuana, notified to the San Diego consulate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from enlace.access import Capability, SystemActor
from enlace.agreements.models import Agreement
from enlace.api.models import ApiToken
from enlace.identity.models import CandidateStatus, MatchCandidate, PersonMerge
from enlace.identity.services.linking import candidate_decide, persons_link
from enlace.repatriation.models import ManifestRecord

from .. import actors, factories
from ..actors import ActorSpec


@dataclass
class Region:
    manifest: Any
    open_manifest: Any
    plan: Any
    upload: Any
    receipt: Any
    scheduled: Any  # a repatriation still to hand over
    minor: Any  # the unaccompanied minor's repatriation
    encounter: Any  # a national held by the sender, with a notification passed on
    notification: Any
    offerable: Any  # a national held by the sender, not yet offered notification
    candidate: Any = None
    merge: Any = None


@dataclass
class World:
    users: dict[str, Any]
    tokens: dict[str, str]
    az: Region
    bc: Region
    ice_encounter: Any  # the Tucson national in ICE ERO Phoenix's custody, not yet offered
    ice_notification: Any  # offered by ICE for another encounter of that national
    agreement: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, spec: ActorSpec) -> Any:
        return self.users[spec.username]


def _region(sender: Any, receiver: Any, *, prefix: str, office: str, sector: str,
            consulate: str, port: str, county: str, surname: str) -> Region:  # fmt: skip
    def content(n: int, **kw: Any) -> bytes:
        # the unplanned manifest brings back the first one's persons: the linkage's pairs
        return factories.manifest_csv(
            manifest_id=f"{prefix}-{n}", sending_office=office, sector=sector,
            consulate=consulate, port=port, surname=surname, **kw,
        )  # fmt: skip

    manifest = factories.manifest_submitted(sender, content(1))
    open_manifest = factories.manifest_submitted(sender, content(2, unplanned=True))
    plan = factories.plan_proposed(sender, open_manifest)
    upload = factories.upload_draft(sender, content(3))
    repatriations = factories.repatriations_of(manifest)
    minor = next(r for r in repatriations if r.unaccompanied_minor)
    adults = [r for r in repatriations if not r.unaccompanied_minor]
    receipt = factories.receipt_offered(sender, receiver, adults[0])
    encounter = factories.held_national(sender, given=f"{surname} Retenida", county=county)
    notification = factories.notification_offered(
        sender, encounter, consulate=consulate, notify=True
    )
    offerable = factories.held_national(sender, given=f"{surname} Detenida", county=county)
    return Region(
        manifest=manifest, open_manifest=open_manifest, plan=plan, upload=upload,
        receipt=receipt, scheduled=adults[1], minor=minor, encounter=encounter,
        notification=notification, offerable=offerable,
    )  # fmt: skip


def _identity(world: World) -> None:
    """The nightly linkage, told to merge nothing, queues the look-alike persons of each
    region's manifests; a Tucson officer merges one pair of each region's queue."""
    linkage = SystemActor(name="sweep-linkage", capabilities=frozenset({Capability.IDENTITY_LINK}))
    persons_link(actor=linkage, merge_threshold=1.01)
    for region, sender in ((world.az, actors.BORDER_TUCSON), (world.bc, actors.BORDER_SAN_DIEGO)):
        persons = ManifestRecord.objects.filter(
            manifest__in=[region.manifest, region.open_manifest]
        ).values("person_id")
        queued = MatchCandidate.objects.filter(
            status=CandidateStatus.PENDING, person_a__in=persons, person_b__in=persons
        ).order_by("pk")
        if len(queued) < 2:
            continue  # the linkage found no pairs to queue: the sweep reports the gap
        first, second = queued[0], queued[1]
        candidate_decide(actor=world.user(sender), candidate_id=first.pk, accept=True)
        region.merge = PersonMerge.objects.get(candidate=first)
        region.candidate = second


def world_build() -> World:
    users = {spec.username: actors.actor(spec) for spec in (
        *actors.ONE_PER_ROLE, actors.BORDER_SAN_DIEGO, actors.INM_TIJUANA,
        actors.CONSUL_SAN_DIEGO)}  # fmt: skip
    tokens = {name: factories.api_token(user) for name, user in users.items()}

    def u(spec: ActorSpec) -> Any:
        return users[spec.username]

    az = _region(
        u(actors.BORDER_TUCSON), u(actors.INM_NOGALES), prefix="sweep-tca", office="usbp-tca",
        sector="TCA", consulate="nogales", port="2604", county="04023", surname="Sonorense",
    )  # fmt: skip
    bc = _region(
        u(actors.BORDER_SAN_DIEGO), u(actors.INM_TIJUANA), prefix="sweep-sdc",
        office="usbp-sdc", sector="SDC", consulate="san-diego", port="2504", county="06073",
        surname="Bajacaliforniana",
    )  # fmt: skip

    # Apprehended by the Tucson sector, now in ICE ERO Phoenix's custody: Tucson sees the
    # encounter and the person; only ICE, which holds the person, acts on it.
    def ice_holds() -> Any:
        return factories.encounter_on(
            u(actors.BORDER_TUCSON), az.encounter.person, office="usbp-tca", sector="TCA",
            custody_office="ero-phoenix",
        )  # fmt: skip

    # ICE's offered notification is on an earlier encounter; the latest one (the person's
    # current custody, ``repatriation.state.in_custody``) waits for the offer.
    ice_note = factories.notification_offered(
        u(actors.REMOVAL_PHOENIX), ice_holds(), consulate="nogales"
    )
    ice = ice_holds()
    world = World(
        users=users, tokens=tokens, az=az, bc=bc, ice_encounter=ice,
        ice_notification=ice_note, agreement=Agreement.objects.order_by("code").first(),
    )  # fmt: skip
    world.extra["token_ids"] = {
        name: ApiToken.objects.filter(user=user).latest("pk").pk for name, user in users.items()
    }
    _identity(world)
    return world
