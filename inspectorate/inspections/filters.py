"""The evidence register's filters (django-filter), one set for the register page and the API's
evidence list, so both narrow the register the same way.

The criterion filter names criteria, and the use filter (what rests on an item: judgements, findings,
conditions) follows the team's working: both are offered only to those who may see the inspection's
working. A value that is not one of the choices is an error on the form (the
page shows the register unfiltered by it, as a filter is only a link; the API refuses it, 422)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from inspectorate.forces.models import Force
from inspectorate.methodology.models import Programme

from .choices import Marking, SourceType, Stage, Verification
from .forms.govuk import GovukForm
from .models import Evidence, Inspection
from .models.rules import team_q
from .services.evidence_use import USE_CHOICES, by_use

PERIOD_CHOICES = [("false", "Inside the assessment period"), ("true", "Outside the assessment period")]


class EvidenceFilter(django_filters.FilterSet):
    source_type = django_filters.ChoiceFilter(
        choices=SourceType.choices, empty_label="Any source", label="Source type"
    )
    verification = django_filters.ChoiceFilter(choices=Verification.choices, empty_label="Any state")
    marking = django_filters.ChoiceFilter(choices=Marking.choices, empty_label="Any marking")
    framework = django_filters.ChoiceFilter(method="in_framework", empty_label="Any framework")
    criterion = django_filters.ChoiceFilter(field_name="criteria__code", empty_label="Any criterion")
    outside_period = django_filters.ChoiceFilter(
        method="by_period", choices=PERIOD_CHOICES, empty_label="Any date", label="Assessment period"
    )
    use = django_filters.ChoiceFilter(
        method="by_use", choices=USE_CHOICES, empty_label="Any use", label="What rests on it"
    )

    class Meta:
        model = Evidence
        fields: list[str] = []
        form = GovukForm

    def __init__(self, data: Any, queryset: QuerySet[Evidence], *, inspection: Inspection, working: bool):
        super().__init__(data, queryset=queryset)
        self.inspection = inspection
        frameworks = list(inspection.frameworks.order_by("position"))
        self.filters["framework"].extra["choices"] = [(f.code, f.name) for f in frameworks]
        if working:
            self.filters["criterion"].extra["choices"] = [
                (f.name, [(c.code, c.code) for c in f.criteria.order_by("position")]) for f in frameworks
            ]
        else:
            del self.filters["criterion"]
            del self.filters["use"]

    def in_framework(self, queryset: QuerySet[Evidence], name: str, value: str) -> QuerySet[Evidence]:
        return queryset.filter(Q(frameworks__code=value) | Q(criteria__framework__code=value))

    def by_period(self, queryset: QuerySet[Evidence], name: str, value: str) -> QuerySet[Evidence]:
        programme = self.inspection.programme
        inside = Q(effective_date__range=(programme.period_start, programme.period_end))
        return queryset.exclude(inside) if value == "true" else queryset.filter(inside)

    def by_use(self, queryset: QuerySet[Evidence], name: str, value: str) -> QuerySet[Evidence]:
        return by_use(queryset, value)

    @property
    def chosen(self) -> dict[str, str]:
        """The filters given with a valid value (for the page's links and its "match the filters")."""
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    def narrowed(self) -> QuerySet[Evidence]:
        """The register narrowed by every valid filter (an item matching several criteria, once)."""
        return self.qs.distinct()


MINE_CHOICES = [("true", "Only inspections I lead or am on")]
DEMONSTRATION_CHOICES = [("false", "Leave out reconstructions"), ("true", "Only reconstructions")]


class InspectionFilter(django_filters.FilterSet):
    """The inspection list's filters. They narrow what the user may already see (the caller passes
    `Inspection.objects.restrict(user, "view")`); a value that is not a choice is an error on the form
    and that filter is left out."""

    programme = django_filters.ChoiceFilter(field_name="programme__code", empty_label="Any programme")
    force = django_filters.ChoiceFilter(field_name="force__code", empty_label="Any force")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    mine = django_filters.ChoiceFilter(
        method="by_team", choices=MINE_CHOICES, empty_label="Everyone's", label="Team"
    )
    demonstration = django_filters.ChoiceFilter(
        method="by_demonstration",
        choices=DEMONSTRATION_CHOICES,
        empty_label="Real inspections and reconstructions",
        label="Reconstructions for demonstration",
    )

    class Meta:
        model = Inspection
        fields: list[str] = []
        form = GovukForm

    def __init__(self, data: Any, queryset: QuerySet[Inspection], *, user: Any):
        super().__init__(data, queryset=queryset)
        self.user = user
        programmes = Programme.objects.filter(inspections__in=queryset).distinct().order_by("name")
        self.filters["programme"].extra["choices"] = sorted({(p.code, p.name) for p in programmes})
        forces = Force.objects.filter(inspections__in=queryset).distinct().order_by("name")
        self.filters["force"].extra["choices"] = [(f.code, f.name) for f in forces]

    def by_team(self, queryset: QuerySet[Inspection], name: str, value: str) -> QuerySet[Inspection]:
        return queryset.filter(team_q(self.user)).distinct() if value == "true" else queryset

    def by_demonstration(self, queryset: QuerySet[Inspection], name: str, value: str) -> QuerySet[Inspection]:
        return queryset.filter(is_demonstration=value == "true")

    @property
    def chosen(self) -> dict[str, str]:
        """The filters given with a valid value (kept in the page links)."""
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value}
