"""No hidden cell can be computed back from what one dashboard shows together: its sums and totals, the counts
of its lead times, the months of its trend, this school year against the nulmeting. The attacker here knows what
every figure means and solves the equations between them; it must never pin a hidden cell down."""

import datetime
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards import periods, reporting
from dashboards.figures import Figures, LeadTime
from dashboards.suppression import COMPLEMENTARY, PRIMARY, Cells, suppress

YEAR = periods.school_year(2025)
MONTHS = YEAR.months()
KINDS = ["sbo", "so", "specialistische_jeugdhulp", "ggz", "mkd", "wijkteam", "anders"]
HIDDEN = (PRIMARY, COMPLEMENTARY)


def test_one_hidden_part_of_a_sum_takes_the_next_smallest_with_it():
    cells = Cells()
    for name, value in [("a", 3), ("b", 6), ("c", 12), ("total", 21)]:
        cells.add(name, value)
    cells.total(["a", "b", "c"], "total")
    assert suppress(cells) == {"a", "b"}


def test_the_lead_time_count_of_a_hidden_referral_count_is_hidden_too():
    """As found: the export showed 'doorverwezen ×' and 'gestopt <5', and the count of 'aanmelding →
    doorverwijzing' beside them gave both back."""
    figures = make_figures(month_rows=[(9, 6, 3, 2, 0)], period=periods.month(2025, 8),
                           referral_split=[6, 0, 0, 0, 0, 0, 0])
    tables = {table.key: table for table in reporting.build_tables(figures, exact=False)}
    closed = {row[0]: row[1] for row in tables["afgesloten"].rows}
    lead = {row[0]: row[1] for row in tables["doorlooptijden"].rows}
    assert closed["gestopt"] == PRIMARY
    assert closed["doorverwezen"] in HIDDEN
    assert lead["aanmelding → doorverwijzing"] in HIDDEN
    assert lead["start → afsluiting (duur)"] in HIDDEN or closed["afgerond"] in HIDDEN


OUTCOMES = ["leerkracht_verder", "doel_bereikt", "passende_plek", "mkd_voorkomen"]
ANSWERS = ["gaat_goed", "lichte_ondersteuning", "nieuwe_aanmelding", "verwijzing_niet_gestart"]


