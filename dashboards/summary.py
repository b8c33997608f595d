"""The dashboard's figures, read from the monthly summary (models.py) instead of the trajectories.

Every dashboard period is made of whole calendar months. A partnership, a pilot or the whole instance
sums the pilots' own rows (no school); a school's or a municipality's dashboard reads the rows of those
schools, which the same rebuild writes, and so does the split by municipality (by_municipality). A few
hundred to a few thousand rows answer either. tests/dashboards/reference.py counts the same figures from the
trajectories, and tests/dashboards/test_summary.py compares the two.

Counts that hold "at the end" of a period are running sums: open at the end of E is everything
registered up to E minus everything closed up to E. Distinct children supported in a period are
the trajectories open in it, less the extra trajectories of children who had more than one; those
children are found through `Trajectory.previous`, which every later trajectory of a child carries
(workflow.register), so that search stays small.
"""

import datetime
import hashlib
import io
import uuid
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DateField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language

from partners.models import HolidayRegion, School, SchoolHoliday, SchoolType
from pilots.models import Pilot, PilotSchool
from trajecten import followups
from trajecten.models import (
    ConcernArea,
    ContactMoment,
    FollowUp,
    FollowUpMoment,
    Handover,
    HelpKind,
    HowItGoes,
    Outcome,
    Trajectory,
)
from trajecten.workflow import Status

from . import periods, schooldays
from .figures import Figures, LeadTime, baseline_from, compared_year, hours, in_tree_order, occupancy
from .models import (
    IN_SCHOOL_DAYS,
    PILOT_TOTAL,
    SCHOOL_PART,
    CountKind,
    InstanceMonthLeadTime,
    Measure,
    PilotMonth,
    PilotMonthCount,
    PilotMonthLeadTime,
    StaleMonth,
    SummaryVersion,
)

COUNT_FIELDS = ["registered", "started", "completed", "referred", "withdrawn", "closed_started", "referred_special",
                "referred_mkd", "came_back"]


# Writing ------------------------------------------------------------------------------------------


ALL_MONTHS = datetime.date(1900, 1, 1)  # a marker for "every month of the pilot"


def month_of(day):
    return day.replace(day=1)


def months_of(trajectory):
    """The months whose figures this trajectory counts in: registration, start and end."""
    days = [timezone.localdate(trajectory.registered_at) if trajectory.registered_at else None,
            trajectory.start_date, trajectory.end_date]
    return {month_of(day) for day in days if day}


def mark_stale(pilot_id, months=None):
    """Marks months of a pilot for rebuilding (all of them when `months` is None). A request only marks:
    `manage.py refresh_figures --stale`, a job every node's timer starts each minute, rebuilds them, so that
    neither a save nor a dashboard waits for a rebuild.

    A month already marked gets a new mark, not nothing: a rebuild that has read the old one then leaves
    it (refresh_stale). On PostgreSQL the new mark also waits for a rebuild that holds the marker."""
    if pilot_id:
        StaleMonth.objects.bulk_create(
            [StaleMonth(pilot_id=pilot_id, month=month, mark=uuid.uuid4().hex)
             for month in sorted(months or [ALL_MONTHS])],
            update_conflicts=True, unique_fields=["pilot", "month"], update_fields=["mark"],
        )


def refresh_stale(pilots):
    """Rebuilds the stale months of the pilots among `pilots`, one transaction per pilot."""
    stale = defaultdict(set)
    for pilot_id, month in StaleMonth.objects.filter(pilot__in=pilots).values_list("pilot_id", "month"):
        stale[pilot_id].add(month)
    for pilot_id in sorted(stale):
        with transaction.atomic():
            # Whoever locks the markers rebuilds; a second reader waits and then finds them gone.
            markers = list(StaleMonth.objects.select_for_update().filter(pilot_id=pilot_id, month__in=stale[pilot_id])
                           .order_by("month"))
            if not markers:
                continue
            months = {marker.month for marker in markers}
            rebuild([pilot_id], months=None if ALL_MONTHS in months else months)
            # Only the markers as they were read: one marked again meanwhile stays for the next reader.
            done = Q()
            for marker in markers:
                done |= Q(pk=marker.pk, mark=marker.mark)
            StaleMonth.objects.filter(done).delete()


