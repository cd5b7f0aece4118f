"""The consular pages' forms: what an officer types for a step, checked before the service.

A form's date and time is a local time of the place where the step happens: the view
validates it with that place's zone active (``timezone.override``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.reference.models import Consulate

from .models import InterviewMode, NotificationStatus
from .services import FOLLOW_UP_NOTE_MAX

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "usa-input", **(attrs or {})}, format=LOCAL_INPUT)


def _when_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=False, input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(), help_text=_("Local time. Leave empty for now."),
        error_messages={"invalid": _("Enter a date and time, for example 2019-12-17 09:30.")},
    )  # fmt: skip


class InterviewForm(forms.Form):
    """The consular interview: when, how, and whether protection staff should follow up."""

    mode = forms.ChoiceField(
        label=_("How the interview took place"),
        choices=InterviewMode.choices,
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={"required": _("Choose how the interview took place.")},
    )
    at = _when_field(_("When the interview took place"))
    follow_up = forms.BooleanField(
        label=_("Protection follow-up needed"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
    note = forms.CharField(
        label=_("Follow-up note"),
        required=False,
        max_length=FOLLOW_UP_NOTE_MAX,
        help_text=_(
            "Optional and short, for protection staff, e.g. “needs medical review”. "
            "No names or other personal details."
        ),  # fmt: skip
        widget=forms.TextInput(attrs={"class": "usa-input", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("at", "note"):  # the hint (and error) read with the field
            self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"


class AnswerForm(forms.Form):
    """The national's answer to the offer of consular notification."""

    answer = forms.ChoiceField(
        label=_("The national's answer"),
        choices=[
            ("requested", NotificationStatus.REQUESTED.label),
            ("declined", NotificationStatus.DECLINED.label),
        ],
        error_messages={"required": _("Choose the national's answer.")},
    )


class ConsulateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.city}, {obj.us_state}"


class OfferForm(forms.Form):
    """The offer of consular notification for one encounter, and the consulate to notify."""

    consulate = ConsulateField(
        label=_("Consulate to notify if the national asks"),
        queryset=Consulate.objects.order_by("city"),
        to_field_name="pk",
        widget=forms.Select(attrs={"class": "usa-select"}),
        error_messages={"required": _("Choose the consulate.")},
    )
    at = _when_field(_("When notification was offered"))


def first_error(form: forms.Form) -> str:
    """The form's first error, prefixed with its field's label (for a status message)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""
