"""Values for the parameters of URLs and API operations, keyed by the parameter's name.

For each name: the record each role works with (``inside``), a record of another office
whose person the role does see (``other_office``), a record of the other region that no
swept role sees (``outside``) and an id that does not exist (``missing``). The sweep reads
routes from the application; a route with a parameter missing here fails the sweep, so a
new URL or operation forces a new entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import actors
from .world import World

MISSING_ID = 987_654_321
Pick = Callable[[World], Any]


@dataclass(frozen=True)
class Param:
    missing: Any
    inside: dict[str, Pick] = field(default_factory=dict)  # by username
    outside: Pick | None = None
    other_office: dict[str, Pick] = field(default_factory=dict)
    everyone: Pick | None = None  # not scoped: the same record for every role


def _pk(pick: Callable[[World], Any]) -> Pick:
    def get(world: World) -> Any:
        record = pick(world)
        if record is None:
            return None
        return record.pk

    return get


B, R, C, INM, D = (actors.BORDER_TUCSON.username, actors.REMOVAL_PHOENIX.username,
                 actors.CONSUL_NOGALES.username, actors.INM_NOGALES.username,
                 actors.DIF_SONORA.username)  # fmt: skip

PARAMS: dict[str, Param] = {
    "person_id": Param(
        missing=MISSING_ID,
        inside={
            B: lambda w: w.az.encounter.person_id,
            R: lambda w: w.ice_encounter.person_id,
            C: lambda w: w.az.encounter.person_id,
            INM: lambda w: w.az.scheduled.person_id,
            D: lambda w: w.az.minor.person_id,
        },
        outside=lambda w: w.bc.encounter.person_id,
    ),
    "manifest_id": Param(
        missing="sweep-missing-1",
        inside={B: lambda w: w.az.open_manifest.manifest_id},
        outside=lambda w: w.bc.open_manifest.manifest_id,
    ),
    "plan_id": Param(
        missing=MISSING_ID, inside={B: _pk(lambda w: w.az.plan)}, outside=_pk(lambda w: w.bc.plan)
    ),
    "token": Param(
        missing=uuid.UUID(int=7),
        inside={B: lambda w: w.az.upload.token},
        outside=lambda w: w.bc.upload.token,
    ),
    "repatriation_id": Param(
        missing=MISSING_ID,
        inside={B: _pk(lambda w: w.az.scheduled)},
        outside=_pk(lambda w: w.bc.scheduled),
    ),
    "receipt_id": Param(
        missing=uuid.UUID(int=9),
        inside={B: lambda w: w.az.receipt.receipt_id, INM: lambda w: w.az.receipt.receipt_id},
        outside=lambda w: w.bc.receipt.receipt_id,
    ),
    "notification_id": Param(
        missing=MISSING_ID,
        inside={
            B: _pk(lambda w: w.az.notification),
            R: _pk(lambda w: w.ice_notification),
            C: _pk(lambda w: w.az.notification),
        },
        outside=_pk(lambda w: w.bc.notification),
        # ICE ERO Phoenix's notification of a person Tucson sees: not Tucson's to read or act on
        other_office={B: _pk(lambda w: w.ice_notification)},
    ),
    "encounter_id": Param(
        missing=MISSING_ID,
        inside={B: _pk(lambda w: w.az.offerable), R: _pk(lambda w: w.ice_encounter)},
        outside=_pk(lambda w: w.bc.offerable),
        # apprehended by Tucson, held by ICE ERO Phoenix: Tucson may not act on it
        other_office={B: _pk(lambda w: w.ice_encounter)},
    ),
    "candidate_id": Param(
        missing=MISSING_ID,
        inside={B: _pk(lambda w: w.az.candidate)},
        outside=_pk(lambda w: w.bc.candidate),
    ),
    "merge_id": Param(
        missing=MISSING_ID,
        inside={B: _pk(lambda w: w.az.merge)},
        outside=_pk(lambda w: w.bc.merge),
    ),
    "proposal_id": Param(
        missing=MISSING_ID,
        inside={B: _pk(lambda w: w.extra.get("az_proposal"))},
        outside=_pk(lambda w: w.extra.get("bc_proposal")),
    ),
    "code": Param(missing="no-such-agreement", everyone=lambda w: w.agreement.code),
    # the API: a personal token is its owner's
    "token_id": Param(
        missing=MISSING_ID,
        inside={name: (lambda w, n=name: w.extra["token_ids"][n]) for name in (B, R, C, INM, D)}
        | {
            spec.username: (lambda w, n=spec.username: w.extra["token_ids"][n])
            for spec in actors.ONE_PER_ROLE
        },
        outside=lambda w: w.extra["token_ids"][actors.BORDER_SAN_DIEGO.username],
    ),
    # the admin's own parameters (the admin is swept for its gate)
    "object_id": Param(missing=MISSING_ID),
    "id": Param(missing=MISSING_ID),  # a user's password page
    "app_label": Param(missing="people"),
    "content_type_id": Param(missing=MISSING_ID),
    "url": Param(missing="nothing-here/"),
}


def case_values(names: tuple[str, ...], world: World, username: str | None) -> dict[str, dict]:
    """The cases a role meets for a route with parameters ``names``: ``inside``,
    ``other-office``, ``outside`` and ``missing``, each the values of all parameters, when
    every parameter has one. Raise ``KeyError`` naming an unknown parameter."""
    unknown = [name for name in names if name not in PARAMS]
    if unknown:
        raise KeyError(f"no sweep values for URL parameter(s) {unknown}: add them to PARAMS")
    if not names:
        return {"no-record": {}}
    params = [PARAMS[name] for name in names]
    cases: dict[str, dict] = {}

    def gather(pick: Callable[[Param], Pick | None]) -> dict | None:
        values = {}
        for name, param in zip(names, params, strict=True):
            chosen = pick(param)
            value = chosen(world) if chosen is not None else None
            if value is None:
                return None
            values[name] = value
        return values

    user = username or ""
    inside = gather(lambda p: p.everyone or p.inside.get(user))
    if inside is not None:
        cases["inside"] = inside
    other = gather(lambda p: p.other_office.get(user) or p.everyone or p.inside.get(user))
    if other is not None and other != inside and any(p.other_office for p in params):
        cases["other-office"] = other
    outside = gather(lambda p: p.outside)
    if outside is not None:
        cases["outside"] = outside
    cases["missing"] = {name: param.missing for name, param in zip(names, params, strict=True)}
    return cases


def tempting(names: tuple[str, ...], world: World) -> dict[str, Any]:
    """For a role the policy refuses: the records the Tucson officer works with (the most
    tempting), else the missing ids."""
    cases = case_values(names, world, actors.BORDER_TUCSON.username)
    return cases.get("inside") or cases.get("missing") or {}
