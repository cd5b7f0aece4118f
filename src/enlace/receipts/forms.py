"""The delivering officer's handover form: to whom, when (the reception point's local
time), which belongings, remarks. It only reads and checks input; ``handover_offer`` writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core import clock

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_ITEMS = 50
MAX_QUANTITY = 999
MAX_DESCRIPTION = 200
# "2 x blanket", "2× blanket", "blanket": a quantity is written with an "x" after it.
_ITEM = re.compile(r"^\s*(?:(?P<quantity>\d{1,6})\s*[x×X*]\s*)?(?P<description>\S.*?)\s*$")


def local_input(moment: datetime, zone: tzinfo) -> str:
    """``moment`` as a ``datetime-local`` field value on the clock of ``zone``."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def local_parse(text: str, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as an aware datetime; a time the clocks skipped (the
    spring-forward hour) is refused. In the repeated autumn hour the first one is meant."""
    naive = None
    for pattern in LOCAL_FORMATS:
        try:
            naive = datetime.strptime(text.strip(), pattern)  # noqa: DTZ007 - made aware below
            break
        except ValueError:
            continue
    if naive is None:
        raise ValidationError(_("Enter the date and time as YYYY-MM-DD HH:MM."), code="invalid")
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _("This time does not exist in %(zone)s: the clocks moved forward that night."),
            code="nonexistent",
            params={"zone": zone.key},
        )
    return aware


def belongings_parse(text: str) -> list[dict[str, Any]]:
    """One item per line, ``2 x blanket`` or ``blanket`` (one); blank lines are skipped."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_ITEMS:
        raise ValidationError(
            _("List at most %(count)s items."), code="too_many", params={"count": MAX_ITEMS}
        )
    items = []
    for number, line in enumerate(lines, start=1):
        match = _ITEM.match(line)
        if match is None:  # pragma: no cover - the pattern matches any non-blank line
            continue
        quantity = int(match["quantity"] or 1)
        description = match["description"]
        if not 1 <= quantity <= MAX_QUANTITY or len(description) > MAX_DESCRIPTION:
            raise ValidationError(
                _(
                    "Line %(line)s: write a quantity from 1 to %(max)s and a description "
                    "of at most %(length)s characters."
                ),
                code="item",
                params={"line": number, "max": MAX_QUANTITY, "length": MAX_DESCRIPTION},
            )
        items.append({"description": description, "quantity": quantity})
    return items


class HandoverOfferForm(forms.Form):
    """Receiving officer (one of those who may receive the person), local time, belongings."""

    receiving_officer = forms.TypedChoiceField(
        label=_("Receiving officer"), coerce=int, empty_value=None
    )
    handed_over_at = forms.CharField(
        label=_("Handed over at (local time of the reception point)"),
        max_length=25,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "usa-input"}),
    )
    belongings = forms.CharField(
        label=_("Belongings"),
        required=False,
        max_length=12000,
        help_text=_(
            'One item per line. For more than one, start with the number and "x", '
            'for example "2 x blanket".'
        ),  # fmt: skip
        widget=forms.Textarea(attrs={"rows": 4, "class": "usa-textarea"}),
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "usa-textarea"}),
    )

    def __init__(self, data: Any = None, *, officers: list[User], time_zone: str) -> None:
        self.zone = ZoneInfo(time_zone)
        self.officers = {officer.pk: officer for officer in officers}
        initial = {"handed_over_at": local_input(clock.now(), self.zone)}
        super().__init__(data, initial=initial)
        field = self.fields["receiving_officer"]
        field.choices = [("", _("Select an officer"))] + [  # type: ignore[attr-defined]
            (officer.pk, self._officer_label(officer)) for officer in officers
        ]
        field.widget.attrs["class"] = "usa-select"
        if len(officers) == 1:
            self.initial["receiving_officer"] = officers[0].pk

    @staticmethod
    def _officer_label(officer: User) -> str:
        """The officer's name and office, the office named in the active language."""
        name = officer.get_full_name() or officer.username
        office = officer.office
        if office is None:
            return name
        spanish = (get_language() or "").lower().startswith("es")
        return f"{name} — {(office.name_es if spanish else '') or office.name_en or office}"

    def clean_receiving_officer(self) -> User:
        officer = self.officers.get(self.cleaned_data["receiving_officer"])
        if officer is None:
            raise ValidationError(_("Select an officer from the list."), code="unknown")
        return officer

    def clean_handed_over_at(self) -> datetime:
        moment = local_parse(self.cleaned_data["handed_over_at"], self.zone)
        if moment > clock.now() + FUTURE_TOLERANCE:
            raise ValidationError(_("The handover cannot be in the future."), code="future")
        return moment

    def clean_belongings(self) -> list[dict[str, Any]]:
        return belongings_parse(self.cleaned_data["belongings"])
