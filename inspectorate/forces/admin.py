"""Forces, their command units and facts are corrected here when a published source changes; every
change is audited. Peer groups are loaded from a versioned file and only looked at."""

from django.contrib import admin
from django.http import HttpRequest

from inspectorate.accounts.admin_audit import AuditedModelAdmin, ReadOnlyAdmin

from .models import CommandUnit, Force, ForceFact, PeerGroupSet


class CommandUnitInline(admin.TabularInline):
    model = CommandUnit
    extra = 0


class ForceFactInline(admin.TabularInline):
    model = ForceFact
    extra = 0


@admin.register(Force)
class ForceAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "country", "region")
    list_filter = ("country", "region")
    search_fields = ("name", "code")
    inlines = [CommandUnitInline, ForceFactInline]

    def has_delete_permission(self, request: HttpRequest, obj: Force | None = None) -> bool:
        # A force is never deleted (its inspections and published reports refer to it); its units and
        # facts can be, one by one, each audited.
        return False


@admin.register(PeerGroupSet)
class PeerGroupSetAdmin(ReadOnlyAdmin):
    list_display = ("version", "unit_kind", "loaded_at")