def _month(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _within(field, months, *, moment=False):
    """`field` falls in one of `months` (None: any month). A moment is compared in local time."""
    if months is None:
        return Q()
    condition = Q()
    tz = timezone.get_current_timezone()
    for month in months:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        if moment:
            month = datetime.datetime.combine(month, datetime.time.min, tzinfo=tz)
            following = datetime.datetime.combine(following, datetime.time.min, tzinfo=tz)
        condition |= Q(**{f"{field}__gte": month, f"{field}__lt": following})
    return condition


@transaction.atomic
def rebuild(pilot_ids, *, months=None, instance=True):
    """Recomputes the summary rows of these pilots from their trajectories (a few GROUP BYs), for
    `months` only when given: a registration or a transition touches one or two months.

    Each GROUP BY is by school; a pilot's own rows (no school) are the sums of its schools' rows."""
    pilot_ids = list(pilot_ids)
    in_months = Q() if months is None else Q(month__in=months)
    previous = defaultdict(int)
    for row in (PilotMonthLeadTime.objects.filter(in_months, PILOT_TOTAL, pilot__in=pilot_ids).order_by()
                .values_list("month", "measure", "days").annotate(n=Sum("n"))):
        previous[row[:3]] += row[3]
    for model in (PilotMonth, PilotMonthCount, PilotMonthLeadTime):
        for granularity in (PILOT_TOTAL, SCHOOL_PART):  # each by its own partial index
            model.objects.filter(in_months, granularity, pilot__in=pilot_ids).delete()
    trajectories = Trajectory.objects.filter(pilot__in=pilot_ids).order_by()
    registered_in = _within("registered_at", months, moment=True)
    started_in, ended_in = _within("start_date", months), _within("end_date", months)
    registered_month = TruncMonth("registered_at", output_field=DateField())
    counts_by_month = defaultdict(Counter)

    for row in (trajectories.filter(registered_in).values("pilot", "school", month=registered_month)
                .annotate(n=Count("pk"))):
        counts_by_month[row["pilot"], row["school"], _month(row["month"])]["registered"] += row["n"]
    for row in (trajectories.filter(started_in, start_date__isnull=False)
                .values("pilot", "school", month=TruncMonth("start_date")).annotate(n=Count("pk"))):
        counts_by_month[row["pilot"], row["school"], _month(row["month"])]["started"] += row["n"]
    special = Q(status=Status.REFERRED, referral__help_kind__in=[HelpKind.SBO, HelpKind.SO])
    counted = defaultdict(int)  # PilotMonthCount's rows: (pilot, school, month, kind, key) → n
    for row in (trajectories.filter(ended_in, end_date__isnull=False)
                .values("pilot", "school", "status", "outcome", month=TruncMonth("end_date"))
                .annotate(n=Count("pk"), with_start=Count("pk", filter=Q(start_date__isnull=False)),
                          special=Count("pk", filter=special),
                          mkd=Count("pk", filter=Q(status=Status.REFERRED, referral__help_kind=HelpKind.MKD)))):
        month = _month(row["month"])
        counts = counts_by_month[row["pilot"], row["school"], month]
        if row["status"] in (Status.COMPLETED, Status.REFERRED, Status.WITHDRAWN):
            counts[row["status"]] += row["n"]
        if row["status"] == Status.COMPLETED:
            counted[row["pilot"], row["school"], month, CountKind.OUTCOME, row["outcome"]] += row["n"]
        counts["closed_started"] += row["with_start"]
        counts["referred_special"] += row["special"]
        counts["referred_mkd"] += row["mkd"]
    for row in _came_back(pilot_ids, months):
        counts_by_month[row["p"], row["s"], _month(row["month"])]["came_back"] += row["n"]
    _insert(PilotMonth, ["pilot_id", "school_id", "month", *COUNT_FIELDS], [
        (pilot, school, month, *(counts[name] for name in COUNT_FIELDS))
        for (pilot, school, month), counts in _with_pilot_totals(counts_by_month, Counter).items()
    ])

    # From the pilot's trajectories to their referrals: a pilot has a few thousand, a month of the
    # whole instance many more.
    for row in (trajectories.filter(_within("referral__date", months), referral__isnull=False)
                .values("pilot", "school", kind=F("referral__help_kind"), month=TruncMonth("referral__date"))
                .annotate(n=Count("pk"))):
        counted[row["pilot"], row["school"], _month(row["month"]), CountKind.REFERRAL, row["kind"]] += row["n"]
    for row in (trajectories.filter(registered_in, concern_areas__isnull=False)
                .values("pilot", "school", "concern_areas", month=registered_month).annotate(n=Count("pk"))):
        key = str(row["concern_areas"])
        counted[row["pilot"], row["school"], _month(row["month"]), CountKind.CONCERN_AREA, key] += row["n"]
    answered = FollowUp.objects.order_by().filter(answered_at__isnull=False, trajectory__pilot__in=pilot_ids)
    for row in (answered.filter(_within("trajectory__end_date", months))
                .values("moment", "answer", p=F("trajectory__pilot"), s=F("trajectory__school"),
                        month=TruncMonth("trajectory__end_date"))
                .annotate(n=Count("pk"))):
        key = follow_up_key(row["moment"], row["answer"])
        counted[row["p"], row["s"], _month(row["month"]), CountKind.FOLLOW_UP, key] += row["n"]
    contacts = ContactMoment.objects.order_by().filter(_within("date", months), trajectory__pilot__in=pilot_ids)
    for row in (contacts.values(p=F("trajectory__pilot"), s=F("trajectory__school"), month=TruncMonth("date"))
                .annotate(n=Sum("minutes"))):
        counted[row["p"], row["s"], _month(row["month"]), CountKind.CONTACT_MINUTES, "minutes"] += row["n"]
    for row in _continuing_line(pilot_ids, months):
        for key in ("handed_over", "supported_again"):
            counted[row["p"], row["s"], _month(row["month"]), CountKind.CONTINUING_LINE, key] += row[key]
    _insert(PilotMonthCount, ["pilot_id", "school_id", "month", "kind", "key", "n"],
            [(*key, n) for key, n in _with_pilot_totals(counted, int).items()])

    registered_on = TruncDate("registered_at")
    histograms = [
        (Measure.WAITING, trajectories.filter(started_in, start_date__isnull=False), "start_date",
         registered_on, F("start_date")),
        (Measure.DURATION, trajectories.filter(ended_in, start_date__isnull=False, end_date__isnull=False,
                                               status__in=[Status.COMPLETED, Status.REFERRED]),
         "end_date", F("start_date"), F("end_date")),
        (Measure.TO_REFERRAL, trajectories.filter(ended_in, status=Status.REFERRED, end_date__isnull=False),
         "end_date", registered_on, F("end_date")),
        (Measure.TO_PLACE, trajectories.filter(ended_in, status__in=[Status.COMPLETED, Status.REFERRED],
                                               end_date__isnull=False),
         "end_date", registered_on, F("end_date")),
    ]
    # By pair of dates, not by their difference: the same rows give calendar days and, per school's calendar,
    # school days (schooldays.py).
    pairs = []
    for measure, rows, by, earlier, later in histograms:
        rows = (rows.values("pilot", "school", month=TruncMonth(by))
                .annotate(earlier=ExpressionWrapper(earlier, output_field=DateField()),
                          later=ExpressionWrapper(later, output_field=DateField()))
                .values_list("pilot", "school", "month", "earlier", "later").annotate(n=Count("pk")))
        pairs.extend((measure, *row) for row in rows)
    histogram = defaultdict(int)
    if pairs:
        dates = [day for row in pairs for day in row[4:6]]
        school_days = schooldays.SchoolDays(min(dates), max(dates))
        calendars = schooldays.calendars_of({row[2] for row in pairs})
        for measure, pilot, school, month, earlier, later, n in pairs:
            month = _month(month)
            histogram[pilot, school, month, measure, (later - earlier).days] += n
            histogram[pilot, school, month, IN_SCHOOL_DAYS[measure],
                      school_days.between(calendars[school], earlier, later)] += n
    leads = _with_pilot_totals(histogram, int)
    _insert(PilotMonthLeadTime, ["pilot_id", "school_id", "month", "measure", "days", "n"],
            [(*key, n) for key, n in leads.items()])
    # The instance-wide histogram sums the pilots' own rows only: their schools' rows are the same trajectories.
    difference = defaultdict(int, {key: -n for key, n in previous.items()})
    for (_pilot, school, month, measure, days), n in leads.items():
        if school is None:
            difference[month, measure, days] += n
    if instance:
        _add_to_instance(sorted((key, n) for key, n in difference.items() if n))
    renew_versions(pilot_ids)


def follow_up_key(moment, answer):
    return f"{moment}:{answer}"


def _came_back(pilot_ids, months):
    """Per pilot, school and end month: trajectories completed or referred whose child was registered again within
    CAME_BACK_WITHIN of the end. Read from the later trajectories (those with `previous`), a small set."""
    after = ExpressionWrapper(TruncDate("registered_at") - F("previous__end_date"), output_field=DurationField())
    return (Trajectory.objects.order_by()
            .filter(_within("previous__end_date", months), previous__pilot__in=pilot_ids,
                    previous__status__in=followups.FOLLOWED_UP)
            .alias(after=after).filter(after__gte=datetime.timedelta(0), after__lte=followups.CAME_BACK_WITHIN)
            .values(p=F("previous__pilot"), s=F("previous__school"), month=TruncMonth("previous__end_date"))
            .annotate(n=Count("previous", distinct=True)))


def _continuing_line(pilot_ids, months):
    """Per pilot, school (the kinderopvang) and month of the handover: peuters handed over to a school, and of those
    whose child was registered for support again on or after the handover's day (at the school, in groep 1-2)."""
    later = Trajectory.objects.filter(previous=OuterRef("trajectory"), registered_at__date__gte=OuterRef("date"))
    return (Handover.objects.order_by().filter(_within("date", months), trajectory__pilot__in=pilot_ids)
            .alias(again=Exists(later))
            .values(p=F("trajectory__pilot"), s=F("trajectory__school"), month=TruncMonth("date"))
            .annotate(handed_over=Count("pk"), supported_again=Count("pk", filter=Q(again=True))))


def _with_pilot_totals(by_school, zero):
    """The rows keyed (pilot, school, …), and each pilot's sums over its schools keyed (pilot, None, …)."""
    totals = defaultdict(zero)
    for (pilot, _school, *rest), value in by_school.items():
        totals[pilot, None, *rest] += value
    return {**by_school, **totals}


def _insert(model, columns, rows):
    """Plain rows into the model's table: with COPY on PostgreSQL, many per statement elsewhere. A whole pilot's
    rebuild writes tens of thousands of rows (twice the lead-time rows since they are kept in school days too);
    building a model instance for each (bulk_create) took longer than the database's own work."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            buffer.writelines("\t".join(_copy_text(value) for value in row) + "\n" for row in rows)
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
            return
        marks = f"({', '.join(['%s'] * len(columns))})"
        size = min(1000, connection.ops.bulk_batch_size(columns, rows))
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(batch))}",
                           [value for row in batch for value in row])


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def renew_versions(pilot_ids):
    """New tokens for these pilots: the cached dashboard figures of every scope that holds one are computed
    anew on the next read (compute())."""
    SummaryVersion.objects.bulk_create(
        [SummaryVersion(pilot_id=pilot_id, token=uuid.uuid4().hex) for pilot_id in pilot_ids],
        update_conflicts=True, unique_fields=["pilot"], update_fields=["token"],
    )


def _add_to_instance(differences):
    """Adds to the instance-wide histogram in one statement per batch; sorted, so that two rebuilds
    at once take the rows' locks in the same order."""
    table = InstanceMonthLeadTime._meta.db_table
    sql = (f"INSERT INTO {table} (month, measure, days, n) VALUES (%s, %s, %s, %s) "
           f"ON CONFLICT (month, measure, days) DO UPDATE SET n = {table}.n + excluded.n")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(month, measure, days, n) for (month, measure, days), n in differences])


