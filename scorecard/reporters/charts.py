"""Line charts by quarter for the HTML reports: plain data an SVG template draws.

A chart always has its axes, gridlines with tick labels, a title on the y axis and one
labelled line per series (the caption is the key), because a trend without a scale reads as
noise. Values that are missing in a quarter (a file that did not exist yet, a quarter with
no report) leave a gap in the line rather than a made-up point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["CHART_HEIGHT", "CHART_WIDTH", "SERIES_CLASSES", "LineChart", "line_chart",
           "nice_ticks"]

CHART_WIDTH, CHART_HEIGHT = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 32, 12, 36
SERIES_CLASSES = ("s-overall", "s-1", "s-2", "s-3", "s-4", "s-5")


@dataclass(frozen=True)
class LineChart:
    """What to draw: quarter labels, named series (None: no value) and the y scale."""

    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[float | None]]]
    y_max: float
    y_title: str
    y_ticks: Sequence[float]
    value_text: Callable[[float], str] = lambda value: f"{value:.1f}"


def nice_ticks(highest: float, count: int = 4) -> tuple[float, ...]:
    """Return ticks from 0 to a round number at or above ``highest`` (1, 2, 2.5 or 5 steps)."""
    if highest <= 0 or not math.isfinite(highest):
        return (0.0, 1.0)
    raw = highest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(highest / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(steps + 1))


def _tick_text(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class _Plot:
    """Where values land in the SVG: quarters spread across, values scaled up to y_max."""

    step: float
    height: float
    y_max: float

    def x_of(self, index: int) -> float:
        """Return the x coordinate of the quarter at ``index``."""
        return round(_LEFT + index * self.step, 1)

    def y_of(self, value: float) -> float:
        """Return the y coordinate of ``value`` (values above y_max sit on the top edge)."""
        return round(_TOP + self.height - (min(value, self.y_max) / self.y_max) * self.height, 1)


def line_chart(chart: LineChart) -> dict[str, object]:
    """Return the view model of an SVG line chart ({} when fewer than two quarters)."""
    labels = chart.labels
    if len(labels) < 2 or chart.y_max <= 0:
        return {}
    plot_w = CHART_WIDTH - _LEFT - _RIGHT
    plot_h = CHART_HEIGHT - _TOP - _BOTTOM
    plot = _Plot(step=plot_w / (len(labels) - 1), height=plot_h, y_max=chart.y_max)
    return {
        "width": CHART_WIDTH, "height": CHART_HEIGHT,
        "left": _LEFT, "right": CHART_WIDTH - _RIGHT, "bottom": _TOP + plot_h,
        "y_title": chart.y_title,
        "y_ticks": [{"y": plot.y_of(v), "label": _tick_text(v)} for v in chart.y_ticks],
        "x_ticks": [{"x": plot.x_of(i), "label": label} for i, label in enumerate(labels)],
        "lines": [_series_line(chart, plot, index, name, values)
                  for index, (name, values) in enumerate(chart.series)],
    }


def _series_line(chart: LineChart, plot: _Plot, index: int, name: str,
                 values: Sequence[float | None]) -> dict[str, object]:
    """Return the view of one series: its polylines, a dot per known value and its text label."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    return {
        "name": name, "cls": SERIES_CLASSES[index % len(SERIES_CLASSES)],
        # One polyline per run of known values: a missing quarter is a gap.
        "segments": [" ".join(f"{plot.x_of(i)},{plot.y_of(v)}" for i, v in run)
                     for run in _runs(known) if len(run) > 1],
        "dots": [{"x": plot.x_of(i), "y": plot.y_of(v),
                  "title": f"{name} {chart.labels[i]}: {chart.value_text(v)}"} for i, v in known],
        "label": f"{name}: " + ", ".join("n/a" if v is None else chart.value_text(v)
                                         for v in values),
    }


def _runs(known: Sequence[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Split (quarter index, value) pairs into runs of consecutive quarters."""
    runs: list[list[tuple[int, float]]] = []
    for index, value in known:
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, value))
        else:
            runs.append([(index, value)])
    return runs
