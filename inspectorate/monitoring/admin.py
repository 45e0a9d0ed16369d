from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Flag, Indicator, IngestRun, Observation, Unit

# Read-only: monitoring data changes only through the ingest and the flag services, which check
# and audit every change.


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnly):
    list_display = ["code", "name", "measure", "direction", "catalogue_version"]


@admin.register(Unit)
class UnitAdmin(ReadOnly):
    list_display = ["name", "kind", "code", "force"]
    list_filter = ["kind", "force"]


@admin.register(Observation)
class ObservationAdmin(ReadOnly):
    list_display = ["indicator", "unit", "period", "value", "numerator", "denominator"]
    list_filter = ["indicator"]
    list_select_related = ["indicator", "unit__force"]


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnly):
    list_display = ["started_at", "rows", "observations", "replaced"]


@admin.register(Flag)
class FlagAdmin(ReadOnly):
    list_display = ["unit", "indicator", "framework", "strength", "raised_on", "current", "decision"]
    list_filter = ["current", "decision", "framework"]
    list_select_related = ["unit__force", "indicator", "framework"]
