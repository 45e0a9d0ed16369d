"""Planning an inspection: force, programme, frameworks, team, fieldwork dates."""

from __future__ import annotations

from typing import Any

from django import forms

from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.methodology.models import Framework, FrameworkKind, Programme

from ..models.rules import lead_candidates, team_candidates
from .govuk import GovukForm, set_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionForm(GovukForm):
    force = forms.ModelChoiceField(queryset=Force.objects.order_by("name"), empty_label="Choose a force")
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.latest_versions().order_by("name"), empty_label="Choose a programme"
    )
    frameworks = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Frameworks to inspect",
        help_text="Programmed frameworks of the chosen programme.",
    )
    title = forms.CharField(
        required=False, max_length=200, help_text="Optional; the force and programme name it."
    )
    lead = forms.ModelChoiceField(
        queryset=User.objects.filter(lead_candidates()),
        empty_label="Choose a lead inspector",
        label="Lead inspector (HMI)",
    )
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(team_candidates()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Inspectors",
    )
    fieldwork_starts = forms.DateField(required=False, widget=DATE)
    fieldwork_ends = forms.DateField(required=False, widget=DATE)
    is_demonstration = forms.BooleanField(
        required=False,
        label="This is a reconstruction for demonstration",
        help_text="It never counts nationally and can never be published.",
    )
    demonstration_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What it reconstructs"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmed = Framework.objects.of_kind(FrameworkKind.PROGRAMMED).order_by("position")
        codes: dict[str, str] = {}
        for framework in programmed:
            codes.setdefault(framework.code, f"{framework.code} {framework.name}")
        set_choices(self, "frameworks", list(codes.items()))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "force": data["force"],
            "programme": data["programme"],
            "frameworks": data["frameworks"],
            "lead": data["lead"],
            "inspectors": list(data["inspectors"]),
            "fieldwork_starts": data["fieldwork_starts"],
            "fieldwork_ends": data["fieldwork_ends"],
            "title": data["title"],
            "is_demonstration": data["is_demonstration"],
            "demonstration_note": data["demonstration_note"],
        }
