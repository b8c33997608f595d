"""The steering group's figures (DESIGN.md, "What the steering group sees"), in one place.

`compute()` reads them from the monthly summary (summary.py), for the pilots in scope or the part of them at some
schools (one school, a municipality's), with the main counts per municipality beside them: a dashboard costs
the same number of queries at 100 or 1,000,000 trajectories. Group-arrangement occupancy is read from the
placements and the nulmeting from the pilots (figures.py).
The page, the CSV and the XLSX export all render `build_tables()`, with small cells suppressed, so no
figure is computed twice.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pilots.models import BaselineMeasure
from trajecten.models import FollowUpMoment, HelpKind, HowItGoes, Outcome

from . import indicators, periods, summary
from .figures import LeadTime
from .models import IN_SCHOOL_DAYS
from .suppression import MIN_CELL, Cells, shown, suppress


def compute(trajectories, pilots, period, *, schools=None):
    """All figures of `period` (whole calendar months) over `pilots`, or over their part at `schools` (keys);
    `trajectories` are those of the same scope. From the monthly summary: summary.compute."""
    figures = summary.compute(trajectories, pilots, period, schools=schools)
    figures.pilots = pilots
    return figures


# Presentation with small-cell suppression -------------------------------------------------------


def missing_holidays_note(missing):
    """Says which school years' holidays are not in the portal: until the beheerder adds them (Beheer,
    Schoolvakanties), their holidays count as school days."""
    if not missing:
        return ""
    which = ", ".join(f"{year} ({region})" for year, region in missing)
    return " " + _("Let op: de schoolvakanties van %(which)s staan nog niet in het portaal; de schooldagen tellen "
                   "die vakanties nu mee. De functioneel beheerder voert ze in bij Beheer, Schoolvakanties.") % {
        "which": which}


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


LEAD_TIMES = [
    ("waiting", _l("aanmelding → start (wachttijd)")),
    ("duration", _l("start → afsluiting (duur)")),
    ("to_referral", _l("aanmelding → doorverwijzing")),
    ("to_place", _l("aanmelding → passende plek (afgerond of doorverwezen)")),
]
CLOSED = ["completed", "referred", "withdrawn"]
# The figures a stuurgroep reads first: a complementary cell is taken from the details (months, kinds of help,
# lead-time counts) before one of these.
HEADLINES = {"new", "supported", "started", "open_registered", "open_active", "open_total", *CLOSED, "closed",
             "followed_up"}


def figure_cells(figures, exact=False):
    """Every count of one dashboard as a cell, with the equations that tie them together (suppression.py)."""
    core, cells = figures.core, Cells()
    for name in ("new", "supported", "started", *CLOSED):
        cells.add(name, core[name])
    cells.add("open_registered", core["open_at_end"] - core["active_at_end"])
    cells.add("open_active", core["active_at_end"])
    cells.add("open_total", core["open_at_end"])
    cells.total(["open_registered", "open_active"], "open_total")
    cells.add("closed", sum(core[name] for name in CLOSED))
    cells.total(CLOSED, "closed")
    for kind, count in figures.referrals.items():
        cells.add(("referral", kind), count)
    cells.total([("referral", kind) for kind in figures.referrals], "referred")
    for outcome, count in figures.outcomes.items():
        cells.add(("outcome", outcome), count)
    cells.total([("outcome", outcome) for outcome in figures.outcomes], "completed")
    for key, _label in LEAD_TIMES:
        cells.add(("lead", key), figures.lead_times[key].count)
    cells.same(("lead", "waiting"), "started")
    cells.same(("lead", "to_referral"), "referred")
    cells.total(["completed", "referred"], ("lead", "duration"))
    cells.total(["completed", "referred"], ("lead", "to_place"))
    for row in figures.occupancy:
        cells.add(("taken", row["name"]), row["taken"])
        cells.add(("placed", row["name"]), row["children"])
    for name, count in figures.concern_areas:
        cells.add(("area", name), count)
    _hours_cells(cells, figures)
    _trend_cells(cells, figures, with_open=exact)
    _municipality_cells(cells, figures)
    _pilot_cells(cells, figures)
    _baseline_cells(cells, figures)
    _durability_cells(cells, figures)
    return cells


def _hours_cells(cells, figures):
    """Children helped per school and their sum. A child counts at every school of the scope where it was helped, so
    the sum is at least the children supported; held equal here, which hides more rather than less."""
    rows = hours_rows(figures)
    for index, row in enumerate(rows):
        cells.add(("helped", index), row["helped"])
    if rows:
        cells.add(("helped", "total"), sum(row["helped"] for row in rows))
        cells.total([("helped", index) for index in range(len(rows))], ("helped", "total"))
        cells.same(("helped", "total"), "supported")


# More schools than this in scope (the whole instance) are summed per pilot in the table of hours.
HOURS_SCHOOL_ROWS = 200


def hours_rows(figures):
    """The rows of the table of hours: per school, or per pilot when the scope has more than HOURS_SCHOOL_ROWS."""
    if len(figures.hours) <= HOURS_SCHOOL_ROWS:
        return figures.hours
    by_pilot = {}
    for row in figures.hours:
        pilot = by_pilot.setdefault(row["pilot"], {"pilot": row["pilot"], "school": "", "planned": 0, "contact": 0,
                                                   "helped": 0})
        for name in ("planned", "contact", "helped"):
            pilot[name] += row[name]
    return list(by_pilot.values())


MUNICIPALITY_COLUMNS = ["new", "supported", "closed"]


def _pilot_cells(cells, figures):
    """Each pilot's own counts add up to the scope's (a trajectory belongs to one pilot; a child supported in two
    pilots counts in each, and the sum is held to all the same, as per municipality)."""
    for column in MUNICIPALITY_COLUMNS:
        parts = [cells.add(("pilot", pk, column), counts[column]) for pk, _name, _depth, counts in figures.by_pilot]
        if parts:
            cells.total(parts, column)


def _municipality_cells(cells, figures):
    """The main counts per municipality add up to the scope's. A child at schools in two municipalities counts in
    each, so the children supported may add up to more; the sum is held to all the same, so that a small
    municipality's count is never the difference between the total and the others'."""
    for column in MUNICIPALITY_COLUMNS:
        parts = [cells.add(("municipality", name, column), counts[column]) for name, counts in figures.by_municipality]
        if parts:
            cells.total(parts, column)


def _durability_cells(cells, figures):
    """Of the trajectories completed or referred in the period: per moment the answers, how many were asked (their
    sum) and how many not yet (the rest); and how many children came back."""
    cells.add("followed_up", figures.core["completed"] + figures.core["referred"])
    cells.total(["completed", "referred"], "followed_up")
    for moment, answers in figures.durability["answers"].items():
        for answer, count in answers.items():
            cells.add(("followup", moment, answer), count)
        asked = sum(answers.values())
        cells.add(("followup", moment, "asked"), asked)
        cells.total([("followup", moment, answer) for answer in answers], ("followup", moment, "asked"))
        cells.add(("followup", moment, "pending"), figures.core["completed"] + figures.core["referred"] - asked)
        cells.total([("followup", moment, "asked"), ("followup", moment, "pending")], "followed_up")
    cells.add("came_back", figures.durability["came_back"])
    cells.add("handed_over", figures.durability["handed_over"])
    cells.add("supported_again", figures.durability["supported_again"])


def _trend_cells(cells, figures, with_open):
    """The trend's months. What is open at each month's end is shown to exact readers only: with it, one small
    month would give away its neighbours through open(m) = open(m - 1) + new(m) − closed(m)."""
    months = figures.trend
    for index, month in enumerate(months):
        for column in ("new", "closed", "open") if with_open else ("new", "closed"):
            cells.add(("trend", column, index), month[column])
        if index and with_open:  # what is open at a month's end: the month before's, plus new, less closed
            cells.relation({("trend", "open", index): 1, ("trend", "open", index - 1): -1,
                            ("trend", "new", index): -1, ("trend", "closed", index): 1})
    for column in ("new", "closed"):
        cells.add(("trend", column, "total"), sum(month[column] for month in months))
        cells.total([("trend", column, index) for index in range(len(months))], ("trend", column, "total"))
    labels = [month["label"] for month in months]
    in_period = [month.label for month in figures.period.months()]
    if in_period and all(label in labels for label in in_period):
        indexes = [labels.index(label) for label in in_period]
        cells.total([("trend", "new", index) for index in indexes], "new")
        cells.total([("trend", "closed", index) for index in indexes], "closed")
        if with_open and indexes[-1] == len(months) - 1:
            cells.same(("trend", "open", indexes[-1]), "open_total")


def _baseline_cells(cells, figures):
    """This year's side of the nulmeting: the school year's months up to `through`, the months the trend shows, so
    its registrations are the trend's total; when the period is those months too, the period's own counts."""
    baseline = figures.baseline
    year, through = baseline["year"], baseline["through"]
    for row in baseline["rows"]:
        if isinstance(row["now"], int):
            cells.add(("baseline", row["measure"]), row["now"])
    if ("baseline", BaselineMeasure.REGISTRATIONS) in cells.values and ("trend", "new", "total") in cells.values:
        cells.same(("baseline", BaselineMeasure.REGISTRATIONS), ("trend", "new", "total"))
    if figures.period.start != year.start or through.replace(day=1) != figures.period.end.replace(day=1):
        return
    for measure, same_as in [(BaselineMeasure.REGISTRATIONS, "new"), (BaselineMeasure.REFERRALS, "referred")]:
        if ("baseline", measure) in cells.values:
            cells.same(("baseline", measure), same_as)
    if ("baseline", BaselineMeasure.REFERRALS_SPECIAL_EDUCATION) in cells.values:
        cells.total([("referral", HelpKind.SBO), ("referral", HelpKind.SO)],
                    ("baseline", BaselineMeasure.REFERRALS_SPECIAL_EDUCATION))
    if ("baseline", BaselineMeasure.MKD_PLACEMENTS) in cells.values:
        cells.same(("baseline", BaselineMeasure.MKD_PLACEMENTS), ("referral", HelpKind.MKD))


def share(part, whole, exact):
    """A percentage of two cells as shown: only when both are shown as numbers and the whole is 5 or more (like a
    median), so that it tells nothing the two counts do not."""
    if not (isinstance(part, int) and isinstance(whole, int)) or whole == 0 or (not exact and whole < MIN_CELL):
        return "—"
    return f"{round(100 * part / whole)}%"


def build_tables(figures, exact):
    """The dashboard's tables as the reader sees them: one suppression over all of them together."""
    cells = figure_cells(figures, exact)
    hidden = set() if exact else suppress(cells, keep=HEADLINES)

    def show(key):
        return shown(cells, hidden, key, exact)

    tables = [Table("kerncijfers", _("Kerncijfers"), [_("Cijfer"), _("Aantal")], [
        [_("Nieuwe aanmeldingen"), show("new")],
        [_("Kinderen ondersteund in de periode"), show("supported")],
        [_("Gestart in de periode"), show("started")],
        [_("Open aan het eind: aangemeld"), show("open_registered")],
        [_("Open aan het eind: ambulant traject"), show("open_active")],
        [_("Open aan het eind: totaal"), show("open_total")],
    ])]
    tables.append(Table("afgesloten", _("Afgesloten in de periode"), [_("Uitkomst"), _("Aantal")], [
        [_("afgerond"), show("completed")], [_("doorverwezen"), show("referred")], [_("gestopt"), show("withdrawn")],
        [_("totaal"), show("closed")],
    ]))
    tables.append(Table("uitkomsten", _("Afgerond: met welke uitkomst"), [_("Uitkomst"), _("Aantal"), _("Aandeel")], [
        *[[str(Outcome(outcome).label), show(("outcome", outcome)),
           share(show(("outcome", outcome)), show("completed"), exact)] for outcome in figures.outcomes],
        [_("afgerond"), show("completed"), "—"],
    ], note=_("Het aandeel is van de afgeronde trajecten in de periode; het staat er alleen bij 5 of meer.")))
    routes = [(_("in de eigen school of groep (afgerond)"), "completed"), (_("elders, na doorverwijzing"), "referred"),
              (_("op een passende plek"), "followed_up")]
    tables.append(Table("passende_plek", _("Op de meest passende plek"), [_("Route"), _("Aantal"), _("Aandeel")], [
        *[[label, show(key), share(show(key), show("closed"), exact)] for label, key in routes],
        [_("afgesloten in de periode"), show("closed"), "—"],
    ], note=_("Elke route telt: een kind dat met de suggesties verder kan in de eigen groep, zit ook op een passende "
              "plek. Het aandeel is van alle afgesloten trajecten (ook de gestopte). Hoe snel: de doorlooptijd "
              "aanmelding → passende plek.")))
    tables.append(Table("doorverwijzingen", _("Doorverwezen naar"), [_("Soort hulp"), _("Aantal"), _("Aandeel")], [
        [str(HelpKind(kind).label), show(("referral", kind)), share(show(("referral", kind)), show("referred"), exact)]
        for kind in figures.referrals
    ], note=_("Het aandeel is van de doorverwezen trajecten in de periode.")))
    if figures.by_pilot:
        tables.append(_pilot_table(show, figures))
    if figures.by_municipality:
        tables.append(_municipality_table(show, figures))
    lead_rows = []
    for key, label in LEAD_TIMES:
        # The same trajectories in both units, so one count (a cell of the suppression) stands for both.
        row = [str(label), show(("lead", key))]
        for measure in (key, IN_SCHOOL_DAYS[key]):
            median, p90 = median_shown(figures.lead_times[measure], exact)
            row += [median if median is not None else "—", p90 if p90 is not None else "—"]
        lead_rows.append(row)
    tables.append(Table(
        "doorlooptijden", _("Doorlooptijden in dagen en schooldagen"),
        [_("Doorlooptijd"), _("Aantal"), _("Mediaan (dagen)"), _("90e percentiel (dagen)"),
         _("Mediaan (schooldagen)"), _("90e percentiel (schooldagen)")],
        lead_rows, note=_(
            "Een mediaan staat er alleen bij 5 of meer trajecten. Schooldagen: maandag tot en met vrijdag, zonder "
            "feestdagen en zonder de schoolvakanties van de regio van de school; bij een kinderopvang alleen zonder "
            "feestdagen.") + missing_holidays_note(figures.missing_holidays),
    ))
    tables.append(Table("groepsarrangementen", _("Groepsarrangementen"), [
        _("Groepsarrangement"), _("Plaatsen per week"), _("Bezet aan het eind"), _("Bezetting"),
        _("Kinderen geplaatst in de periode"),
    ], [
        [row["name"], row["places"], show(("taken", row["name"])),
         (f"{round(100 * row['taken'] / row['places'])}%"
          if row["places"] and show(("taken", row["name"])) == row["taken"] else "—"),
         show(("placed", row["name"]))]
        for row in figures.occupancy
    ]))
    if figures.hours:
        tables.append(_hours_table(figures, show))
    tables.append(Table("zorggebieden", _("Zorggebieden bij nieuwe aanmeldingen"), [_("Zorggebied"), _("Aantal")], [
        [name, show(("area", name))] for name, _count in figures.concern_areas
    ], note=_("Een aanmelding kan meer zorggebieden hebben.")))
    trend_rows = [
        [month["label"], show(("trend", "new", index)), show(("trend", "closed", index)),
         show(("trend", "open", index)) if exact else "—"]
        for index, month in enumerate(figures.trend)
    ]
    trend_rows.append([_("totaal"), show(("trend", "new", "total")), show(("trend", "closed", "total")), "—"])
    year_label = periods.school_year_of(figures.period.end).label
    tables.append(Table("trend", _("Per maand in %(year)s") % {"year": year_label},
                        [_("Maand"), _("Nieuwe aanmeldingen"), _("Afgesloten"), _("Open aan het eind van de maand")],
                        trend_rows, note="" if exact else _(
                            "Wat aan het eind van elke maand open was, staat in de kerncijfers van die maand: uit het "
                            "verloop per maand zou een klein aantal terug te rekenen zijn.")))
    tables.append(_baseline_table(figures, show, exact))
    tables.extend(_durability_tables(show, exact))
    if figures.durability["handed_over"]:  # only where peuters were handed over: Someren, not every school's pilot
        tables.append(_continuing_line_table(show, exact))
    tables.extend(indicators.tables(figures.pilots, figures.period))  # the pilots' own, entered by hand: not suppressed
    return tables


