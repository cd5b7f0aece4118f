"""Admin pages for the reference tables. Admins may edit them; the CSV files stay the source
that ``enlace load-reference`` reloads (a reload overwrites edited fields of loaded rows)."""

from __future__ import annotations

from django.contrib import admin

from enlace.core.admin import AuditedModelAdmin

from .models import (
    Agency,
    Consulate,
    County,
    Language,
    Municipality,
    Office,
    Port,
    ReceptionPoint,
    Sector,
    State,
)


@admin.register(State)
class StateAdmin(AuditedModelAdmin):
    list_display = ["inegi_code", "curp_code", "name", "abbreviation"]
    search_fields = ["inegi_code", "curp_code", "name", "abbreviation"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["cvegeo", "name", "seat_name", "state", "population_2020"]
    list_filter = ["state"]
    search_fields = ["cvegeo", "name", "seat_name"]
    list_select_related = ["state"]


@admin.register(Language)
class LanguageAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "name_es", "indigenous"]
    list_filter = ["indigenous"]
    search_fields = ["code", "name_en", "name_es"]


@admin.register(Sector)
class SectorAdmin(AuditedModelAdmin):
    list_display = [
        "code",
        "name",
        "former_code",
        "former_name",
        "us_state",
        "headquarters",
        "order",
    ]
    search_fields = ["code", "name", "former_code", "former_name", "headquarters"]


@admin.register(Port)
class PortAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "us_state", "mx_city", "mx_state", "sector", "time_zone"]
    list_filter = ["us_state", "sector", "mx_state"]
    search_fields = ["code", "name", "mx_city"]
    list_select_related = ["mx_state", "sector"]


@admin.register(ReceptionPoint)
class ReceptionPointAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "city", "state", "interior", "time_zone"]
    list_filter = ["state", "interior"]
    search_fields = ["code", "name", "city"]
    filter_horizontal = ["ports"]
    list_select_related = ["state"]


@admin.register(County)
class CountyAdmin(AuditedModelAdmin):
    list_display = ["fips", "name", "us_state"]
    list_filter = ["us_state"]
    search_fields = ["fips", "name"]


@admin.register(Consulate)
class ConsulateAdmin(AuditedModelAdmin):
    list_display = ["code", "city", "us_state", "category", "time_zone"]
    list_filter = ["us_state", "category"]
    search_fields = ["code", "city"]
    filter_horizontal = ["district"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "country", "name_en", "name_es", "parent", "dissolved_on"]
    list_filter = ["country"]
    search_fields = ["code", "name_en", "name_es"]
    filter_horizontal = ["successors"]
    list_select_related = ["parent"]


@admin.register(Office)
class OfficeAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "agency", "city", "time_zone", "closed_on"]
    list_filter = ["agency", "agency__country"]
    search_fields = ["code", "name_en", "name_es", "city"]
    list_select_related = ["agency"]
    raw_id_fields = ["successor"]
