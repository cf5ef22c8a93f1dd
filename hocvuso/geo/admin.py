from django.contrib import admin

from hocvuso.geo.models import Commune, Hamlet, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "in_campaign_area"]
    list_filter = ["in_campaign_area", "kind"]
    search_fields = ["name", "name_folded"]


@admin.register(Hamlet)
class HamletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune"]
    search_fields = ["name", "name_folded"]
    raw_id_fields = ["commune"]