def _hours_table(figures, show):
    rows = hours_rows(figures)
    per_school = len(rows) == len(figures.hours)
    with_pilot = len({row["pilot"] for row in rows}) > 1 or not per_school
    shown = []
    for index, row in enumerate(rows):
        names = ([row["school"]] if per_school else []) + ([row["pilot"]] if with_pilot else [])
        shown.append([*names, round(row["planned"], 1), round(row["contact"], 1),
                      _hours_share(row["contact"], row["planned"]), show(("helped", index))])
    planned, contact = sum(row["planned"] for row in rows), sum(row["contact"] for row in rows)
    shown.append([_("totaal"), *([_("alle pilots")] if per_school and with_pilot else []), round(planned, 1),
                  round(contact, 1),
                  _hours_share(contact, planned), show(("helped", "total"))])
    names = ([_("School")] if per_school else []) + ([_("Pilot")] if with_pilot else [])
    return Table("uren", _("Uren per school: gepland en gerealiseerd"), [
        *names, _("Uren gepland"), _("Uren contact vastgelegd"), _("Gerealiseerd"), _("Kinderen geholpen"),
    ], shown, note=_(
        "Gepland: de uren per week van de school (Beheer, deelnemende scholen) maal de schoolweken van de periode "
        "tot vandaag (schooldagen / 5). Gerealiseerd: de duur van de vastgelegde contactmomenten van de trajecten "
        "van de school; ander werk op school (overleg, observatie zonder contactmoment) telt niet mee. Een kind dat "
        "op twee scholen geholpen werd, telt bij beide."))


