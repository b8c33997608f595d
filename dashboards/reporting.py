"""The steering group's figures (DESIGN.md, "What the steering group sees"), in one place.

`compute()` reads them from the monthly summary (summary.py), for the pilots in scope or one school's part
of them: a dashboard costs the same number of queries at 100 or 1,000,000 trajectories. Group-arrangement
occupancy is read from the placements and the nulmeting from the pilots (figures.py).
The page, the CSV and the XLSX export all render `build_tables()`, with small cells suppressed, so no
figure is computed twice.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trajecten.models import HelpKind

from . import periods, summary
from .figures import LeadTime

MIN_CELL = 5
PRIMARY = "<5"
COMPLEMENTARY = "×"


def compute(trajectories, pilots, period, *, school=None):
    """All figures of `period` (whole calendar months) over `pilots`, or over `school`'s part of them;
    `trajectories` are those of the same scope. From the monthly summary: summary.compute."""
    return summary.compute(trajectories, pilots, period, school=school)


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
