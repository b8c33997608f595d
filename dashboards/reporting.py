"""The steering group's figures (DESIGN.md, "What the steering group sees"), in one place.

Every figure is an SQL aggregate over the trajectories in scope, so a dashboard costs the same
number of queries at 100 or 1,000,000 trajectories. Medians and 90th percentiles are read with an
ORDER BY … OFFSET on the database (the same on SQLite and PostgreSQL), never by loading rows.
The page, the CSV and the XLSX export all render `build_tables()`, so no figure is computed twice.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots.models import BaselineFigure, BaselineMeasure, GroupArrangement
from trajecten.models import ConcernArea, GroupPlacement, HelpKind, Referral
from trajecten.workflow import Status

from . import periods, summary

MIN_CELL = 5
PRIMARY = "<5"
COMPLEMENTARY = "×"


def _bounds(period):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min), tz)
    return start, end


def _conditions(period):
    start, end = _bounds(period)
    registered_by_end = Q(registered_at__lt=end)
    return {
        "registered_in": Q(registered_at__gte=start, registered_at__lt=end),
        "open_during": registered_by_end & (Q(end_date__isnull=True) | Q(end_date__gte=period.start)),
        "open_at_end": registered_by_end & (Q(end_date__isnull=True) | Q(end_date__gt=period.end)),
        "started_in": Q(start_date__gte=period.start, start_date__lte=period.end),
        "closed_in": Q(end_date__gte=period.start, end_date__lte=period.end),
    }


def core_counts(trajectories, period):
    when = _conditions(period)
    return trajectories.aggregate(
        new=Count("pk", filter=when["registered_in"]),
        supported=Count("child", distinct=True, filter=when["open_during"]),
        open_at_end=Count("pk", filter=when["open_at_end"]),
        active_at_end=Count("pk", filter=when["open_at_end"] & Q(start_date__lte=period.end)),
        started=Count("pk", filter=when["started_in"]),
        completed=Count("pk", filter=when["closed_in"] & Q(status=Status.COMPLETED)),
        referred=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED)),
        withdrawn=Count("pk", filter=when["closed_in"] & Q(status=Status.WITHDRAWN)),
    )


@dataclass
class LeadTime:
    count: int
    median: float | None
    p90: float | None

    @classmethod
    def from_ranks(cls, count, at):
        """Median and 90th percentile (nearest rank) of `count` ordered days, `at(rank)` giving the 1-based rank's
        days. A median between two days is a half day; a whole one stays an int, so it prints as 58 and not 58,0."""
        if not count:
            return cls(0, None, None)
        middle = (count + 1) // 2
        if count % 2:
            median = at(middle)
        else:
            both = at(middle) + at(middle + 1)
            median = both // 2 if both % 2 == 0 else both / 2
        return cls(count, median, at(max(1, -(-9 * count // 10))))


def _days(value):
    return value.days if isinstance(value, datetime.timedelta) else int(value)


def lead_time(trajectories, condition, later, earlier):
    """Median and 90th percentile (nearest rank) of `later - earlier` in days, over rows matching `condition`."""
    rows = trajectories.filter(condition).annotate(
        days=ExpressionWrapper(later - earlier, output_field=DurationField())
    )
    ordered = rows.order_by("days", "pk").values_list("days", flat=True)
    return LeadTime.from_ranks(rows.count(), lambda rank: _days(ordered[rank - 1]))


def lead_times(trajectories, period):
    when = _conditions(period)
    registered_on = TruncDate("registered_at")
    return {
        "waiting": lead_time(trajectories, when["started_in"], F("start_date"), registered_on),
        "duration": lead_time(
            trajectories,
            when["closed_in"] & Q(start_date__isnull=False, status__in=[Status.COMPLETED, Status.REFERRED]),
            F("end_date"), F("start_date"),
        ),
        "to_referral": lead_time(
            trajectories, when["closed_in"] & Q(status=Status.REFERRED), F("end_date"), registered_on,
        ),
    }


def referral_destinations(trajectories, period):
    rows = (
        Referral.objects.filter(trajectory__in=trajectories, date__gte=period.start, date__lte=period.end)
        .values("help_kind").annotate(n=Count("pk"))
    )
    counts = {row["help_kind"]: row["n"] for row in rows}
    return {kind: counts.get(kind, 0) for kind in HelpKind.values}


def concern_areas(trajectories, period):
    rows = (
        trajectories.filter(_conditions(period)["registered_in"])
        .values("concern_areas").annotate(n=Count("pk"))
    )
    counts = {row["concern_areas"]: row["n"] for row in rows}
    return [(area.name, counts.get(area.pk, 0)) for area in ConcernArea.objects.all()]


def occupancy(pilots, period, school=None):
    """Per group arrangement: places per week, places taken at the period's end, children placed in it.
    Placements are found through the pilots' arrangements (a few thousand rows), not the trajectories."""
    arrangements = GroupArrangement.objects.filter(pilot__in=pilots).annotate(parts=Count("day_parts")).order_by("name")
    placements = GroupPlacement.objects.filter(arrangement__pilot__in=pilots)
    if school is not None:
        placements = placements.filter(trajectory__school=school)
    through = GroupPlacement.day_parts.through.objects.filter(groupplacement__in=placements.running_on(period.end))
    taken = dict(
        through.values("groupplacement__arrangement").annotate(n=Count("pk"))
        .values_list("groupplacement__arrangement", "n")
    )
    in_period = placements.filter(start_date__lte=period.end).running_from(period.start)
    children = dict(
        in_period.values("arrangement").annotate(n=Count("trajectory__child", distinct=True))
        .values_list("arrangement", "n")
    )
    return [
        {"name": a.name, "places": a.capacity * a.parts, "taken": taken.get(a.pk, 0), "children": children.get(a.pk, 0)}
        for a in arrangements
    ]


