from django.contrib import admin

from .models import CommandUnit, Force, ForceFact, PeerGroupSet


class CommandUnitInline(admin.TabularInline):
    model = CommandUnit
    extra = 0


class ForceFactInline(admin.TabularInline):
    model = ForceFact
    extra = 0


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "country", "region")
    list_filter = ("country", "region")
    search_fields = ("name", "code")
    inlines = [CommandUnitInline, ForceFactInline]


@admin.register(PeerGroupSet)
class PeerGroupSetAdmin(admin.ModelAdmin):
    list_display = ("version", "unit_kind", "loaded_at")
