"""The statistics' filter form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.reference.models import ReceptionPoint


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


def _month_field(label: Any, invalid: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, input_formats=["%Y-%m"], widget=MonthInput(),
        error_messages={"invalid": invalid},
    )  # fmt: skip


class PointChoiceField(forms.ModelChoiceField):
    """A reception point named by its city, as the charts name it: the points' full names
    (up to 90 characters) do not fit a closed list on a phone."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.city or obj.name


class StatisticsFilterForm(forms.Form):
    """The period (first and last month, local to each reception point) and one point."""

    start = _month_field(_("From month"), _("From month: enter a month as YYYY-MM, e.g. 2019-11."))
    end = _month_field(_("To month"), _("To month: enter a month as YYYY-MM, e.g. 2019-12."))
    point = PointChoiceField(
        label=_("Reception point"),
        queryset=ReceptionPoint.objects.order_by("city", "name"),
        required=False,
        empty_label=_("All reception points"),
        error_messages={"invalid_choice": _("Reception point: choose a point from the list.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("To month: the month must not be before the from month."))
        return data
