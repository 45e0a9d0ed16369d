"""Inspections in the admin are for looking, not changing: every change goes through a service, which
checks permission and writes the audit event (docs/inspections.md)."""

from django.contrib import admin

from inspectorate.accounts.admin_audit import ReadOnlyAdmin

from .models import Evidence, Finding, GradeAward, Inspection
from .models.policy import ProgrammePolicy


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "force", "programme", "stage", "is_demonstration", "lead")
    list_filter = ("stage", "is_demonstration", "programme")
    search_fields = ("force__name", "title")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "inspection", "source_type", "marking", "verification")
    list_filter = ("source_type", "marking", "verification")
    search_fields = ("reference", "title")


@admin.register(GradeAward)
class GradeAwardAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "framework", "proposed_grade", "grade", "status", "awarded_at")
    list_filter = ("status",)


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "framework", "group", "kind", "position")
    list_filter = ("kind",)


@admin.register(ProgrammePolicy)
class ProgrammePolicyAdmin(ReadOnlyAdmin):
    """Changed with `set_programme_policy`, so the change is audited."""
