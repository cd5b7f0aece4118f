"""What a stored manifest adds to the database, built as columns from the manifest's frame.

One frame per table (persons, their documents, family groups and memberships, encounters,
manifest records, repatriations, findings), with primary keys allocated up front, written by
``enlace.core.bulk.bulk_insert_frame`` (COPY on PostgreSQL). Python loops only where a row
depends on the rows before it: a person named twice in one manifest by CURP or A-number.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from django.db.models import Model, Q

from enlace.core.bulk import allocate_ids, bulk_insert_frame
from enlace.people.models import (
    DocumentKind,
    Encounter,
    EncounterKind,
    FamilyGroup,
    FamilyMembership,
    IdentityDocument,
    Person,
)
from enlace.reference.models import Office, ReceptionPoint, State

from .catalog import sector_codes_current
from .core.compliance import Finding as CoreFinding
from .core.manifest import ManifestRow
from .core.manifest.columnar import NORMALIZED, birth_date, timestamp_utc
from .models import Finding, Manifest, ManifestRecord, Repatriation

_CURP, _A_NUMBER = NORMALIZED
# Parents before children: the order the tables are written in.
WRITE_ORDER: tuple[type[Model], ...] = (
    Person, IdentityDocument, FamilyGroup, FamilyMembership, Encounter, ManifestRecord,
    Repatriation, Finding,
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    """Where the rows go: the stored manifest and the office that sent it."""

    manifest: Manifest
    office: Office


# The timestamp columns stored on the manifest record besides the apprehension, as UTC.
_MOMENTS = ("handover_at", "consular_notification_offered_at", "consulate_notified_at")
RECEIVING_OFFICIAL_MAX = 200


def _utc(at: datetime | None) -> datetime | None:
    return at.astimezone(UTC) if at is not None else None


def _typed(frame: pl.DataFrame, rows: Sequence[ManifestRow] | None) -> pl.DataFrame:
    """The values the tables need, typed: from the parsed rows when the row reader read the
    file (it accepts timestamp forms the fast path leaves to it), else from the cells."""
    if rows is not None:
        utc = [r.apprehended_at.astimezone(UTC) for r in rows]
        births = [r.date_of_birth for r in rows]
        return frame.with_columns(
            pl.Series("occurred_at", utc, dtype=pl.Datetime("us", "UTC")),
            *(
                pl.Series(
                    f"{column}_utc",
                    [_utc(getattr(r, column)) for r in rows],
                    dtype=pl.Datetime("us", "UTC"),
                )
                for column in _MOMENTS
            ),  # fmt: skip
            pl.Series("birth_value", [b.value if b else None for b in births], dtype=pl.Date),
            pl.Series(
                "birth_precision", [b.precision.value if b else "day" for b in births], pl.String
            ),
        )
    born, precision = birth_date()
    return frame.with_columns(
        timestamp_utc("apprehended_at").alias("occurred_at"),
        *(timestamp_utc(column).alias(f"{column}_utc") for column in _MOMENTS),
        born.alias("birth_value"),
        pl.when(pl.col("date_of_birth").is_null())
        .then(pl.lit("day"))
        .otherwise(precision)
        .alias("birth_precision"),
    )


def _known_persons(curps: list[str], numbers: list[str]) -> dict[str, int]:
    """Existing persons by CURP and by A-number (exact): key → person id."""
    known: dict[str, int] = {
        curp: pk
        for curp, pk in Person.objects.filter(curp__in=curps).values_list("curp", "pk")
        if curp
    }
    documents = IdentityDocument.objects.filter(
        Q(kind=DocumentKind.A_NUMBER, number__in=numbers)
        | Q(kind=DocumentKind.CURP, number__in=curps)
    )
    known.update(documents.values_list("number", "person_id"))
    return known


def _person_ids(frame: pl.DataFrame) -> tuple[list[int], list[bool]]:
    """Each row's person: an existing one, one made by an earlier row, or a new one."""
    curps, numbers = frame[_CURP].to_list(), frame[_A_NUMBER].to_list()
    known = _known_persons(
        [c for c in set(curps) if c], [n for n in set(numbers) if n]
    )  # fmt: skip
    slots: list[int] = []  # new persons: -1, -2, … until ids are allocated
    new: list[bool] = []
    count = 0
    for curp, number in zip(curps, numbers, strict=True):
        found = known.get(curp) if curp else None
        if found is None and number:
            found = known.get(number)
        if found is None:
            count += 1
            found = -count
            for key in (curp, number):
                if key:
                    known[key] = found
        slots.append(found)
        new.append(found < 0)
    ids = allocate_ids(Person, count)
    return [ids[-slot - 1] if slot < 0 else slot for slot in slots], new


