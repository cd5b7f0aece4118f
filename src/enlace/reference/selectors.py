"""Read helpers for the reference tables (no personal data here, so no audit)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Consulate, Office, ReceptionPoint


def consulate_for_county(*, fips: str) -> Consulate | None:
    """The consulate whose consular district holds the county, or None."""
    return Consulate.objects.filter(district__fips=fips).first()


def reception_points_for_port(*, port_code: str) -> QuerySet[ReceptionPoint]:
    """The INM reception points that receive people handed over at a US port."""
    return ReceptionPoint.objects.filter(ports__code=port_code).order_by("code")


def office_successor(*, office: Office) -> Office | None:
    """Follow ``successor`` links from a former office (an INS district, say) to the
    office that does its work today; None if the office has no successor."""
    current, seen = office.successor, {office.pk}
    while current is not None and current.successor_id and current.pk not in seen:
        seen.add(current.pk)
        current = current.successor
    return current
