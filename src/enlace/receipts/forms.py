"""The delivering officer's handover form: to whom, when (the reception point's local
time), which belongings, remarks; why, when the time is far from the planned one; which
members of the person's family unit go with the person. It only reads and checks input;
``handover_offer`` and ``handover_offer_family`` write."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core import clock
from enlace.repatriation.models import Repatriation

from .services import timing_reason_needed

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_ITEMS = 50
MAX_QUANTITY = 999
MAX_DESCRIPTION = 200
MAX_REASON = 500
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


def span_words(minutes: int) -> str:
    """``120`` as "2 hours", ``90`` as "90 minutes", in the active language."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


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

    timing_reason = forms.CharField(
        label=_("Reason for the time difference"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2, "class": "usa-textarea"}),
    )
    family = forms.TypedMultipleChoiceField(
        label=_("Hand over the family together"),
        required=False,
        coerce=int,
        error_messages={
            "invalid_choice": _(
                "A person checked is no longer waiting for this handover. Reload the page."
            )
        },
        help_text=_(
            "Each person checked gets a receipt of their own, signed now with the same "
            "officer, time and remarks. The belongings go on this person's receipt."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        officers: list[User],
        time_zone: str,
        scheduled_at: datetime | None = None,
        family: list[Repatriation] | None = None,
    ) -> None:
        self.zone = ZoneInfo(time_zone)
        self.officers = {officer.pk: officer for officer in officers}
        self.scheduled_at = scheduled_at
        self.members = {member.pk: member for member in family or []}
        initial = {
            "handed_over_at": local_input(clock.now(), self.zone),
            "family": list(self.members),
        }
        super().__init__(data, initial=initial)
        self.fields["timing_reason"].help_text = _(
            "Required when the handover time is more than %(span)s from the planned time."
        ) % {"span": span_words(settings.ENLACE_HANDOVER_REASON_AFTER)}
        if self.members:
            self.fields["family"].choices = [  # type: ignore[attr-defined]
                (member.pk, member.person.full_name) for member in self.members.values()
            ]
        else:
            del self.fields["family"]
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

    def clean_family(self) -> list[Repatriation]:
        """The members checked (the field's choices refuse any other id)."""
        return [self.members[pk] for pk in self.cleaned_data["family"]]

    def clean(self) -> dict[str, Any]:
        """A handover far from its planned time (that of any person handed over) needs a
        reason: more than ``ENLACE_HANDOVER_REASON_AFTER`` minutes either way."""
        data = super().clean() or {}
        moment = data.get("handed_over_at")
        planned = [m.scheduled_at for m in data.get("family", [])]
        planned += [self.scheduled_at] if self.scheduled_at else []
        far = moment is not None and any(
            timing_reason_needed(planned=at, handed_over_at=moment) for at in planned
        )
        if far and not data.get("timing_reason", "").strip():
            self.add_error(
                "timing_reason",
                ValidationError(
                    _(
                        "Say why the handover time is more than %(span)s from the planned "
                        "time (%(planned)s)."
                    ),
                    code="reason_required",
                    params={
                        "span": span_words(settings.ENLACE_HANDOVER_REASON_AFTER),
                        "planned": local_input(min(planned), self.zone).replace("T", " "),
                    },
                ),
            )
        data["timing_reason"] = data.get("timing_reason", "").strip()
        return data
