from django.contrib import admin

from accounts.beheer import BeheerAdmin

from .models import ConcernArea


@admin.register(ConcernArea)
class ConcernAreaAdmin(BeheerAdmin):
    """A reference list only: children and trajectories are not in the admin (privacy)."""

    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
