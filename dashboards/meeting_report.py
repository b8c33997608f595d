"""The stuurgroep's monthly vergaderstuk (issue 19): one samenwerkingsverband, one month, as a PDF.

Every figure in it is a table of reporting.build_tables(), the dashboard's own, for a scope and period as the
dashboard reads them (the partnership, or one pilot), so the PDF shows what that dashboard shows and hides what
it hides ("<5", "×", no median under 5). It is always the suppressed version: the paper is the stuurgroep's,
whoever makes it. A table that build_tables() gains appears by itself: in full among the month's figures and,
unless it is about the school year or places (NOT_COMPARED), side by side per period and per pilot.

Its cost is that of the dashboards it is made of (a fixed number of summary queries per scope and period, the
same at 100 or 1,000,000 trajectories) and WeasyPrint's rendering.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pilots.models import Pilot
from trajecten.models import Trajectory

from . import charts, periods, reporting
from .figures import in_tree_order
from .models import MeetingMinutes

# The school year, places, schools or pilots: shown once.
NOT_COMPARED = {"groepsarrangementen", "trend", "nulmeting", "uren", "pilots"}
# The medians, in days and in school days; other tables compare every column after the label.
COMPARED_COLUMNS = {"doorlooptijden": [2, 4]}
CELLS_PER_TABLE = 6  # more pilots than fit side by side go on in a next table
# A figure with several columns of its own (an amount and a share, 3 and 6 months) gets fewer dashboards per
# table: each under a heading that spans its columns, so that no header is squeezed into another.
GROUPED_CELLS_PER_TABLE = 4


@dataclass
class Compared:
    """One table of the dashboard with a column per period or pilot."""

    key: str
    title: str
    headers: list
    rows: list
    note: str = ""
    groups: list = field(default_factory=list)  # (dashboard, columns it spans) above the headers, if grouped


def previous_month(month):
    day = month.start - datetime.timedelta(days=1)
    return periods.month(day.year, day.month)


def next_month(month):
    day = month.end + datetime.timedelta(days=1)
    return periods.month(day.year, day.month)


def side_by_side(columns):
    """The tables of several dashboards ([(heading, tables)]) as one table per figure, a column per dashboard."""
    by_key = [{table.key: table for table in tables} for _heading, tables in columns]
    compared = []
    for table in columns[0][1]:
        if table.key in NOT_COMPARED or not table.rows:
            continue
        picked = COMPARED_COLUMNS.get(table.key, list(range(1, len(table.columns))))
        title = table.title if picked == [1] or len(picked) > 1 else f"{table.title}: {table.columns[picked[0]]}"
        grouped = len(picked) > 1
        per_chunk = max(1, (GROUPED_CELLS_PER_TABLE if grouped else CELLS_PER_TABLE) // len(picked))
        for start in range(0, len(columns), per_chunk):
            chunk = list(range(start, min(start + per_chunk, len(columns))))
            headers = [table.columns[i] if grouped else columns[n][0] for n in chunk for i in picked]
            groups = [(columns[n][0], len(picked)) for n in chunk] if grouped else []
            rows = []
            for row in table.rows:
                cells = []
                for n in chunk:
                    other = {r[0]: r for r in by_key[n][table.key].rows} if table.key in by_key[n] else {}
                    cells.extend(other[row[0]][i] if row[0] in other else "—" for i in picked)
                rows.append([row[0], *cells])
            compared.append(Compared(table.key, title, headers, rows, table.note, groups))
    return compared


def build(partnership, month, pilots):
    """Everything the vergaderstuk of `partnership` for `month` prints, over `pilots` (its pilots that the reader
    may report on)."""
    pilots = pilots.filter(partnership=partnership).order_by("pk")
    listed = in_tree_order(list(pilots.select_related("parent")))
    # A pilot's column holds its sub-pilots' work too, as its dashboard does (forms.ScopeForm.scope).
    in_scope = Pilot.objects.filter(pk__in=[pilot.pk for pilot, _depth in listed])
    year = periods.school_year_of(month.end)
    so_far = periods.months_from(year.start, month.end)
    before = previous_month(month)
    last_year = periods.month(month.start.year - 1, month.start.month)
    computed = {}

    def tables(scope, period, pilot=None):
        key = (pilot, period)
        if key not in computed:
            figures = reporting.compute(Trajectory.objects.filter(pilot__in=scope), scope, period)
            computed[key] = reporting.build_tables(figures, exact=False)
        return computed[key]

    month_tables = tables(pilots, month)
    comparison = side_by_side([
        (month.label, month_tables),
        (before.label, tables(pilots, before)),
        (last_year.label, tables(pilots, last_year)),
        (_("schooljaar tot nu"), tables(pilots, so_far)),
    ])
    per_pilot = {}
    if len(listed) > 1:
        for period in (month, so_far):
            per_pilot[period.label] = side_by_side([(_("totaal"), tables(pilots, period)), *(
                (("↳\u00a0" * depth) + pilot.name, tables(in_scope.with_sub_pilots(pilot), period, pilot.pk))
                for pilot, depth in listed)])
    by_key = {table.key: table for table in month_tables}
    return {
        "partnership": partnership, "month": month, "previous": before, "last_year": last_year, "so_far": so_far,
        "pilots": listed, "comparison": pairs(comparison), "per_pilot": per_pilot, "tables": month_tables,
        "all_figures": pairs(month_tables),
        "charts": _charts(by_key),
        "minutes": MeetingMinutes.objects.filter(partnership=partnership, month=before.start).first(),
        "made_at": timezone.localtime(),
    }


def pairs(tables):
    """Two tables beside each other on the page."""
    return [tables[start:start + 2] for start in range(0, len(tables), 2)]


def _charts(tables):
    """The dashboard's two charts: the school year month by month, and what closed in the month by outcome."""
    trend = tables["trend"].rows[:-1]  # without the total
    closed = tables["afgesloten"].rows[:-1]
    return [
        (tables["trend"].title, charts.bar_chart(
            [row[0] for row in trend],
            [(_("Nieuwe aanmeldingen"), [row[1] for row in trend]), (_("Afgesloten"), [row[2] for row in trend])])),
        (tables["afgesloten"].title, charts.bar_chart(
            [row[0] for row in closed], [(_("Afgesloten"), [row[1] for row in closed])], width=480)),
    ]


def render_pdf(context):
    """The PDF. The document fetches nothing: no protocol is allowed to WeasyPrint's fetcher."""
    html = render_to_string("dashboards/meeting_report.html", context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def filename(partnership, month):
    return f"vergaderstuk-{slugify(partnership.name)[:60]}-{month.start:%Y-%m}.pdf"
