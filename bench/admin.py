"""The second anchor: what a coördinator would otherwise use, the Django admin changelist of trajectories.

Registered only in the benchmark settings: the portal itself keeps children out of the admin.
"""

from django.contrib import admin

from trajecten.models import Trajectory


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
    list_display = ["pk", "child", "school", "pilot", "status", "coach", "registered_at"]
    list_filter = ["status", "school"]
    list_select_related = ["child", "school", "pilot", "coach"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