def rebuild_all():
    pilot_ids = list(Pilot.objects.values_list("pk", flat=True))
    with transaction.atomic():
        StaleMonth.objects.all().delete()
        for model in (PilotMonth, PilotMonthCount, PilotMonthLeadTime, InstanceMonthLeadTime):
            model.objects.all().delete()
        # A few pilots at a time: their rows, per school as well, are built in memory first.
        for start in range(0, len(pilot_ids), 5):
            rebuild(pilot_ids[start:start + 5], instance=False)
        InstanceMonthLeadTime.objects.bulk_create(
            InstanceMonthLeadTime(**row) for row in PilotMonthLeadTime.objects.filter(PILOT_TOTAL).order_by()
            .values("month", "measure", "days").annotate(n=Sum("n")).iterator()
        )


# Reading ------------------------------------------------------------------------------------------


def _lead(histogram):
    """Median and 90th percentile (nearest rank, LeadTime.from_ranks) from {days: count}."""
    ordered = sorted(histogram.items())

    def at(rank):
        seen = 0
        for days, n in ordered:
            seen += n
            if seen >= rank:
                return days
        raise AssertionError(rank)

    return LeadTime.from_ranks(sum(histogram.values()), at)


FIGURES_TIMEOUT = 60 * 60


def month_aligned(period):
    next_day = period.end + datetime.timedelta(days=1)
    return period.start.day == 1 and next_day.day == 1


