"""The pilots' own indicators (their monitoringsafspraken, pilots.Indicator) as a dashboard table, beside the
figures of the summary: values the coördinator entered by hand, read for the scope's pilots and period."""

from django.db.models import Q
from django.utils.translation import gettext as _

from pilots.models import Indicator, IndicatorFrequency, IndicatorValue

from . import reporting


def tables(pilots, period):
    """[the table of the indicators of `pilots` with their values in `period`], or [] when none of the pilots
    defined one. A monthly value counts for its month, a school year's for every period that touches the school
    year. Two queries, however many pilots and values."""
    if pilots is None:
        return []
    indicators = list(Indicator.objects.filter(pilot__in=pilots).select_related("pilot")
                      .order_by("pilot__name", "name"))
    if not indicators:
        return []
    year_before = period.start.replace(year=period.start.year - 1)
    values = IndicatorValue.objects.filter(indicator__in=indicators, period_start__lte=period.end).filter(
        Q(indicator__frequency=IndicatorFrequency.MONTH, period_start__gte=period.start)
        | Q(indicator__frequency=IndicatorFrequency.SCHOOL_YEAR, period_start__gt=year_before)
    ).order_by("period_start")
    by_indicator = {}
    for entry in values:
        by_indicator.setdefault(entry.indicator_id, []).append(entry)
    rows = []
    for indicator in indicators:
        entries = by_indicator.get(indicator.pk, [])
        for entry in entries:
            entry.indicator = indicator
            rows.append([indicator.name, indicator.pilot.name, indicator.unit, str(entry.period_label),
                         number(entry.value)])
        if not entries:
            rows.append([indicator.name, indicator.pilot.name, indicator.unit, "—", _("nog niet ingevoerd")])
    return [reporting.Table(
        "indicatoren", _("Eigen indicatoren (monitoringsafspraken)"),
        [_("Indicator"), _("Pilot"), _("Eenheid"), _("Periode"), _("Waarde")], rows,
        note=_("Waarden die de coördinator van de pilot zelf invoert, per maand of per schooljaar: cijfers over de "
               "pilot als geheel, geen gegevens van kinderen. Daarom staan ze er onafgeschermd bij, ook een waarde "
               "onder de 5, en ook als het dashboard één school toont."),
    )]


def number(value):
    """A Decimal as the other tables' numbers: a whole one as int (12, not 12,00), else as float (7,5)."""
    return int(value) if value == value.to_integral_value() else float(value)