def trend(trajectories, period):
    """Month by month over the school year that holds the period's end, up to that end and not past today:
    new, closed, open at month end."""
    last = min(period.end, timezone.localdate())
    months = [month for month in periods.school_year_of(period.end).months() if month.start <= last]
    aggregates = {}
    for index, month in enumerate(months):
        when = _conditions(month)
        aggregates[f"new_{index}"] = Count("pk", filter=when["registered_in"])
        aggregates[f"closed_{index}"] = Count("pk", filter=when["closed_in"])
        aggregates[f"open_{index}"] = Count("pk", filter=when["open_at_end"])
    counts = trajectories.aggregate(**aggregates)
    return [
        {"label": month.label, "new": counts[f"new_{i}"], "closed": counts[f"closed_{i}"], "open": counts[f"open_{i}"]}
        for i, month in enumerate(months)
    ]


def baseline(trajectories, pilots, period):
    """This school year against the nulmeting of the pilots in scope (counts summed; a median only for one pilot)."""
    year = periods.school_year_of(period.end)
    when = _conditions(year)
    counts = trajectories.aggregate(
        registrations=Count("pk", filter=when["registered_in"]),
        referrals=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED)),
        special=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED,
                                                          referral__help_kind__in=[HelpKind.SBO, HelpKind.SO])),
        mkd=Count("pk", filter=when["closed_in"] & Q(status=Status.REFERRED, referral__help_kind=HelpKind.MKD)),
    )
    to_place = lead_time(trajectories, when["closed_in"] & Q(status=Status.REFERRED), F("end_date"),
                         TruncDate("registered_at"))
    return baseline_from(pilots, year, counts, to_place)


