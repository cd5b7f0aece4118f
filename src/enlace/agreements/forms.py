"""The inventory's filter form, and the admin form that checks a parameter's JSON value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .core.parameters import KIND_SPECS, ParameterKind, ParameterValueError, check_places
from .core.parameters import parse_value as parse_parameter_value
from .models import AgreementStatus, Parameter
from .selectors import Filters
from .services import PROBLEMS


class AgreementFilterForm(forms.Form):
    """GET filters of the inventory. Choices of party and port come from the data."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    party = forms.ChoiceField(label=_("Party (agency)"), required=False)
    port = forms.ChoiceField(label=_("Port of entry"), required=False)
    pending = forms.BooleanField(
        label=_("Only INS-era instruments still to renegotiate"), required=False
    )

    def __init__(
        self,
        data: Any,
        *,
        agencies: list[tuple[str, str]],
        ports: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        any_choice = [("", _("Any"))]
        fields = self.fields
        fields["status"].choices = any_choice + list(AgreementStatus.choices)  # type: ignore[attr-defined]
        fields["party"].choices = any_choice + agencies  # type: ignore[attr-defined]
        fields["port"].choices = any_choice + ports  # type: ignore[attr-defined]
        for name in ("status", "party", "port"):
            fields[name].widget.attrs["class"] = "usa-select"
        fields["pending"].widget.attrs["class"] = "usa-checkbox__input"

    def filters(self) -> Filters:
        """The valid filters (an invalid field is left out and shows its error)."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            status=data.get("status") or "",
            agency=data.get("party") or "",
            port=data.get("port") or "",
            pending_only=bool(data.get("pending")),
        )


def value_help() -> str:
    """The JSON shape of each kind, for the admin's help text."""
    return " · ".join(f"{kind.value}: {spec.example}" for kind, spec in KIND_SPECS.items())


class ParameterAdminForm(forms.ModelForm):
    """Checks the value against its kind, and the port and reception point it needs."""

    class Meta:
        model = Parameter
        fields = [
            "kind",
            "port",
            "reception_point",
            "value",
            "clause",
            "is_default",
            "default_reason",
            "note_en",
            "note_es",
        ]
        help_texts = {"value": value_help()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind_raw = data.get("kind")
        if not kind_raw:
            return data
        kind = ParameterKind(kind_raw)
        port, point = data.get("port"), data.get("reception_point")
        try:
            check_places(
                kind,
                port=port.pk if port else None,
                reception_point=point.pk if point else None,
            )
            parse_parameter_value(kind, data.get("value"))
        except ParameterValueError as error:
            raise ValidationError({_field(error): _message(error, kind)}) from None
        self._check_default(data)
        self._check_clause(data)
        return data

    def _check_default(self, data: dict[str, Any]) -> None:
        if bool(data.get("is_default")) != bool(data.get("default_reason")):
            raise ValidationError({"default_reason": gettext(PROBLEMS["default_reason"])})

    def _check_clause(self, data: dict[str, Any]) -> None:
        clause, version = data.get("clause"), data.get("version")
        version_id = version.pk if version is not None else self.instance.version_id
        if clause is not None and version_id is not None and clause.version_id != version_id:
            raise ValidationError(
                {"clause": gettext("The clause must belong to the same version.")}
            )


def _field(error: ParameterValueError) -> str:
    return error.path if error.path in ("port", "reception_point") else "value"


def _message(error: ParameterValueError, kind: ParameterKind) -> str:
    params = {"kind": kind.value, **error.params}
    problem = gettext(PROBLEMS.get(error.code, error.code)) % params
    if error.path in ("port", "reception_point", "value", ""):
        return problem
    return gettext('"%(path)s": %(problem)s') % {"path": error.path, "problem": problem}
