"""The review decisions as forms: what a reviewer may post, validated, in their language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CandidateDecision:
    MERGE = "merge"
    DIFFERENT = "different"


class CandidateDecisionForm(forms.Form):
    """Decide a pair of the review queue: one person (merge) or two."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CandidateDecision.MERGE, _("Same person — merge")),
            (CandidateDecision.DIFFERENT, _("Different persons")),
        ],
        error_messages={
            "required": _("Choose whether the two records are the same person."),
            "invalid_choice": _("Choose whether the two records are the same person."),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("Why you decided so, without personal details. Up to 500 characters."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "usa-textarea"}),
    )

    @property
    def accept(self) -> bool:
        return bool(self.cleaned_data["decision"] == CandidateDecision.MERGE)


class FamilyDecisionForm(forms.Form):
    """Accept or reject a proposed family link."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Same family")), ("reject", _("Not a family"))],
        error_messages={
            "required": _("Choose whether the two persons are family."),
            "invalid_choice": _("Choose whether the two persons are family."),
        },
    )

    @property
    def accept(self) -> bool:
        return bool(self.cleaned_data["decision"] == "accept")