def baseline_from(pilots, year, counts, to_place):
    figures = list(BaselineFigure.objects.filter(pilot__in=pilots).values("pilot", "measure", "value"))
    pilot_count = len({f["pilot"] for f in figures})
    by_measure = {}
    for figure in figures:
        by_measure.setdefault(figure["measure"], []).append(figure["value"])
    now = {
        BaselineMeasure.REGISTRATIONS: counts["registrations"],
        BaselineMeasure.REFERRALS: counts["referrals"],
        BaselineMeasure.REFERRALS_SPECIAL_EDUCATION: counts["special"],
        BaselineMeasure.DAYS_TO_PLACE: to_place,
        BaselineMeasure.MKD_PLACEMENTS: counts["mkd"],
    }
    rows = []
    for measure in BaselineMeasure:
        values = by_measure.get(measure.value, [])
        if measure == BaselineMeasure.DAYS_TO_PLACE:
            before = values[0] if pilot_count == 1 and values else None
        else:
            before = sum(values) if values else None
        rows.append({"measure": measure, "label": measure.label, "before": before, "now": now.get(measure)})
    return {"year": year, "rows": rows}


@dataclass
class Figures:
    period: periods.Period
    core: dict
    lead_times: dict
    referrals: dict
    concern_areas: list
    occupancy: list
    trend: list
    baseline: dict


def compute(trajectories, pilots, period, *, school=None):
    """All figures over `trajectories` (those of `pilots`, or of one school among them) in `period`.

    Whole months over pilots come from the monthly summary (summary.py); a school's trajectories are
    few, and a period with a partial month is read from the trajectories themselves."""
    if school is None and summary.month_aligned(period):
        return summary.compute(trajectories, pilots, period)
    return from_trajectories(trajectories, pilots, period, school=school)


def from_trajectories(trajectories, pilots, period, *, school=None):
    return Figures(
        period=period,
        core=core_counts(trajectories, period),
        lead_times=lead_times(trajectories, period),
        referrals=referral_destinations(trajectories, period),
        concern_areas=concern_areas(trajectories, period),
        occupancy=occupancy(pilots, period, school),
        trend=trend(trajectories, period),
        baseline=baseline(trajectories, pilots, period),
    )


# Presentation with small-cell suppression -------------------------------------------------------


def hide(value, exact):
    """A single count as shown: 1–4 become "<5" unless the reader may see exact figures."""
    if exact or not isinstance(value, int) or value == 0 or value >= MIN_CELL:
        return value
    return PRIMARY


def hide_group(values, total, exact, total_hidden=False):
    """Counts that add up to a shown total: if one is hidden, another is hidden too (complementary),
    so that no hidden cell can be computed back by subtraction. Returns (shown values, shown total)."""
    if exact:
        return list(values), total
    hidden = {i for i, v in enumerate(values) if 0 < v < MIN_CELL}
    total_hidden = total_hidden or 0 < total < MIN_CELL
    if len(hidden) == 1 and not total_hidden:
        others = sorted((v, i) for i, v in enumerate(values) if i not in hidden and v > 0)
        if others:
            hidden.add(others[0][1])
        else:
            total_hidden = True
    shown = [
        (PRIMARY if v < MIN_CELL else COMPLEMENTARY) if i in hidden else v for i, v in enumerate(values)
    ]
    shown_total = (PRIMARY if total < MIN_CELL else COMPLEMENTARY) if total_hidden else total
    return shown, shown_total


def median_shown(lead, exact):
    if lead.count == 0 or (not exact and lead.count < MIN_CELL):
        return None, None
    return lead.median, lead.p90


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""