def compute(trajectories, pilots, period, schools=None):
    """All Figures of `period` (whole calendar months) over `pilots`, or over the part of them at `schools` (the
    keys of one school, or of the schools of a municipality).

    `trajectories` are those of the same scope; from them only the few children with more than one trajectory
    are counted (_extra_trajectories). What comes from the summary, and group-arrangement occupancy, is cached under
    the scope's pilots and their SummaryVersion tokens, so that a change anywhere in scope is never answered
    from the cache: a trajectory's change marks months stale and refresh_stale renews the token as it rebuilds
    them; a change to an arrangement or a placement renews it at once (signals.py). The names of the concern
    areas and the nulmeting change without touching either and are read every time."""
    if not month_aligned(period):
        raise ValueError(f"{period.start} – {period.end} is not a range of whole calendar months")
    # The tokens are read before the figures: a rebuild in between leaves newer figures under an older
    # key (one extra computation later), never older figures under the newer key.
    versions = list(Pilot.objects.filter(pk__in=_ids(pilots)).order_by("pk")
                    .values_list("pk", "summary_version__token"))
    schools = None if schools is None else sorted(set(schools))
    key = "dashboard-figures:" + hashlib.sha256(repr(
        (versions, schools, period.start, period.end, timezone.localdate(), get_language())).encode()).hexdigest()
    part = cache.get(key)
    if part is None:
        part = {**_from_summary(trajectories, pilots, period, schools),
                "occupancy": occupancy(pilots, period, schools),
                "by_municipality": by_municipality(trajectories, pilots, period, schools),
                "by_pilot": by_pilot(trajectories, pilots, period, schools)}
        cache.set(key, part, FIGURES_TIMEOUT)
    year, through = compared_year(period, timezone.localdate())
    areas = [(area.name, part["areas"].get(str(area.pk), 0)) for area in ConcernArea.objects.all()]
    return Figures(
        period=period, core=part["core"], lead_times=part["lead_times"], referrals=part["referrals"],
        outcomes=part["outcomes"],
        concern_areas=areas, occupancy=part["occupancy"], trend=part["trend"], durability=part["durability"],
        baseline=baseline_from(pilots, year, through, part["this_year"], part["to_place_this_year"], schools),
        hours=hours(pilots, period, schools, part["per_school"], timezone.localdate()),
        missing_holidays=missing_holidays(pilots, period, schools), by_municipality=part["by_municipality"],
        by_pilot=pilots_side_by_side(pilots, part["by_pilot"]),
    )


