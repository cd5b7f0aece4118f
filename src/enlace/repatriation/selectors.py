"""Reads for the manifest workflow: the code catalog, the rule table, scoped manifests."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from enlace.agreements.selectors import arrangement_snapshots
from enlace.reference.models import Consulate, Office, Port, Sector, State

from .core.compliance import RuleTable, rule_table
from .core.manifest import Catalog
from .models import Manifest


def manifest_catalog() -> Catalog:
    """The codes a manifest may name, from the reference tables (former sector codes too)."""
    sectors = set(Sector.objects.values_list("code", flat=True))
    sectors |= set(Sector.objects.exclude(former_code="").values_list("former_code", flat=True))
    return Catalog(
        offices=frozenset(Office.objects.values_list("code", flat=True)),
        sectors=frozenset(sectors),
        ports=frozenset(Port.objects.values_list("code", flat=True)),
        states=frozenset(State.objects.values_list("curp_code", flat=True)),
        consulates=frozenset(Consulate.objects.values_list("code", flat=True)),
    )


def sector_codes_current() -> dict[str, str]:
    """Map every sector code, current or former (MAR, MCA), to the current one."""
    mapping = {code: code for code in Sector.objects.values_list("code", flat=True)}
    for code, former in Sector.objects.exclude(former_code="").values_list("code", "former_code"):
        mapping[former] = code
    return mapping


def compliance_table() -> RuleTable:
    """The rule table of the agreements as stored now (edits by the secretariat included)."""
    return rule_table(arrangement_snapshots())


def manifest_get(*, user: Any, manifest_id: str) -> Manifest:
    """A manifest the user's office sent (admins and the secretariat see none)."""
    office_id = getattr(user, "office_id", None)
    manifest = Manifest.objects.filter(manifest_id=manifest_id, sending_office_id=office_id).first()
    if manifest is None or not user.is_active:
        raise Http404
    return manifest