def build_tables(figures, exact):
    core = figures.core
    tables = []

    open_shown, open_total = hide_group([core["open_at_end"] - core["active_at_end"], core["active_at_end"]],
                                        core["open_at_end"], exact)
    tables.append(Table("kerncijfers", _("Kerncijfers"), [_("Cijfer"), _("Aantal")], [
        [_("Nieuwe aanmeldingen"), hide(core["new"], exact)],
        [_("Kinderen ondersteund in de periode"), hide(core["supported"], exact)],
        [_("Gestart in de periode"), hide(core["started"], exact)],
        [_("Open aan het eind: aangemeld"), open_shown[0]],
        [_("Open aan het eind: ambulant traject"), open_shown[1]],
        [_("Open aan het eind: totaal"), open_total],
    ]))

    closed_values = [core["completed"], core["referred"], core["withdrawn"]]
    closed_shown, closed_total = hide_group(closed_values, sum(closed_values), exact)
    tables.append(Table("afgesloten", _("Afgesloten in de periode"), [_("Uitkomst"), _("Aantal")], [
        [_("afgerond"), closed_shown[0]], [_("doorverwezen"), closed_shown[1]], [_("gestopt"), closed_shown[2]],
        [_("totaal"), closed_total],
    ]))

    kinds = list(figures.referrals)
    referral_shown, _total = hide_group(
        [figures.referrals[k] for k in kinds], core["referred"], exact,
        total_hidden=closed_shown[1] in (PRIMARY, COMPLEMENTARY),
    )
    tables.append(Table("doorverwijzingen", _("Doorverwezen naar"), [_("Soort hulp"), _("Aantal")], [
        [str(HelpKind(kind).label), shown] for kind, shown in zip(kinds, referral_shown, strict=True)
    ]))

    lead_rows = []
    for key, label in [
        ("waiting", _("aanmelding → start (wachttijd)")),
        ("duration", _("start → afsluiting (duur)")),
        ("to_referral", _("aanmelding → doorverwijzing")),
    ]:
        lead = figures.lead_times[key]
        median, p90 = median_shown(lead, exact)
        lead_rows.append([label, hide(lead.count, exact), median if median is not None else "—",
                          p90 if p90 is not None else "—"])
    tables.append(Table(
        "doorlooptijden", _("Doorlooptijden in dagen"),
        [_("Doorlooptijd"), _("Aantal"), _("Mediaan"), _("90e percentiel")],
        lead_rows, note=_("Een mediaan staat er alleen bij 5 of meer trajecten."),
    ))

    tables.append(Table("groepsarrangementen", _("Groepsarrangementen"), [
        _("Groepsarrangement"), _("Plaatsen per week"), _("Bezet aan het eind"), _("Bezetting"),
        _("Kinderen geplaatst in de periode"),
    ], [
        [row["name"], row["places"], hide(row["taken"], exact),
         (f"{round(100 * row['taken'] / row['places'])}%" if row["places"] and hide(row["taken"], exact) == row["taken"]
          else "—"),
         hide(row["children"], exact)]
        for row in figures.occupancy
    ]))

    tables.append(Table("zorggebieden", _("Zorggebieden bij nieuwe aanmeldingen"), [_("Zorggebied"), _("Aantal")], [
        [name, hide(count, exact)] for name, count in figures.concern_areas
    ], note=_("Een aanmelding kan meer zorggebieden hebben.")))

    trend_rows = []
    columns = {key: hide_group([m[key] for m in figures.trend], sum(m[key] for m in figures.trend), exact)
               for key in ("new", "closed")}
    for index, month in enumerate(figures.trend):
        trend_rows.append([month["label"], columns["new"][0][index], columns["closed"][0][index],
                           hide(month["open"], exact)])
    trend_rows.append([_("totaal"), columns["new"][1], columns["closed"][1], "—"])
    year_label = periods.school_year_of(figures.period.end).label
    tables.append(Table("trend", _("Per maand in %(year)s") % {"year": year_label},
                        [_("Maand"), _("Nieuwe aanmeldingen"), _("Afgesloten"), _("Open aan het eind van de maand")],
                        trend_rows))

    baseline_rows = []
    for row in figures.baseline["rows"]:
        now = row["now"]
        if isinstance(now, LeadTime):
            median, _p90 = median_shown(now, exact)
            now_shown = median if median is not None else "—"
        else:
            now_shown = hide(now, exact) if now is not None else _("niet gemeten")
        before = row["before"]
        if before is not None and before == int(before):
            before = int(before)
        baseline_rows.append([str(row["label"]), before if before is not None else "—", now_shown])
    tables.append(Table("nulmeting", _("Dit schooljaar tegenover de nulmeting"),
                        [_("Maat"), _("Nulmeting"), figures.baseline["year"].label], baseline_rows))
    return tables