def pilots_side_by_side(pilots, counts):
    """When the scope holds two to BY_PILOT_LIMIT pilots: each with by_pilot()'s counts (none: zeros), as [(pilot id,
    name, depth, counts)], each pilot followed by its sub-pilots (names read anew: they change without touching the
    summary)."""
    listed = in_tree_order(list(Pilot.objects.filter(pk__in=_ids(pilots))[:BY_PILOT_LIMIT + 1]))
    if not 2 <= len(listed) <= BY_PILOT_LIMIT:
        return []
    nothing = {"new": 0, "supported": 0, "closed": 0}
    return [(pilot.pk, pilot.name, depth, counts.get(pilot.pk, nothing)) for pilot, depth in listed]


def missing_holidays(pilots, period, schools=None):
    """The school years of `period` whose holidays the portal lacks for a region of the schools in scope (a
    kinderopvang counts through the holidays and needs none), as [(school year, region label)]."""
    years = []
    day = period.start
    while day <= period.end:
        year = periods.school_year_of(day)
        years.append(f"{year.start.year}-{year.end.year}")
        day = year.end + datetime.timedelta(days=1)
    memberships = PilotSchool.objects.filter(pilot__in=pilots).overlapping(period.start, period.end)
    in_scope = (School.objects.filter(pk__in=schools) if schools is not None
                else School.objects.filter(pk__in=memberships.values("school_id")))
    regions = set(in_scope.exclude(school_type=SchoolType.KINDEROPVANG).order_by()
                  .values_list("holiday_region", flat=True).distinct())
    known = set(SchoolHoliday.objects.filter(school_year__in=years, region__in=regions)
                .values_list("school_year", "region").distinct())
    return [(year, str(HolidayRegion(region).label)) for year in years for region in sorted(regions)
            if (year, region) not in known]


