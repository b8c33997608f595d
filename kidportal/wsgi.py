import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kidportal.settings")
application = get_wsgi_application()
# The URLconf, and with it the views and WeasyPrint (about a second to import: Pango's bindings), is loaded while
# the worker starts, not during the first request it serves.
URL_PATTERNS = get_resolver().url_patterns
