"""Base classes for the functioneel beheerder's admin pages: the beheerder manages what an admin page
holds, without Django's model permissions."""

from django.contrib import admin

from .access import is_beheerder


class BeheerAdmin(admin.ModelAdmin):
    def _may(self, request):
        return is_beheerder(request.user)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)


class BeheerInline:
    def has_view_permission(self, request, obj=None):
        return is_beheerder(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
