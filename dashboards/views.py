import csv
import io
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts import access
from accounts.models import Role
from audit.log import log_access
from pilots.models import Pilot
from trajecten.models import Trajectory

from . import reporting
from .forms import ScopeForm
from .suppression import COMPLEMENTARY, PRIMARY


def _figures(request):
    """The scope form and, when valid, the figures and their tables for this user."""
    if not Pilot.objects.restrict(request.user, "report").exists():
        raise PermissionDenied
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    pilots, school, title = form.scope()
    trajectories = Trajectory.objects.filter(pilot__in=pilots)
    if school is not None:
        trajectories = trajectories.filter(school=school)
    # Exact figures only for a coordinator of every pilot in scope (who knows the children anyway).
    coordinated = access.pilot_ids(request.user, roles=(Role.COORDINATOR,))
    exact = bool(coordinated) and pilots.exists() and not pilots.exclude(pk__in=coordinated).exists()
    figures = reporting.compute(trajectories, pilots, form.chosen_period(), school=school)
    return form, {
        "title": title, "period": figures.period, "exact": exact, "figures": figures,
        "tables": reporting.build_tables(figures, exact),
    }


@login_required
def dashboard(request):
    form, result = _figures(request)
    context = {"form": form, **(result or {})}
    if result:
        tables = {table.key: table for table in result["tables"]}
        # Charts draw the tables' shown numbers: a hidden cell stays hidden in the chart too, drawn as what it is
        # ("<5", "×") and never as a number.
        chart_data = {
            "trend": [{"label": row[0], "new": chart_value(row[1]), "closed": chart_value(row[2]),
                       "open": chart_value(row[3])} for row in tables["trend"].rows[:-1]],
            "closed": [{"label": row[0], "value": chart_value(row[1])} for row in tables["afgesloten"].rows[:-1]],
        }
        context["chart_data"] = chart_data
        context["chart_hides"] = {
            key: sorted({value for point in points for value in point.values() if value in HIDDEN})
            for key, points in chart_data.items()
        }
        context["export_query"] = request.GET.urlencode()
    return render(request, "dashboards/dashboard.html", context)


HIDDEN = (PRIMARY, COMPLEMENTARY)


def chart_value(value):
    """A table cell for a chart: its number, how it is hidden ("<5" or "×"), or None when there is none ("—")."""
    if isinstance(value, int | float) or value in HIDDEN:
        return value
    return None


DOWNLOAD_TOKEN = re.compile(r"[0-9a-z]{1,32}")


def safe_cell(value):
    """Spreadsheet programs run text that starts with = + - @ as a formula: never let a name do that."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _export_rows(result):
    yield [_("KID-portaal dashboard"), result["title"], result["period"].label]
    if not result["exact"]:
        yield [_("Aantallen van 1 tot en met 4 staan als <5; × is verborgen zodat niets terug te rekenen is.")]
    for table in result["tables"]:
        yield []
        yield [table.title]
        yield list(table.columns)
        yield from table.rows
        if table.note:
            yield [table.note]


def _filename(result, extension):
    return f"kidportaal-{slugify(result['title'])[:60]}-{slugify(result['period'].label)}.{extension}"


@login_required
def export(request, fmt):
    form, result = _figures(request)
    if result is None:
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    log_access(request, "export", detail=f"dashboard {fmt}: {result['title']}, {result['period'].label}")
    rows = [[safe_cell(str(value)) if isinstance(value, str) else value for value in row]
            for row in _export_rows(result)]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Dashboard")
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for table_title_row in sheet.iter_rows(min_row=1, max_col=1):
            cell = table_title_row[0]
            if cell.value in {table.title for table in result["tables"]}:
                cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, fmt)}"'
    token = request.GET.get("download", "")
    if DOWNLOAD_TOKEN.fullmatch(token):
        # The page that asked for the export sees this cookie arrive and takes its "Bezig met…" away.
        response.set_cookie("download", token, max_age=60, samesite="Lax", secure=request.is_secure())
    return response
