import django_filters
from django.utils.translation import gettext_lazy as _

from base.dates import DateRangeFilter
from base.widgets import DateRangeInput

from .models import AccessLog, Action


class AccessLogFilter(django_filters.FilterSet):
    at = DateRangeFilter(label=_("Periode"), widget=DateRangeInput)
    username = django_filters.CharFilter(label=_("Gebruiker"), lookup_expr="iexact")
    child_code = django_filters.CharFilter(
        label=_("Pseudoniem kind"), lookup_expr="iexact",
        help_text=_("Zoals K-7QH2M9XC4P. Vraag het aan de coördinator van de pilot: die ziet het op de pagina van "
                    "het traject, met een knop om het te kopiëren."),
    )
    action = django_filters.ChoiceFilter(label=_("Handeling"), choices=Action.choices, empty_label=_("alle"))

    class Meta:
        model = AccessLog
        fields = ["at", "username", "child_code", "action"]