def _ids(model: type[Model], count: int) -> pl.Series:
    return pl.Series(allocate_ids(model, count), dtype=pl.Int64)


class ManifestTables:
    """The frames of one manifest's rows, table by table."""

    def __init__(self, target: Target, frame: pl.DataFrame, rows: Sequence[ManifestRow] | None):
        self.target = target
        self.now = target.manifest.submitted_at
        person_ids, new = _person_ids(frame)
        self.frame = _typed(frame, rows).with_columns(
            pl.Series("person_id", person_ids, dtype=pl.Int64),
            pl.Series("new_person", new, dtype=pl.Boolean),
            _ids(Encounter, frame.height).alias("encounter_id"),
            _ids(ManifestRecord, frame.height).alias("manifest_record_id"),
            *(
                pl.col(flag).str.to_lowercase().eq("true").fill_null(False)
                for flag in ("unaccompanied_minor", "pregnant", "disability")
            ),
            pl.col("medical_condition").fill_null(""),
        )
        self.frame = self.frame.join(self._families(), on="family_group_id", how="left")

    def _families(self) -> pl.DataFrame:
        keys = self.frame["family_group_id"].drop_nulls().unique(maintain_order=True)
        return pl.DataFrame(
            {"family_group_id": keys, "family_id": _ids(FamilyGroup, len(keys))},
            schema={"family_group_id": pl.String, "family_id": pl.Int64},
        )

    def persons(self) -> pl.DataFrame:
        states = dict(State.objects.values_list("curp_code", "inegi_code"))
        return self.frame.filter("new_person").select(
            pl.col("person_id").alias("id"),
            pl.col("given_names"),
            pl.col("paternal_surname").fill_null(""),
            pl.col("maternal_surname").fill_null(""),
            pl.col("sex").fill_null(""),
            pl.col("birth_value").alias("birth_date"),
            pl.col("birth_precision").alias("birth_date_precision"),
            pl.lit(False).alias("birth_date_approximate"),
            pl.col("nationality"),
            pl.col(_CURP).alias("curp"),
            pl.col("state_of_origin")
            .replace_strict(states, default=None, return_dtype=pl.String)
            .alias("state_of_birth_id"),
            pl.lit(False).alias("needs_interpreter"),
            pl.lit(self.now).alias("created_at"),
            pl.lit(self.now).alias("updated_at"),
        )

    def documents(self) -> pl.DataFrame:
        new = self.frame.filter("new_person")
        parts = [
            new.filter(pl.col(column).is_not_null()).select(
                pl.col("person_id"),
                pl.lit(kind.value).alias("kind"),
                pl.col(column).alias("number"),
                pl.lit(country).alias("issuing_country"),
            )
            for kind, column, country in (
                (DocumentKind.CURP, _CURP, "MEX"),
                (DocumentKind.A_NUMBER, _A_NUMBER, "USA"),
            )
        ]
        return pl.concat(parts)

    def family_groups(self) -> pl.DataFrame:
        prefix = f"{self.target.manifest.manifest_id}/"
        return (
            self.frame.filter(pl.col("family_id").is_not_null())
            .unique("family_id", keep="first", maintain_order=True)
            .select(
                pl.col("family_id").alias("id"),
                pl.lit(self.now).alias("created_at"),
                (pl.lit(prefix) + pl.col("family_group_id")).str.slice(0, 160).alias("reference"),
            )
        )

    def memberships(self) -> pl.DataFrame:
        """One membership per person and family, even when two records name the person."""
        return (
            self.frame.filter(pl.col("family_id").is_not_null())
            .unique(["family_id", "person_id"], keep="first", maintain_order=True)
            .select(
                pl.col("family_id").alias("group_id"),
                pl.col("person_id"),
                pl.col("relationship").fill_null("none"),
            )
        )

    def encounters(self) -> pl.DataFrame:
        office, manifest = self.target.office, self.target.manifest
        kind = (
            EncounterKind.DETENTION
            if office.agency_id.startswith("ICE")
            else EncounterKind.APPREHENSION
        )
        sectors = sector_codes_current()
        return self.frame.select(
            pl.col("encounter_id").alias("id"),
            pl.col("person_id"),
            pl.lit(kind.value).alias("kind"),
            pl.col("occurred_at"),
            pl.lit(office.agency_id).alias("agency_id"),
            pl.lit(office.pk).alias("office_id"),
            pl.lit(office.pk).alias("custody_office_id"),
            pl.col("apprehension_sector")
            .replace_strict(sectors, default=None, return_dtype=pl.String)
            .alias("sector_id"),
            pl.col("consulate").alias("consulate_id"),
            pl.col("apprehension_lat").cast(pl.Float64).alias("latitude"),
            pl.col("apprehension_lon").cast(pl.Float64).alias("longitude"),
            pl.col("family_id").alias("family_group_id"),
            pl.col("unaccompanied_minor"),
            pl.lit(manifest.submitted_by_id, dtype=pl.Int64).alias("recorded_by_id"),
        )

    def manifest_records(self) -> pl.DataFrame:
        return self.frame.select(
            pl.col("manifest_record_id").alias("id"),
            pl.lit(self.target.manifest.pk, dtype=pl.Int64).alias("manifest_id"),
            pl.col("record_id"),
            pl.col("line"),
            pl.col("person_id"),
            pl.col("encounter_id"),
            pl.col("family_id").alias("family_group_id"),
            pl.col("handover_port").alias("handover_port_id"),
            pl.col("handover_at_utc").alias("handover_at"),
            pl.col("unaccompanied_minor"),
            pl.col("pregnant"),
            pl.col("disability"),
            pl.col("medical_condition"),
            pl.col("consular_notification_offered_at_utc").alias(
                "consular_notification_offered_at"
            ),
            # An empty cell stays unknown (null): an offer whose answer is not given.
            pl.col("consular_notification_requested")
            .str.to_lowercase()
            .replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
            .alias("consular_notification_requested"),
            pl.col("consulate_notified_at_utc").alias("consulate_notified_at"),
            pl.col("consulate").alias("consulate_id"),
            pl.col("receiving_official").fill_null("").str.slice(0, RECEIVING_OFFICIAL_MAX),
        )

    def repatriations(self, blocked: set[str]) -> pl.DataFrame:
        """A scheduled handover for each row with a designated point, a time and no
        blocking finding."""
        points = dict(
            ReceptionPoint.ports.through.objects.order_by("receptionpoint_id").values_list(
                "port_id", "receptionpoint_id"
            )
        )  # a port served by two points: the later one by code
        return (
            self.frame.with_columns(
                pl.col("handover_port")
                .replace_strict(points, default=None, return_dtype=pl.String)
                .alias("reception_point_id")
            )
            .filter(
                pl.col("reception_point_id").is_not_null()
                & pl.col("handover_at_utc").is_not_null()
                & ~pl.col("record_id").is_in(list(blocked))
            )
            .select(
                pl.col("person_id"),
                pl.col("encounter_id"),
                pl.col("handover_port").alias("port_id"),
                pl.col("reception_point_id"),
                pl.col("handover_at_utc").alias("scheduled_at"),
                pl.lit("scheduled").alias("status"),
                pl.col("unaccompanied_minor"),
                pl.col("manifest_record_id"),
                pl.lit("").alias("cancel_reason"),
            )
        )

    def findings(self, findings: Sequence[CoreFinding]) -> pl.DataFrame:
        records = dict(
            zip(self.frame["record_id"], self.frame["manifest_record_id"], strict=True)
        )  # fmt: skip
        return pl.DataFrame(
            {
                "manifest_id": [self.target.manifest.pk] * len(findings),
                "record_id": [records[f.record_id] for f in findings],
                "rule": [f.rule.value for f in findings],
                "severity": [f.severity.value for f in findings],
                "agreement": [f.agreement for f in findings],
                "version": [f.version for f in findings],
                "clause": [f.clause for f in findings],
                "params": [json.dumps(f.params, ensure_ascii=False) for f in findings],
            },
            schema={"manifest_id": pl.Int64, "record_id": pl.Int64, "rule": pl.String,
                    "severity": pl.String, "agreement": pl.String, "version": pl.String,
                    "clause": pl.String, "params": pl.String},
        )  # fmt: skip


def manifest_rows_write(
    target: Target,
    frame: pl.DataFrame,
    rows: Sequence[ManifestRow] | None,
    findings: Sequence[CoreFinding],
) -> None:
    """Write every table's rows for a stored manifest (inside the caller's transaction)."""
    tables = ManifestTables(target, frame, rows)
    blocked = {f.record_id for f in findings if f.severity == "block"}
    frames: dict[type[Model], pl.DataFrame] = {
        Person: tables.persons(),
        IdentityDocument: tables.documents(),
        FamilyGroup: tables.family_groups(),
        FamilyMembership: tables.memberships(),
        Encounter: tables.encounters(),
        ManifestRecord: tables.manifest_records(),
        Repatriation: tables.repatriations(blocked),
        Finding: tables.findings(findings),
    }
    for model in WRITE_ORDER:
        bulk_insert_frame(model, frames[model])