def make_figures(month_rows, period, referral_split, open_before=0, active_share=0.5, started=None,
                 follow_up_split=(3, 1, 1, 0, 2), six_months_split=(1, 0, 0, 0, 3), came_back_share=0.1,
                 outcome_split=(3, 2, 1, 1)):
    """Figures as the summary would give them, from per-month (new, completed, referred, withdrawn, started).
    The follow-ups split the completed and referred trajectories over the answers and 'not yet asked' (last)."""
    month_rows = list(month_rows) + [(0, 0, 0, 0, 0)] * (len(MONTHS) - len(month_rows))
    chosen = [i for i, month in enumerate(MONTHS) if period.start <= month.start <= period.end]
    # The trend and this year's side of the nulmeting: the school year up to the period's end (a past year here).
    so_far = list(range(chosen[-1] + 1))
    trend, open_now = [], open_before
    for index in so_far:
        new, completed, referred, withdrawn, _started = month_rows[index]
        open_now += new - completed - referred - withdrawn
        trend.append({"label": MONTHS[index].label, "new": new, "closed": completed + referred + withdrawn,
                      "open": open_now})

    def total(column, months=chosen):
        return sum(month_rows[i][column] for i in months)

    completed, referred, withdrawn = total(1), total(2), total(3)
    started = total(4) if started is None else started
    open_at_end = trend[chosen[-1]]["open"]
    kinds = dict(zip(KINDS, _split(referred, referral_split), strict=True))
    year_referred = total(2, so_far)
    year_kinds = kinds if chosen == so_far else dict(zip(KINDS, _split(year_referred, referral_split), strict=True))
    through = MONTHS[so_far[-1]].end
    whole = through == YEAR.end
    share = ((through - YEAR.start).days + 1) / ((YEAR.end - YEAR.start).days + 1)
    baseline = {"year": YEAR, "through": through, "whole": whole, "share": share, "per_school": False, "rows": [
        {"measure": measure, "label": label, "before": before, "pro_rata": None if whole else round(before * share, 1),
         "now": now}
        for measure, label, before, now in [
            ("aanmeldingen", "aanmeldingen", 40.0, total(0, so_far)),
            ("doorverwijzingen", "doorverwijzingen", 10.0, year_referred),
            ("verwijzingen_sbo_so", "sbo/so", 4.0, year_kinds["sbo"] + year_kinds["so"]),
            ("plaatsingen_mkd", "mkd", 2.0, year_kinds["mkd"]),
        ]
    ]}
    return Figures(
        period=period,
        core={"new": total(0), "supported": open_at_end + completed + referred + withdrawn, "open_at_end": open_at_end,
              "active_at_end": int(open_at_end * active_share), "started": started, "completed": completed,
              "referred": referred, "withdrawn": withdrawn},
        lead_times={"waiting": LeadTime(started, 10, 20), "duration": LeadTime(completed + referred, 60, 90),
                    "to_referral": LeadTime(referred, 80, 120), "waiting_sd": LeadTime(started, 7, 14),
                    "duration_sd": LeadTime(completed + referred, 40, 60), "referral_sd": LeadTime(referred, 55, 80),
                    "to_place": LeadTime(completed + referred, 70, 110),
                    "place_sd": LeadTime(completed + referred, 50, 75)},
        referrals=kinds, outcomes=dict(zip(OUTCOMES, _split(completed, outcome_split), strict=True)),
        concern_areas=[("gedrag", total(0))], occupancy=[], trend=trend, baseline=baseline,
        durability={"answers": {
            moment: dict(zip(ANSWERS, _split(completed + referred, split)[:4], strict=True))
            for moment, split in ((3, follow_up_split), (6, six_months_split))
        }, "came_back": int((completed + referred) * came_back_share),
            # The continuing line: some of the closed were peuters handed over to a school, a third of them again.
            "handed_over": (completed + referred) // 2, "supported_again": (completed + referred) // 6},
    )


def _split(count, weights):
    weights = [weight or 0 for weight in weights]
    if not any(weights):
        return [count] + [0] * (len(weights) - 1)
    parts = [count * weight // sum(weights) for weight in weights]
    parts[weights.index(max(weights))] += count - sum(parts)
    return parts


def attacker_equations(figures, shown):
    """What a reader knows the figures mean, as equations over the table cells (written from the tables' own
    meaning, not from the portal's list)."""
    rows = {key: {row[0]: index for index, row in enumerate(table.rows)} for key, table in shown.items()}

    def cell(table, label, column=1):
        return (table, label, column)

    equations = []

    def equal(left, right):
        equations.append({**dict.fromkeys(left, 1), **dict.fromkeys(right, -1)} if not set(left) & set(right) else {})

    kern, closed = "kerncijfers", "afgesloten"
    equal([cell(kern, "Open aan het eind: aangemeld"), cell(kern, "Open aan het eind: ambulant traject")],
          [cell(kern, "Open aan het eind: totaal")])
    equal([cell(closed, "afgerond"), cell(closed, "doorverwezen"), cell(closed, "gestopt")], [cell(closed, "totaal")])
    equal([cell("doorverwijzingen", label) for label in rows["doorverwijzingen"]], [cell(closed, "doorverwezen")])
    equal([cell("doorlooptijden", "aanmelding → start (wachttijd)")], [cell(kern, "Gestart in de periode")])
    equal([cell("doorlooptijden", "aanmelding → doorverwijzing")], [cell(closed, "doorverwezen")])
    outcomes = [label for label in rows["uitkomsten"] if label != "afgerond"]
    equal([cell("uitkomsten", label) for label in outcomes], [cell("uitkomsten", "afgerond")])
    equal([cell("uitkomsten", "afgerond")], [cell(closed, "afgerond")])
    place = "passende_plek"
    equal([cell(place, "in de eigen school of groep (afgerond)")], [cell(closed, "afgerond")])
    equal([cell(place, "elders, na doorverwijzing")], [cell(closed, "doorverwezen")])
    equal([cell(place, "in de eigen school of groep (afgerond)"), cell(place, "elders, na doorverwijzing")],
          [cell(place, "op een passende plek")])
    equal([cell(place, "afgesloten in de periode")], [cell(closed, "totaal")])
    equal([cell("doorlooptijden", "aanmelding → passende plek (afgerond of doorverwezen)")],
          [cell(closed, "afgerond"), cell(closed, "doorverwezen")])
    equal([cell(closed, "afgerond"), cell(closed, "doorverwezen")],
          [cell("doorlooptijden", "start → afsluiting (duur)")])
    months = [label for label in rows["trend"] if label != "totaal"]
    for column in (1, 2):
        equal([cell("trend", label, column) for label in months], [cell("trend", "totaal", column)])
    for before, after in zip(months, months[1:], strict=False):
        equations.append({cell("trend", after, 3): 1, cell("trend", before, 3): -1, cell("trend", after, 1): -1,
                          cell("trend", after, 2): 1})
    in_period = [month.label for month in figures.period.months()]
    if all(label in months for label in in_period):
        equal([cell("trend", label, 1) for label in in_period], [cell(kern, "Nieuwe aanmeldingen")])
        equal([cell("trend", label, 2) for label in in_period], [cell(closed, "totaal")])
        if in_period[-1] == months[-1]:
            equal([cell("trend", months[-1], 3)], [cell(kern, "Open aan het eind: totaal")])
    answers = ["gaat goed", "lichte ondersteuning nodig", "nieuwe aanmelding nodig", "doorverwijzing nog niet gestart"]
    for column in (1, 2):
        equal([cell("nazorg", label, column) for label in answers], [cell("nazorg", "nagevraagd", column)])
        equal([cell("nazorg", "nagevraagd", column), cell("nazorg", "nog niet nagevraagd", column)],
              [cell("nazorg", "afgerond of doorverwezen", column)])
        equal([cell("nazorg", "afgerond of doorverwezen", column)],
              [cell(closed, "afgerond"), cell(closed, "doorverwezen")])
    equal([cell("nazorg", "gaat goed", 1)], [cell("duurzaamheid", "Gaat goed na 3 maanden")])
    equal([cell("nazorg", "gaat goed", 2)], [cell("duurzaamheid", "Gaat goed na 6 maanden")])
    equal([cell("duurzaamheid", "Afgerond of doorverwezen")], [cell(closed, "afgerond"), cell(closed, "doorverwezen")])
    # This year's side of the nulmeting (its last column) counts the months the trend shows.
    base, now = "nulmeting", len(shown["nulmeting"].columns) - 1
    equal([cell(base, "aanmeldingen", now)], [cell("trend", "totaal", 1)])
    if figures.period.start == YEAR.start:  # and those months are the period's
        equal([cell(base, "aanmeldingen", now)], [cell(kern, "Nieuwe aanmeldingen")])
        equal([cell(base, "doorverwijzingen", now)], [cell(closed, "doorverwezen")])
        equal([cell("doorverwijzingen", "SBO"), cell("doorverwijzingen", "SO")], [cell(base, "sbo/so", now)])
        equal([cell("doorverwijzingen", "MKD")], [cell(base, "mkd", now)])
    return [equation for equation in equations if equation]


def value_of(shown, key):
    table, label, column = key
    return next(row[column] for row in shown[table].rows if row[0] == label)


def pinned_down(shown, equations):
    """The hidden cells the equations fix, with every shown cell filled in: Gauss–Jordan elimination over the
    hidden cells; a cell is fixed when it ends up alone in a row."""
    reduced = []  # (pivot, row) with every pivot eliminated from every other row
    for equation in equations:
        row = {c: Fraction(k) for c, k in equation.items() if k and value_of(shown, c) in (*HIDDEN, "—")}
        for pivot, pivot_row in reduced:
            if pivot in row:
                factor = row[pivot]
                for c, k in pivot_row.items():
                    row[c] = row.get(c, 0) - factor * k
                row = {c: k for c, k in row.items() if k}
        if not row:
            continue
        pivot = sorted(row, key=str)[0]
        row = {c: k / row[pivot] for c, k in row.items()}
        for index, (other, other_row) in enumerate(reduced):
            if pivot in other_row:
                factor = other_row[pivot]
                merged = {c: other_row.get(c, 0) - factor * row.get(c, 0) for c in {*other_row, *row}}
                reduced[index] = (other, {c: k for c, k in merged.items() if k})
        reduced.append((pivot, row))
    return [pivot for pivot, row in reduced if len(row) == 1 and value_of(shown, pivot) in HIDDEN]


month_row = st.tuples(*[st.integers(min_value=0, max_value=9)] * 5)
period_choice = st.sampled_from(
    [YEAR, periods.month(2025, 8), periods.month(2025, 10), periods.month(2026, 2), periods.quarter(2025, 4),
     periods.quarter(2026, 1), periods.months_from(datetime.date(2025, 9, 1), datetime.date(2026, 3, 1))])


follow_up_split = st.tuples(*[st.integers(min_value=0, max_value=3)] * 5)


@settings(max_examples=300, deadline=None, print_blob=True)
@given(month_rows=st.lists(month_row, min_size=1, max_size=12), period=period_choice,
       referral_split=st.lists(st.integers(min_value=0, max_value=3), min_size=7, max_size=7),
       open_before=st.integers(min_value=0, max_value=20), three=follow_up_split, six=follow_up_split,
       outcome_split=st.tuples(*[st.integers(min_value=0, max_value=3)] * 4))
def test_no_hidden_cell_can_be_derived_from_everything_one_dashboard_shows(month_rows, period, referral_split,
                                                                          open_before, three, six, outcome_split):
    figures = make_figures(month_rows, period, referral_split, open_before=open_before, follow_up_split=three,
                           six_months_split=six, outcome_split=outcome_split)
    shown = {table.key: table for table in reporting.build_tables(figures, exact=False)}
    exact = {table.key: table for table in reporting.build_tables(figures, exact=True)}
    for key, table in shown.items():
        for row, true_row in zip(table.rows, exact[key].rows, strict=True):
            for value, true in zip(row, true_row, strict=True):
                if value == PRIMARY:
                    assert 0 < true < 5
                elif value not in (COMPLEMENTARY, "—"):  # "—": no median below 5 trajectories
                    assert value == true  # what is shown is true
    assert pinned_down(shown, attacker_equations(figures, shown)) == []
