from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .municipalities import restore_shipped


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Samenwerkingsverbanden, organisaties en scholen")

    def ready(self):
        # After every migrate and every flush (a test's, `manage.py flush`) the reference list is there, as Django
        # brings back content types and permissions.
        post_migrate.connect(restore_shipped, sender=self)
