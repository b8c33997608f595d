from django.contrib.admin.apps import AdminConfig


class KidAdminConfig(AdminConfig):
    default_site = "kidportal.admin.KidAdminSite"
