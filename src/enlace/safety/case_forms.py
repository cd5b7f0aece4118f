"""The record forms of missing-person reports and remains cases: their fields, read from a
POST into the values ``cases`` expects, each bad value named in the user's language."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext, gettext_lazy


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # a lazy translation
    kind: str = "text"  # text, textarea, int, decimal, date, sex, check
    required: bool = False


MISSING_FIELDS = (
    Field("report_id", gettext_lazy("Report id"), required=True),
    Field("given_names", gettext_lazy("Given names")),
    Field("paternal_surname", gettext_lazy("Paternal surname")),
    Field("maternal_surname", gettext_lazy("Maternal surname")),
    Field("sex", gettext_lazy("Sex"), "sex"),
    Field("date_of_birth", gettext_lazy("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)")),
    Field("height_cm", gettext_lazy("Height (cm)"), "int"),
    Field("last_seen_date", gettext_lazy("Last seen on (YYYY-MM-DD)"), "date"),
    Field("last_seen_place", gettext_lazy("Last seen place")),
    Field("last_seen_lat", gettext_lazy("Last seen latitude"), "decimal"),
    Field("last_seen_lon", gettext_lazy("Last seen longitude"), "decimal"),
    Field("clothing", gettext_lazy("Clothing"), "textarea"),
    Field("distinguishing_marks", gettext_lazy("Distinguishing marks"), "textarea"),
    Field("curp", gettext_lazy("CURP")),
    Field(
        "consent_medical_examiner",
        gettext_lazy("The family agrees to share it with the medical examiner"),
        "check",
    ),
    Field(
        "consent_other_government",
        gettext_lazy("The family agrees to share it with the US government"),
        "check",
    ),
)
REMAINS_FIELDS = (
    Field("case_id", gettext_lazy("Case id"), required=True),
    Field("sex", gettext_lazy("Sex"), "sex"),
    Field("age_min", gettext_lazy("Minimum age"), "int"),
    Field("age_max", gettext_lazy("Maximum age"), "int"),
    Field("stature_min_cm", gettext_lazy("Minimum stature (cm)"), "int"),
    Field("stature_max_cm", gettext_lazy("Maximum stature (cm)"), "int"),
    Field("found_date", gettext_lazy("Found on (YYYY-MM-DD)"), "date"),
    Field("found_lat", gettext_lazy("Found latitude"), "decimal"),
    Field("found_lon", gettext_lazy("Found longitude"), "decimal"),
    Field("pmi_min_days", gettext_lazy("Minimum post-mortem interval (days)"), "int"),
    Field("pmi_max_days", gettext_lazy("Maximum post-mortem interval (days)"), "int"),
    Field("clothing", gettext_lazy("Clothing"), "textarea"),
    Field("distinguishing_marks", gettext_lazy("Distinguishing marks"), "textarea"),
    Field("document_name", gettext_lazy("Name on a document found")),
    Field("document_curp", gettext_lazy("CURP on a document found")),
)


def form_read(
    fields: tuple[Field, ...], data: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The typed values of ``fields`` in ``data`` and the errors, field by field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        raw = (data.get(field.name) or "").strip()
        if field.kind == "check":
            values[field.name] = raw in ("1", "on", "true")
            continue
        if not raw:
            if field.required:
                errors[field.name] = gettext("%(field)s: a value is required.") % {
                    "field": field.label
                }
            values[field.name] = "" if field.kind in ("text", "textarea", "sex") else None
            continue
        try:
            values[field.name] = _typed(field.kind, raw)
        except (ValueError, InvalidOperation):
            errors[field.name] = gettext('%(field)s: "%(value)s" cannot be read.') % {
                "field": field.label,
                "value": raw[:40],
            }
    return values, errors


def _typed(kind: str, raw: str) -> Any:
    if kind == "int":
        if not raw.isdigit() or len(raw) > 5:
            raise ValueError(raw)
        return int(raw)
    if kind == "decimal":
        return Decimal(raw).quantize(Decimal("0.000001"))
    if kind == "date":
        return datetime.date.fromisoformat(raw)
    if kind == "sex":
        return raw.upper()[:1]
    return raw
