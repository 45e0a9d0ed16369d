from django.contrib import admin

from inspectorate.accounts.admin_audit import ReadOnlyAdmin

from .models import Flag, Indicator, IngestRun, Observation, Unit

# Read-only: monitoring data changes only through the ingest and the flag services, which check
# and audit every change.


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "measure", "direction", "catalogue_version"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "force"]
    list_filter = ["kind", "force"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "unit", "period", "value", "numerator", "denominator"]
    list_filter = ["indicator"]
    list_select_related = ["indicator", "unit__force"]


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "rows", "observations", "replaced"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["unit", "indicator", "framework", "strength", "raised_on", "current", "decision"]
    list_filter = ["current", "decision", "framework"]
    list_select_related = ["unit__force", "indicator", "framework"]