def _hours_share(contact, planned):
    return f"{round(100 * contact / planned)}%" if planned else "—"


def _baseline_table(figures, show, exact):
    """Like for like: a whole school year against the nulmeting's whole year; a year that still runs against the
    nulmeting pro rata, in a column of its own that says so, beside the nulmeting as it was measured."""
    baseline = figures.baseline
    year, through = baseline["year"], baseline["through"]
    rows = []
    for row in baseline["rows"]:
        now = row["now"]
        if isinstance(now, LeadTime):
            median, _p90 = median_shown(now, exact)
            now_shown = median if median is not None else "—"
        else:
            now_shown = show(("baseline", row["measure"])) if now is not None else _("niet gemeten")
        before = _plain(row["before"])
        shown = [str(row["label"]), before if before is not None else "—"]
        if not baseline["whole"]:
            shown.append(_plain(row["pro_rata"]) if row["pro_rata"] is not None else "—")
        rows.append([*shown, now_shown])
    per_school = _(
        " Bij een school of gemeente staat de nulmeting van die scholen zelf; waar die niet voor elke school is "
        "vastgelegd (Beheer, nulmeting), staat er —.") if baseline["per_school"] else ""
    if baseline["whole"]:
        return Table("nulmeting", _("De nulmeting tegenover %(year)s") % {"year": year.label},
                     [_("Maat"), _("Nulmeting"), year.label], rows,
                     note=_("Een heel schooljaar tegenover het hele jaar van de nulmeting.") + per_school)
    days = (through - year.start).days + 1
    return Table(
        "nulmeting", _("De nulmeting tegenover %(year)s") % {"year": year.label},
        [_("Maat"), _("Nulmeting (heel schooljaar)"), _("Nulmeting naar rato"),
         _("%(year)s t/m %(day)s") % {"year": year.label, "day": date_format(through, "j F")}],
        rows, note=_(
            "Tot en met %(day)s: %(days)s van de %(total)s dagen van het schooljaar. Naar rato is de nulmeting van "
            "een heel schooljaar maal dat deel (%(percent)s%%), alsof aanmeldingen gelijk over het jaar verdeeld "
            "zijn; dat zijn ze niet, dus lees het als een richting. Een mediaan en thuiszitters op een peildatum "
            "worden niet omgerekend.") % {
            "day": date_format(through, "j F Y"), "days": days, "total": (year.end - year.start).days + 1,
            "percent": round(100 * baseline["share"])} + per_school)


