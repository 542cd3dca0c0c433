"""The house style and the small helpers every chart shares.

Charts are drawn in the style of ``house.mplstyle`` (next to this module), on the
wall clock of the corpus's zone: times are shown as the corpus's own readers saw
them, and the axis label names the zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

STYLE = Path(__file__).with_name("house.mplstyle")
"""The house style file."""

PERIOD_NAMES = {"day": "day", "week": "week", "month": "month"}

SOURCE_COLOUR = "0.35"
EVENT_COLOUR = "0.25"


@contextmanager
def house_style() -> Iterator[None]:
    """Draw in the house style inside this block (``with house_style(): ...``).

    Yields:
        Nothing; matplotlib's settings are restored on leaving.
    """
    with matplotlib.style.context(STYLE):
        yield


def new_axes(ax: Axes | None, *, figsize: tuple[float, float]) -> tuple[Figure | SubFigure, Axes]:
    """The figure and axes to draw on: the given axes, or a new figure with one axes.

    Figures are made without pyplot, so nothing is shown twice in a notebook and
    nothing stays open in pyplot's list of figures.

    Args:
        ax: the caller's axes, or None.
        figsize: width and height in inches of a new figure.

    Returns:
        The figure (or subfigure) and the axes.
    """
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def root(fig: Figure | SubFigure) -> Figure:
    """The top-level figure of a figure or subfigure."""
    return fig.get_figure(root=True)


def add_source(fig: Figure | SubFigure, source: str | None) -> None:
    """Write the source line (corpus, date range, n) at the bottom left of a figure.

    Args:
        fig: the figure.
        source: the text; nothing is written when None.
    """
    if source:
        fig.supxlabel(source, x=0.005, ha="left", fontsize="small", color=SOURCE_COLOUR)


def source_text(fig: Figure | SubFigure) -> str:
    """The source line of a figure (empty when it has none)."""
    label = fig._supxlabel  # matplotlib keeps the super-label here; it has no public getter
    return label.get_text() if label is not None else ""


def shorten(label: object, width: int = 32) -> str:
    """A label cut to ``width`` characters, with an ellipsis when cut.

    Args:
        label: the text.
        width: the most characters kept.

    Returns:
        The label, one line.
    """
    text = " ".join(str(label).split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


def wall_clock(times: pd.Series) -> np.ndarray:
    """Tz-aware times as naive wall-clock times of their zone, for a date axis."""
    return times.dt.tz_localize(None).to_numpy()


def zone_of(times: pd.Series) -> str:
    """The name of the zone of tz-aware times."""
    return str(times.dt.tz)


def date_axis(ax: Axes, *, label: str | None) -> None:
    """Concise date ticks, thinned to fit (at most 8), and an axis label.

    Args:
        ax: the axes whose x axis holds dates.
        label: the axis label, or None for none (inner panels of a grid).
    """
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=label is not None))
    if label:
        ax.set_xlabel(label)


def period_widths(periods: pd.Series, freq: str, *, fill: float = 0.85) -> np.ndarray:
    """Bar widths in days: a share of each period's length.

    Args:
        periods: tz-aware period starts.
        freq: ``"day"``, ``"week"`` or ``"month"``.
        fill: the share of the period a bar covers.

    Returns:
        One width per period.
    """
    local = pd.Series(wall_clock(periods))
    ends = local.dt.to_period({"day": "D", "week": "W-SUN", "month": "M"}[freq]).dt.end_time
    return ((ends - local) / pd.Timedelta(days=1)).to_numpy() * fill