def _part(rows, schools):
    """Summary rows with `school=None` are the pilots' own, over all their schools (schools None); with a school,
    that school's part: the rows of `schools`."""
    return rows.filter(school=None) if schools is None else rows.filter(school__in=schools)


def _from_summary(trajectories, pilots, period, schools):
    """The figures of compute() that come from the summary rows, as plain values (for the cache)."""
    year, through = compared_year(period, timezone.localdate())
    first, last = min(period.start, year.start), max(period.end, year.end)
    rows = _part(PilotMonth.objects.filter(pilot__in=pilots), schools).order_by()
    sums = {f"sum_{name}": Sum(name, default=0) for name in COUNT_FIELDS}
    before = {name[4:]: value for name, value in rows.filter(month__lt=first).aggregate(**sums).items()}
    monthly = {
        row["month"]: {name[4:]: row[name] for name in sums}
        for row in rows.filter(month__gte=first, month__lte=last).values("month").annotate(**sums)
    }
    for counts in [before, *monthly.values()]:
        counts["closed"] = counts["completed"] + counts["referred"] + counts["withdrawn"]

    def total(name, start, end):
        return sum(row[name] for month, row in monthly.items() if start <= month <= end)

    def upto(name, end):
        """Running sum up to and including the month of `end`."""
        return before[name] + total(name, first, end)

    def open_at(end):
        return upto("registered", end) - upto("closed", end)

    start, end = period.start, period.end
    registered_by_end = upto("registered", end)
    closed_before_start = upto("closed", start - datetime.timedelta(days=1))
    core = {
        "new": total("registered", start, end),
        "supported": registered_by_end - closed_before_start - _extra_trajectories(trajectories, period),
        "open_at_end": open_at(end),
        "active_at_end": upto("started", end) - upto("closed_started", end),
        "started": total("started", start, end),
        "completed": total("completed", start, end),
        "referred": total("referred", start, end),
        "withdrawn": total("withdrawn", start, end),
    }

    histograms = {(scope, measure): defaultdict(int) for scope in ("period", "year") for measure in Measure.values}
    # The whole instance reads the instance-wide histogram; any other scope its pilots' (or schools') rows.
    if schools is None and _every_pilot(pilots):
        leads = InstanceMonthLeadTime.objects.all()
    else:
        leads = _part(PilotMonthLeadTime.objects.filter(pilot__in=pilots), schools)
    lead_rows = (leads.filter(month__gte=first, month__lte=last).order_by()
                 .values("measure", "days").annotate(
                     in_period=Sum("n", filter=Q(month__gte=start, month__lte=end)),
                     in_year=Sum("n", filter=Q(month__gte=year.start, month__lte=through))))
    for row in lead_rows:
        histograms["period", row["measure"]][row["days"]] += row["in_period"] or 0
        histograms["year", row["measure"]][row["days"]] += row["in_year"] or 0
    lead_times = {measure: _lead(histograms["period", measure]) for measure in Measure.values}

    counts = defaultdict(int)
    for row in (_part(PilotMonthCount.objects.filter(pilot__in=pilots, month__gte=start, month__lte=end), schools)
                .order_by().values("kind", "key").annotate(n=Sum("n"))):
        counts[row["kind"], row["key"]] = row["n"]
    referrals = {kind: counts[CountKind.REFERRAL, kind] for kind in HelpKind.values}
    outcomes = {outcome: counts[CountKind.OUTCOME, outcome] for outcome in Outcome.values}
    areas = {key: n for (kind, key), n in counts.items() if kind == CountKind.CONCERN_AREA}
    durability = {
        "answers": {moment: {answer: counts[CountKind.FOLLOW_UP, follow_up_key(moment, answer)]
                             for answer in HowItGoes.values} for moment in FollowUpMoment.values},
        "came_back": total("came_back", start, end),
        "handed_over": counts[CountKind.CONTINUING_LINE, "handed_over"],
        "supported_again": counts[CountKind.CONTINUING_LINE, "supported_again"],
    }

    today_or_end = min(end, timezone.localdate())
    per_school = _per_school(trajectories, pilots, period, schools)
    trend = [
        {"label": month.label, "new": total("registered", month.start, month.end),
         "closed": total("closed", month.start, month.end), "open": open_at(month.end)}
        for month in year.months() if month.start <= today_or_end
    ]
    return {
        "core": core, "lead_times": lead_times, "referrals": referrals, "outcomes": outcomes, "areas": areas,
        "trend": trend,
        "durability": durability, "per_school": per_school,
        "this_year": {  # up to the month of `through`, as the nulmeting is compared (figures.compared_year)
            "registrations": total("registered", year.start, through),
            "referrals": total("referred", year.start, through),
            "special": total("referred_special", year.start, through),
            "mkd": total("referred_mkd", year.start, through),
        },
        "to_place_this_year": _lead(histograms["year", Measure.TO_PLACE]),
    }


