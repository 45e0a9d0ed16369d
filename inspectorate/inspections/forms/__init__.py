"""The forms of the inspection pages. Each checks only the shape of its input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator

from ..choices import FindingKind, JudgementValue, Marking, SourceType
from .govuk import GovukBoundField, GovukForm, grouped, set_choices

__all__ = [
    "AwardForm",
    "CommentForm",
    "ConditionForm",
    "DecisionForm",
    "EvidenceForm",
    "FileForm",
    "FindingForm",
    "GovukBoundField",
    "GovukForm",
    "JudgementForm",
    "LinkCriteriaForm",
    "MoveForm",
    "ResponseForm",
    "SendBackForm",
    "VerificationForm",
    "criteria_choices",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def criteria_choices(frameworks: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Criteria grouped by framework, for checkboxes: "CA-F01 A named chief officer is …"."""
    groups = []
    for framework in frameworks:
        options = [
            (c.code, f"{c.code} {Truncator(c.text).words(14)}")
            for c in framework.criteria.order_by("position")
        ]
        groups.append((f"{framework.code} {framework.name}", options))
    return groups


class CriteriaField(forms.MultipleChoiceField):
    """Criteria checkboxes (by code) grouped by framework (rendered by grouped_checkboxes.html)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


class _WithCriteria(GovukForm):
    def set_criteria(self, frameworks: Any) -> None:
        choices = criteria_choices(frameworks)
        set_choices(self, "criteria", choices)
        self.criteria_groups = grouped(choices)

    def selected_criteria(self) -> set[str]:
        value = self["criteria"].value() or []
        return {str(v) for v in value}


def evidence_label(item: Any) -> str:
    """ "E012 Referral audit (verified)": an item to choose, with its verification state."""
    state = str(item.get_verification_display()).lower()
    if item.outside_period:
        state += ", outside the assessment period" + (
            " (reason recorded)" if item.outside_period_reason.strip() else ""
        )
    return f"{item.reference} {Truncator(item.title).words(10)} ({state})"


class EvidenceField(CriteriaField):
    """Evidence checkboxes, by reference (rendered by grouped_checkboxes.html)."""


def bearing_on(items: Any, frameworks: Any) -> set[int]:
    """The ids of the items that bear on any of `frameworks` (through a criterion or as a whole);
    each item's criteria and frameworks prefetched."""
    codes = {f.pk for f in frameworks}
    return {
        item.pk
        for item in items
        if any(c.framework_id in codes for c in item.criteria.all())
        or any(f.pk in codes for f in item.frameworks.all())
    }


class _WithEvidence(GovukForm):
    """Evidence checkboxes (by reference) for the items a record rests on: those bearing on the
    record's framework first, under `favoured`, then the rest of the inspection's items."""

    def set_evidence(self, items: Any, favoured: set[int], heading: str) -> None:
        items = list(items)
        self.evidence_items = {item.reference: item for item in items}
        first = [(i.reference, evidence_label(i)) for i in items if i.pk in favoured]
        rest = [(i.reference, evidence_label(i)) for i in items if i.pk not in favoured]
        set_choices(self, "evidence", first + rest)
        self.evidence_groups = [
            (label, options)
            for label, options in ((heading, first), ("Other evidence of this inspection", rest))
            if options
        ]

    def selected_evidence(self) -> set[str]:
        return {str(v) for v in (self["evidence"].value() or [])}

    def chosen_evidence(self) -> list[Any]:
        return [self.evidence_items[ref] for ref in self.cleaned_data["evidence"]]


