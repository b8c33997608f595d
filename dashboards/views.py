import csv
import io
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts import access
from accounts.models import Role
from audit.log import log_access
from partners.models import Partnership
from pilots.models import Pilot
from trajecten.models import Trajectory

from . import meeting_report, periods, reporting
from .forms import MeetingMinutesForm, MeetingReportForm, ScopeForm, month_in_range
from .models import MeetingMinutes
from .suppression import COMPLEMENTARY, PRIMARY


def _figures(request):
    """The scope form and, when valid, the figures and their tables for this user."""
    if not Pilot.objects.restrict(request.user, "report").exists():
        raise PermissionDenied
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    pilots, schools, title = form.scope()
    trajectories = Trajectory.objects.filter(pilot__in=pilots)
    if schools is not None:
        trajectories = trajectories.filter(school__in=schools)
    # Exact figures only for a coordinator of every pilot in scope (who knows the children anyway).
    coordinated = access.pilot_ids(request.user, roles=(Role.COORDINATOR,))
    exact = bool(coordinated) and pilots.exists() and not pilots.exclude(pk__in=coordinated).exists()
    figures = reporting.compute(trajectories, pilots, form.chosen_period(), schools=schools)
    return form, {
        "title": title, "period": figures.period, "exact": exact, "figures": figures,
        "tables": reporting.build_tables(figures, exact),
    }


@login_required
def scope(request):
    """Which figures: the scope form on a page of its own, filled in as the dashboard has it, sent to the
    dashboard. The dashboard holds the form itself only while it has no figures to show (a first visit without a
    reading, or a choice it could not read)."""
    if not Pilot.objects.restrict(request.user, "report").exists():
        raise PermissionDenied
    form = ScopeForm(request.GET, user=request.user)
    if request.GET:
        form.is_valid()  # its messages, where the dashboard was given something it could not read
    return render(request, "dashboards/scope.html", {"form": form})


# Tables with a row per school, pilot or municipality, or many columns: they may scroll sideways on a phone.
WIDE_TABLES = {"uren", "pilots", "gemeenten", "nulmeting", "doorlooptijden", "groepsarrangementen"}


@login_required
def dashboard(request):
    form, result = _figures(request)
    context = {"form": form, "wide_tables": WIDE_TABLES, **(result or {})}
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
        context["export_query"] = request.GET.urlencode()  # the scope page's too
        context.update(_meeting_links(request, form, result["period"]))
    return render(request, "dashboards/dashboard.html", context)


@login_required
def hours(request):
    """The table of hours per school of the dashboard's figures, on a page of its own: a row per school of the
    scope (forty in a partnership) is more than the dashboard's overview needs, which shows its total. The same
    figures with the same suppression; a choice the page cannot read shows the scope form with its message (400, as
    the exports answer it)."""
    form, result = _figures(request)
    if result is None:
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    return render(request, "dashboards/hours.html", {
        **result, "table": next((table for table in result["tables"] if table.key == "uren"), None),
        "query": request.GET.urlencode(), "wide_tables": WIDE_TABLES,
    })


def _meeting_links(request, form, period):
    """For a samenwerkingsverband's dashboard: its vergaderstuk of the month shown (of last month when the period
    is not one month), and for its coördinatoren the stuurgroep's decisions about that month's vergaderstuk."""
    partnership = form.cleaned_data.get("partnership")
    if partnership is None or any(form.cleaned_data.get(name) for name in ("pilot", "municipality", "school")):
        return {}
    one_month = (period.start.year, period.start.month) == (period.end.year, period.end.month)
    month = period if one_month else periods.last_full_month()
    links = {"meeting_report_query": urlencode({"partnership": partnership.pk, "maand": f"{month.start:%Y-%m}"})}
    if Pilot.objects.restrict(request.user, "coordinate").filter(partnership=partnership).exists():
        links["minutes_url"] = reverse("dashboards:meeting_minutes", kwargs={
            "partnership_pk": partnership.pk, "month": f"{month.start:%Y-%m}"})
        links["minutes_month"] = month
    return links


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


@login_required
def meeting_report_pdf(request):
    """The stuurgroep's vergaderstuk of one samenwerkingsverband and month, as a PDF (meeting_report.py)."""
    pilots = Pilot.objects.restrict(request.user, "report")
    if not pilots.exists():
        raise PermissionDenied
    form = MeetingReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors),
                                      content_type="text/plain; charset=utf-8")
    partnership, month = form.cleaned_data["partnership"], form.chosen_month()
    pdf = meeting_report.render_pdf(meeting_report.build(partnership, month, pilots))
    log_access(request, "export", detail=f"vergaderstuk PDF: {partnership.name}, {month.label}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting_report.filename(partnership, month)}"'
    return response


def _minutes_month(value):
    """A month (yyyy-mm) of the own-period range of the dashboard (its last ten school years), else 404."""
    day = month_in_range(value, timezone.localdate()) if value and len(value) == 7 else None
    if day is None:
        raise Http404
    return periods.month(day.year, day.month)


@login_required
def meeting_minutes(request, partnership_pk, month):
    """A coördinator of the partnership's pilots writes down what the stuurgroep decided about a month's
    vergaderstuk; the next month's prints it."""
    coordinated = Pilot.objects.restrict(request.user, "coordinate")
    partnership = get_object_or_404(Partnership.objects.filter(pk__in=coordinated.values("partnership_id")),
                                    pk=partnership_pk)
    month = _minutes_month(month)
    minutes = MeetingMinutes.objects.filter(partnership=partnership, month=month.start).first()
    form = MeetingMinutesForm(request.POST if request.method == "POST" else None, instance=minutes)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            minutes = form.save(commit=False)
            minutes.partnership, minutes.month, minutes.updated_by = partnership, month.start, request.user
            minutes.save()
            log_access(request, "change", detail=_("besluiten stuurgroep %(name)s, vergaderstuk %(month)s") % {
                "name": partnership.name, "month": month.label})
        following = meeting_report.next_month(month)
        messages.success(request, _("Opgeslagen. Het vergaderstuk van %(month)s neemt het op.") % {
            "month": following.label})
        return redirect("dashboards:meeting_minutes", partnership_pk=partnership.pk, month=f"{month.start:%Y-%m}")
    return render(request, "dashboards/meeting_minutes.html", {
        "form": form, "partnership": partnership, "month": month, "minutes": minutes,
    })