def _ids(pilots):
    """A queryset of pilots as it is (a subquery), or the keys of a list of them."""
    return pilots if hasattr(pilots, "values_list") else [pilot.pk for pilot in pilots]


def _every_pilot(pilots):
    return not Pilot.objects.exclude(pk__in=_ids(pilots)).exists()


def _per_school(trajectories, pilots, period, schools):
    """Per pilot and school of the scope: the minutes of the contact moments recorded in the period, and the children
    helped there (as `supported`, counted within the school): {(pilot id, school id): {"minutes": n, "helped": n}}.
    From the schools' summary rows in three GROUP BYs, whatever the number of trajectories."""
    rows = PilotMonth.objects.filter(SCHOOL_PART, pilot__in=pilots)
    minutes = PilotMonthCount.objects.filter(SCHOOL_PART, pilot__in=pilots, kind=CountKind.CONTACT_MINUTES,
                                             month__gte=period.start, month__lte=period.end).order_by()
    if schools is not None:
        rows, minutes = rows.filter(school__in=schools), minutes.filter(school__in=schools)
    per_school = defaultdict(lambda: {"minutes": 0, "helped": 0})
    for key, counts in _counts_by(rows, trajectories, period, "pilot", "school").items():
        per_school[key]["helped"] = counts["supported"]
    for row in minutes.values("pilot", "school").annotate(n=Sum("n")):
        per_school[row["pilot"], row["school"]]["minutes"] = row["n"]
    return dict(per_school)