def _plain(value):
    """A figure of the nulmeting as it prints: 12, not 12,0."""
    if value is not None and value == int(value):
        return int(value)
    return value


def _pilot_table(show, figures):
    return Table("pilots", _("Per pilot en deelpilot"),
                 [_("Pilot"), _("Nieuwe aanmeldingen"), _("Kinderen ondersteund"), _("Afgesloten")],
                 [[("↳ " * depth) + name, *[show(("pilot", pk, column)) for column in MUNICIPALITY_COLUMNS]]
                  for pk, name, depth, _counts in figures.by_pilot],
                 note=_("Elke regel telt het eigen werk van de pilot; een pilot met deelpilots telt in de andere "
                        "tabellen hun werk mee. Een kind dat in twee pilots werd ondersteund, telt in beide mee."))


def _municipality_table(show, figures):
    return Table("gemeenten", _("Per gemeente"),
                 [_("Gemeente"), _("Nieuwe aanmeldingen"), _("Kinderen ondersteund"), _("Afgesloten")],
                 [[name, *[show(("municipality", name, column)) for column in MUNICIPALITY_COLUMNS]]
                  for name, _counts in figures.by_municipality],
                 note=_("De gemeente van de school. Een kind dat in de periode op scholen in twee gemeenten werd "
                        "ondersteund, telt in beide mee."))


