import django_filters
from django.utils.translation import gettext_lazy as _

from base.dates import DateRangeFilter
from base.widgets import DateRangeInput

from .models import AccessLog, Action


class AccessLogFilter(django_filters.FilterSet):
    at = DateRangeFilter(label=_("Periode"), widget=DateRangeInput)
    username = django_filters.CharFilter(label=_("Gebruiker"), lookup_expr="iexact")
    child_code = django_filters.CharFilter(label=_("Pseudoniem kind"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("Handeling"), choices=Action.choices, empty_label=_("alle"))

    class Meta:
        model = AccessLog
        fields = ["at", "username", "child_code", "action"]
