from django.contrib import admin

from kidportal.admin import BeheerAdmin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(BeheerAdmin):
    """Read-only for everybody, superusers included."""

    list_display = ["at", "username", "roles", "action", "outcome", "child_code", "client_address"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "child_code"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