class EvidenceForm(_WithCriteria):
    reference = forms.CharField(
        max_length=20,
        required=False,
        help_text="Leave empty to number it after the last item (E001, E002, …).",
    )
    title = forms.CharField(max_length=200)
    source_type = forms.ChoiceField(choices=SourceType.choices, widget=forms.RadioSelect)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="What the evidence says")
    collected_by = forms.ChoiceField(label="Collected by")
    collected_on = forms.DateField(widget=DATE, label="Date collected")
    effective_date = forms.DateField(
        widget=DATE, help_text="The date the evidence describes. It should fall inside the assessment period."
    )
    outside_period_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why it may be used although it falls outside the assessment period",
        help_text="Only needed when the effective date is outside the assessment period.",
    )
    marking = forms.ChoiceField(
        choices=[("", "Decide from the frameworks it bears on"), *Marking.choices],
        required=False,
        widget=forms.RadioSelect,
        label="Protective marking",
        help_text="Evidence about victims, children and offenders is OFFICIAL-SENSITIVE by default.",
    )
    file = forms.FileField(
        required=False,
        label="Attach a file (optional)",
        help_text="PDF, image, Office document, plain text or CSV.",
    )
    frameworks = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Frameworks it bears on",
        help_text="Also for evidence that bears on a framework as a whole rather than on named criteria.",
    )
    criteria = CriteriaField(label="Criteria it bears on")

    def __init__(
        self, *args: Any, frameworks: Any = (), team: Any = (), editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        frameworks = list(frameworks)
        self.set_criteria(frameworks)
        set_choices(self, "frameworks", [(f.code, f"{f.code} {f.name}") for f in frameworks])
        set_choices(self, "collected_by", [(str(u.pk), u.get_full_name() or u.username) for u in team])
        if editing:
            # Changing an item keeps its reference, file and criteria links (they have their own forms).
            for name in ("reference", "file", "criteria"):
                del self.fields[name]
            set_choices(self, "marking", Marking.choices)
            self.fields["marking"].required = True


class FileForm(GovukForm):
    file = forms.FileField(label="Attach a file", help_text="PDF, image, Office document, plain text or CSV.")


class VerificationForm(GovukForm):
    move = forms.ChoiceField(
        choices=[
            ("verify", "Verified: I checked the original or tested it in practice"),
            ("corroborate", "Corroborated: a second, independent source agrees"),
            ("reset", "Back to unverified"),
        ],
        widget=forms.RadioSelect,
        label="Change its verification",
    )
    corroborating = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label="Corroborating item",
        help_text="When corroborating, or verifying a force self-assessment by an independent item.",
    )
    tested_in_practice = forms.BooleanField(
        required=False,
        label="Tested in practice (the note says how)",
        help_text="A force self-assessment is verified only by an independent item or a test in practice.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What was checked, or which source agrees, or why it goes back.",
    )

    def __init__(self, *args: Any, others: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "corroborating",
            [("", "None: the note names the source")] + [(e.pk, f"{e.reference} {e.title}") for e in others],
        )


class LinkCriteriaForm(_WithCriteria):
    criteria = CriteriaField(label="Criteria this evidence bears on")

    def __init__(self, *args: Any, frameworks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_criteria(frameworks)


JUDGEMENT_CHOICES = [
    (JudgementValue.MET.value, "Met"),
    (JudgementValue.PARTLY.value, "Partly"),
    (JudgementValue.NOT_MET.value, "Not met"),
    (JudgementValue.NOT_APPLICABLE.value, "N/a"),
]


class JudgementForm(GovukForm):
    """One criterion's judgement. `evidence` are the items linked to the criterion: the boxes to choose
    the ones it rests on. A post without `evidence_shown` (a client that shows no boxes) keeps the
    evidence already chosen; with it, the ticked boxes are the whole choice, none ticked meaning none."""

    value = forms.ChoiceField(
        choices=[("", "Not yet judged"), *JUDGEMENT_CHOICES], required=False, label="Judgement"
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The judgement's version the row was drawn from (0: none yet); see docs/concurrent-editing.md.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    evidence = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Evidence it rests on"
    )
    evidence_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, evidence: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.reference: item for item in evidence}
        set_choices(self, "evidence", [(ref, f"{ref} {item.title}") for ref, item in self.items.items()])

    def chosen_evidence(self) -> list[Any] | None:
        if not self.cleaned_data.get("evidence_shown"):
            return None
        return [self.items[ref] for ref in self.cleaned_data["evidence"]]


class ConditionForm(_WithEvidence):
    """One Excellent condition for one framework: present or not, why, and the evidence for it."""

    present = forms.BooleanField(required=False)
    rationale = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Evidence and reasons"
    )
    evidence = EvidenceField(label="Evidence it rests on")

    def __init__(self, *args: Any, evidence: Any = (), framework: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evidence = list(evidence)
        frameworks = [framework] if framework is not None else []
        heading = f"Evidence bearing on {framework.code}" if framework is not None else "Evidence"
        self.set_evidence(evidence, bearing_on(evidence, frameworks), heading)


class AwardForm(GovukForm):
    grade = forms.ChoiceField(widget=forms.RadioSelect, label="Grade to award")
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when the grade differs from the proposal or when no grade is proposed. "
        "A lead inspector other than you must then approve the departure.",
    )

    def __init__(self, *args: Any, grades: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "grade", [(g.code, g.name) for g in grades])


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve the departure"), ("reject", "Reject it")],
        widget=forms.RadioSelect,
        label="Your decision",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(_WithCriteria, _WithEvidence):
    kind = forms.ChoiceField(choices=FindingKind.choices, widget=forms.RadioSelect, label="Kind of finding")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Finding")
    criteria = CriteriaField(label="Criteria it comes from")
    evidence = EvidenceField(label="Evidence it rests on")

    def __init__(self, *args: Any, frameworks: Any = (), evidence: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frameworks = list(frameworks)
        self.set_criteria(frameworks)
        evidence = list(evidence)
        names = ", ".join(f.code for f in frameworks)
        self.set_evidence(evidence, bearing_on(evidence, frameworks), f"Evidence bearing on {names}")


class CommentForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your comment on this finding")


class ResponseForm(GovukForm):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="The team's answer")


class MoveForm(GovukForm):
    to_stage = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SendBackForm(GovukForm):
    # Required by the service, which says so; the form only carries it.
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Why it goes back")