def _continuing_line_table(show, exact):
    return Table("doorgaande_lijn", _("Doorgaande lijn: van de kinderopvang naar school"),
                 [_("Cijfer"), _("Aantal"), _("Aandeel")], [
        [_("Peuters met een warme overdracht aan de basisschool"), show("handed_over"), "—"],
        [_("Daarna op school opnieuw aangemeld voor ondersteuning (groep 1-2)"), show("supported_again"),
         share(show("supported_again"), show("handed_over"), exact)],
    ], note=_("Geteld in de maand van de overdracht. Een aanmelding op school kan nog komen: het cijfer van een "
              "recente maand kan later stijgen."))


def _durability_tables(show, exact):
    moments = FollowUpMoment.values
    well = [show(("followup", moment, HowItGoes.WELL)) for moment in moments]
    asked = [show(("followup", moment, "asked")) for moment in moments]
    durability = Table("duurzaamheid", _("Duurzaamheid: afgerond of doorverwezen in de periode"),
                       [_("Cijfer"), _("Aantal"), _("Aandeel")], [
        [_("Afgerond of doorverwezen"), show("followed_up"), "—"],
        *[[_("Gaat goed %(moment)s") % {"moment": FollowUpMoment(moment).label}, well[index],
           share(well[index], asked[index], exact)] for index, moment in enumerate(moments)],
        [_("Opnieuw aangemeld binnen 12 maanden"), show("came_back"), share(show("came_back"), show("followed_up"),
                                                                            exact)],
    ], note=_("Het aandeel 'gaat goed' is van wie de coach nazorg vroeg (tabel Nazorg), het aandeel opnieuw aangemeld "
              "van alle afgeronde en doorverwezen trajecten; een aandeel staat er alleen bij 5 of meer. Nazorg en een "
              "nieuwe aanmelding van kort geleden afgesloten trajecten kunnen nog komen."))
    rows = [[str(label), *[show(("followup", moment, answer)) for moment in moments]]
            for answer, label in HowItGoes.choices]
    rows.append([_("nagevraagd"), *asked])
    rows.append([_("nog niet nagevraagd"), *[show(("followup", moment, "pending")) for moment in moments]])
    rows.append([_("afgerond of doorverwezen"), *[show("followed_up") for _moment in moments]])
    nazorg = Table("nazorg", _("Nazorg: hoe gaat het in de klas"),
                   [_("Antwoord"), *[str(FollowUpMoment(moment).label) for moment in moments]], rows)
    return [durability, nazorg]
