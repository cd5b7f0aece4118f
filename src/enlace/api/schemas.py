"""Request and response shapes shared by the routers."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ManifestIn(Schema):
    content: str = Field(..., min_length=1, max_length=20_000_000,
                         description="The manifest file (format v1, CSV) as text.")  # fmt: skip
    source_name: str = Field("", max_length=200)


class ManifestOut(Schema):
    manifest_id: str
    sending_office: str
    status: str
    submitted_at: datetime
    record_count: int
    blocking_count: int
    warning_count: int


class ManifestPage(Schema):
    items: list[ManifestOut]
    next_cursor: str | None


class FindingOut(Schema):
    record_id: str
    rule: str
    severity: str
    message: str
    agreement: str
    version: str
    clause: str


class FindingList(Schema):
    manifest_id: str
    items: list[FindingOut]


class PlanRowOut(Schema):
    record_id: str
    status: str
    port: str | None
    reception_point: str | None
    handover_at: datetime | None
    reason: str


class PlanOut(Schema):
    id: int
    manifest_id: str
    status: str
    planned_count: int
    unplanned_count: int
    optimal: bool
    rows: list[PlanRowOut]


class PersonOut(Schema):
    id: int
    given_names: str
    paternal_surname: str
    maternal_surname: str
    sex: str
    birth_date: str | None
    curp: str | None
    nationality: str
    state_of_birth: str | None


class PersonList(Schema):
    items: list[PersonOut]
    next_cursor: str | None = None


class RepatriationOut(Schema):
    id: int
    person: PersonOut
    port: str
    reception_point: str
    scheduled_at: datetime
    status: str
    unaccompanied_minor: bool
    manifest_id: str | None
    record_id: str | None
    receipt_id: str | None


class RepatriationPage(Schema):
    items: list[RepatriationOut]
    next_cursor: str | None


class Belonging(Schema):
    description: str = Field(..., min_length=1, max_length=200)
    quantity: int = Field(1, ge=1, le=1000)


class HandoverOfferIn(Schema):
    receiving_officer: str = Field(..., min_length=1, max_length=150,
                                   description="Username of the receiving officer.")  # fmt: skip
    handed_over_at: datetime | None = None
    belongings: list[Belonging] = Field(default_factory=list, max_length=100)
    remarks: str = Field("", max_length=2000)
    timing_reason: str = Field(
        "", max_length=500,
        description="Why the handover happened far from its planned time; required when "
        "handed_over_at is more than ENLACE_HANDOVER_REASON_AFTER minutes (120) from it.",
    )  # fmt: skip


class ReceiptOut(Schema):
    receipt_id: str
    status: str
    repatriation_id: int
    document: dict[str, object]
    signatures: dict[str, dict[str, str]]


class AgreementOut(Schema):
    code: str
    title_en: str
    title_es: str
    kind: str
    status: str


class AgreementPage(Schema):
    items: list[AgreementOut]
    next_cursor: str | None


class PortOut(Schema):
    code: str
    name: str
    us_state: str
    mx_city: str
    time_zone: str
    mx_time_zone: str


class ReceptionPointOut(Schema):
    code: str
    name: str
    city: str
    state: str
    time_zone: str
    interior: bool
    ports: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