def _counts_by(rows, trajectories, period, *paths):
    """Per value of `paths` (fields that PilotMonth and Trajectory both have: "pilot", "school__municipality"): the new
    registrations, the trajectories closed and the children supported in `period`, as compute() counts them for the
    whole scope, from `rows` (summary rows of one kind: the pilots' own or their schools') and the few children with
    more than one trajectory among `trajectories`: {(value, …): counts}. Two GROUP BYs."""
    names = {f"by_{index}": F(path) for index, path in enumerate(paths)}
    in_period = Q(month__gte=period.start)
    closed = F("completed") + F("referred") + F("withdrawn")

    def key(row):
        return tuple(row[name] for name in names)

    sums = {key(row): row for row in rows.filter(month__lte=period.end).order_by().values(**names).annotate(
        new=Sum("registered", filter=in_period, default=0), registered_by_end=Sum("registered", default=0),
        closed=Sum(closed, filter=in_period, default=0), closed_before=Sum(closed, filter=~in_period, default=0))}
    extra = {key(row): row["n"] - row["children"] for row in _open_again(trajectories, period).order_by()
             .values(**names).annotate(n=Count("pk"), children=Count("child", distinct=True))}
    return {value: {"new": row["new"], "closed": row["closed"],
                    "supported": row["registered_by_end"] - row["closed_before"] - extra.get(value, 0)}
            for value, row in sums.items()}


def _extra_trajectories(trajectories, period):
    """Trajectories open in the period beyond the first of the same child (a child counts once)."""
    counts = _open_again(trajectories, period).aggregate(n=Count("pk"), children=Count("child", distinct=True))
    return counts["n"] - counts["children"]


def _open_again(trajectories, period):
    """The trajectories open in the period of children with more than one trajectory (_extra_trajectories)."""
    tz = timezone.get_current_timezone()
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    open_in_period = Q(registered_at__lt=end) & (Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    # Only a child with a later trajectory (one with `previous`) can have two: those few, read from
    # the index on re-registrations alone (with the scope's conditions added, SQLite's planner chose
    # a range over all of the pilots' trajectories instead), lead to the children worth counting.
    again = Trajectory.objects.filter(previous__isnull=False).values("child_id")
    return trajectories.filter(open_in_period, child__in=again)


# More pilots than this in scope (a whole instance) get no table of their own counts side by side.
BY_PILOT_LIMIT = 40


def by_pilot(trajectories, pilots, period, schools=None):
    """Per pilot in scope with work up to the period's end: its own new registrations, children supported and
    trajectories closed in `period` (a parent's without its sub-pilots'), from the pilots' summary rows (or the rows
    of `schools`): {pilot id: counts}. Two queries, however many pilots."""
    rows = _part(PilotMonth.objects.filter(pilot__in=pilots), schools)
    return {pilot: counts for (pilot,), counts in _counts_by(rows, trajectories, period, "pilot").items()}


def by_municipality(trajectories, pilots, period, schools=None):
    """Per municipality of the schools in scope (the pilots' schools, or `schools`), when there are two or more:
    its new registrations, children supported and trajectories closed in `period`, as compute() counts them over
    its schools' summary rows; [(name, counts)] by name. Two queries, however many municipalities."""
    rows = PilotMonth.objects.filter(SCHOOL_PART, pilot__in=pilots)
    if schools is not None:
        rows = rows.filter(school__in=schools)
    counts = _counts_by(rows, trajectories, period, "school__municipality", "school__municipality__name")
    if len(counts) < 2:
        return []
    return [(name, value) for (_code, name), value in sorted(counts.items(), key=lambda item: item[0][1])]
