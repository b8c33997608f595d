"""Bar charts for the vergaderstuk, drawn on the server as SVG (templates/dashboards/_bar_chart.svg) from the
numbers the tables show: a hidden cell is drawn as what it is, as on the dashboard's charts ("<5": a hatched
bar of the height of 4, never a number; "×": no bar), and a cell without a figure ("—") not at all."""

from dataclasses import dataclass, field

from .suppression import COMPLEMENTARY, MIN_CELL, PRIMARY


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str  # what is written above the bar
    hidden: bool = False

    @property
    def middle(self):
        return self.x + self.width / 2


@dataclass
class Chart:
    width: int
    height: int
    base: float  # the y of the axis
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (x, text) under each group
    legend: list = field(default_factory=list)  # (x of the swatch, series index, name)
    hides: set = field(default_factory=set)


def bar_chart(categories, series, *, width=480, height=190):
    """Grouped bars: `categories` name the groups, `series` is [(name, values)] with a value per group."""
    top, bottom, left = 28, 22, 6
    numbers = [value for _name, values in series for value in values if isinstance(value, int | float)]
    scale_max = max([*numbers, MIN_CELL - 1, 1])
    chart = Chart(width=width, height=height, base=height - bottom)
    group = (width - left) / max(len(categories), 1)
    bar = min(28.0, group * 0.8 / max(len(series), 1))
    drawable = height - top - bottom
    for index, category in enumerate(categories):
        start = left + index * group + (group - bar * len(series)) / 2
        chart.ticks.append((left + index * group + group / 2, category))
        for number, (_name, values) in enumerate(series):
            value = values[index]
            x = start + number * bar
            if value == COMPLEMENTARY:
                chart.bars.append(Bar(x, chart.base, bar - 2, 0, number, COMPLEMENTARY, hidden=True))
            elif value == PRIMARY:
                size = drawable * (MIN_CELL - 1) / scale_max
                chart.bars.append(Bar(x, chart.base - size, bar - 2, size, number, PRIMARY, hidden=True))
            elif isinstance(value, int | float):
                size = drawable * value / scale_max
                chart.bars.append(Bar(x, chart.base - size, bar - 2, size, number, str(value)))
            else:
                continue
            if chart.bars[-1].hidden:
                chart.hides.add(value)
    chart.legend = [(left + 150 * number, number, name) for number, (name, _values) in enumerate(series)]
    return chart
