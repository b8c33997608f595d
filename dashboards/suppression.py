"""Small-cell suppression over every table of one dashboard at once (DESIGN.md: counts of 1–4 are shown as "<5").

A hidden cell must stay hidden against everything else the same page, export or chart shows: sums and totals,
the counts of the lead times, the months of the trend, this year against the nulmeting. So the figures are
cells, the relations between them are linear equations (a + b + c = total, open at the end of a month = open at
the end of the month before + new − closed, the count of a lead time = the cell it counts), and a hidden cell
is safe only if those equations and the shown cells do not determine it. Cells of 1–4 are hidden first
(primary, "<5"); then, while some hidden cell is still determined, the smallest shown cell of an equation
that gives it away is hidden too (complementary, "×").

"Determined" is decided by linear algebra over the rationals: the hidden cells are the unknowns, and a cell is
determined when its unit vector lies in the row space of the equations. (That the hidden values are whole
numbers of at least 1 is not used; with every shown total at 5 or more it narrows nothing to one value.)
"""

from dataclasses import dataclass, field
from fractions import Fraction

MIN_CELL = 5
PRIMARY = "<5"
COMPLEMENTARY = "×"


@dataclass
class Cells:
    values: dict = field(default_factory=dict)  # key → int
    equations: list = field(default_factory=list)  # each {key: coefficient}, summing to zero

    def add(self, key, value):
        self.values[key] = value
        return key

    def total(self, parts, total):
        """sum(parts) == total."""
        equation = {}
        for part in parts:
            equation[part] = equation.get(part, 0) + 1
        equation[total] = equation.get(total, 0) - 1
        self.equations.append(equation)

    def same(self, first, second):
        self.total([first], second)

    def relation(self, coefficients):
        self.equations.append(dict(coefficients))


def suppress(cells, keep=()):
    """The keys to hide: primary cells (1–4) and as few complementary cells as keep every hidden one undetermined,
    taken from the cells in `keep` only when no other will do."""
    hidden = {key for key, value in cells.values.items() if 0 < value < MIN_CELL}
    while True:
        candidates = [
            (other in keep, cells.values[other] == 0, cells.values[other], str(other), other)
            for key in determined(cells, hidden) for other in _shown_around(cells, hidden, key)
        ]
        if not candidates:  # nothing leaks, or nothing shown is left beside what leaks
            return hidden
        hidden.add(min(candidates)[-1])  # the smallest shown cell of the equations that give one away


def _shown_around(cells, hidden, key):
    """The shown cells of the equations that reach `key` through hidden cells: what gives it away."""
    reached, todo, shown_cells = {key}, [key], set()
    while todo:
        current = todo.pop()
        for equation in cells.equations:
            if not equation.get(current):
                continue
            for other, coefficient in equation.items():
                if not coefficient:
                    continue
                if other not in hidden:
                    shown_cells.add(other)
                elif other not in reached:
                    reached.add(other)
                    todo.append(other)
    return shown_cells


def determined(cells, hidden):
    """The hidden cells that the equations fix once every shown cell is filled in.

    The equations, restricted to the hidden cells, are brought to reduced row echelon form; a hidden cell is
    fixed exactly when a row of that form holds it alone. Rows are sparse (an equation names a few cells)."""
    rows = []
    for equation in cells.equations:
        row = {key: Fraction(coefficient) for key, coefficient in equation.items() if key in hidden and coefficient}
        if row:
            rows.append(row)
    pivots = {}  # key → its row, reduced
    for row in rows:
        for key, pivot_row in pivots.items():
            if key in row:
                _subtract(row, pivot_row, row[key])
        if not row:
            continue
        key = min(row, key=str)
        scale = row[key]
        row = {name: value / scale for name, value in row.items()}
        for other in pivots.values():
            if key in other:
                _subtract(other, row, other[key])
        pivots[key] = row
    return {key for key, row in pivots.items() if len(row) == 1}


def _subtract(row, pivot_row, factor):
    for name, value in pivot_row.items():
        result = row.get(name, 0) - factor * value
        if result:
            row[name] = result
        else:
            row.pop(name, None)


def shown(cells, hidden, key, exact):
    """A cell as the reader sees it."""
    value = cells.values[key]
    if exact or key not in hidden:
        return value
    return PRIMARY if 0 < value < MIN_CELL else COMPLEMENTARY
