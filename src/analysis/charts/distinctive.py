"""The "Fightin' Words" chart: each term's z against its frequency, the most distinctive labelled.

As Monroe, Colaresi and Quinn (2008, figures 1 to 5) draw it: one point per term, x its
count in the compared groups (log scale), y its z; terms beyond z = ±1.96 stand out in
colour and the top terms of each group are written beside their points. One panel per group
(``analysis.compare.distinctive_terms``' table).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from analysis.charts.save import FORMATS, save_figure
from analysis.charts.style import add_source, house_style, shorten
from analysis.config import FIGURES_DIR

SIGNIFICANT = 1.96
"""|z| beyond which a term is drawn in colour (two-sided 5 % under the normal approximation)."""

GROUP_COLOUR = "#0072B2"
OTHERS_COLOUR = "#D55E00"
FAINT = "0.75"


def plot_distinctive_terms(table: pd.DataFrame, *, n: int = 12, fig: Figure | SubFigure | None = None,
                           title: str = "What sets each group apart", source: str | None = None,
                           ncols: int = 2) -> Figure | SubFigure:
    """One panel per group: z against the term's frequency, its top terms labelled.

    Args:
        table: ``distinctive_terms`` rows of one kind of term (words, or entities): ``term``,
            ``group``, ``count``, ``count_other``, ``z``.
        n: terms labelled per panel (the group's highest z above 1.96).
        fig: figure to fill; a new one when None.
        title: the chart's title.
        source: the source line, or None.
        ncols: panels per row.

    Returns:
        The figure: per group, a point per term at x = ``count + count_other`` (log
        scale) and y = ``z``; above 1.96 in blue (the group's terms), below -1.96 in
        orange (the others'), the rest grey; dashed lines at ±1.96; the ``n`` top terms
        written beside their points, highest first. Panel titles name the group and what
        it is compared with.

    Raises:
        ValueError: for an empty table.
    """
    if table.empty:
        raise ValueError("the table is empty: nothing to draw")
    groups = list(dict.fromkeys(table["group"]))
    ncols = max(1, min(ncols, len(groups)))
    nrows = -(-len(groups) // ncols)
    with house_style():
        fig = fig if fig is not None else Figure(figsize=(6.2 * ncols, 4.8 * nrows + 0.8), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
        for index, (ax, group) in enumerate(zip(axes, groups)):
            others = [other for other in groups if other != group]
            _points(ax, table[table["group"] == group])
            ax.set_title(f"{shorten(group, 40)} vs {shorten(others[0], 30) if len(others) == 1 else 'the others'}")
            if index + ncols >= len(groups):
                ax.set_xlabel("count in the compared groups (log scale)")
            if index % ncols == 0:
                ax.set_ylabel("z (log-odds ratio / its s.d.)")
        for ax in axes[len(groups):]:
            ax.set_visible(False)
        for ax, group in zip(axes, groups):  # labels once every panel's limits are set (y is shared)
            ax.set_xlim(ax.get_xlim())
            ax.set_ylim(ax.get_ylim())
            top = table[(table["group"] == group) & (table["z"] > SIGNIFICANT)].nlargest(n, "z")
            _label(ax, (top["count"] + top["count_other"]).to_numpy(dtype=float), top["z"].to_numpy(),
                   [shorten(term, 24) for term in top["term"]])
        fig.suptitle(title, x=0.005, ha="left")
        add_source(fig, source)
    return fig


def _points(ax: Axes, rows: pd.DataFrame) -> None:
    x = (rows["count"] + rows["count_other"]).to_numpy(dtype=float)
    z = rows["z"].to_numpy()
    colours = np.where(z > SIGNIFICANT, GROUP_COLOUR, np.where(z < -SIGNIFICANT, OTHERS_COLOUR, FAINT))
    ax.scatter(x, z, s=6, c=colours, linewidths=0, alpha=0.8, rasterized=True)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    for level in (SIGNIFICANT, -SIGNIFICANT):
        ax.axhline(level, color="0.5", linestyle="--", linewidth=0.8)
    ax.grid(axis="x", visible=False)


def _label(ax: Axes, x: np.ndarray, y: np.ndarray, texts: list[str]) -> None:
    """Write each text beside its point, where it overlaps no text written before.

    Positions are tried right of the point, then left, at its height, then a line higher or
    lower, then two, and so on; they are worked out in axes fractions from the (fixed) data
    limits, a label's size estimated from the font size. A label away from its point gets a
    thin line to it.
    """
    (x0, x1), (y0, y1) = np.log10(ax.get_xlim()), ax.get_ylim()
    inches = ax.figure.get_size_inches() * np.array([ax.get_position().width, ax.get_position().height])
    line = 8 * 1.3 / 72 / max(inches[1], 0.5)
    placed: list[tuple[float, float, float]] = []  # left, right and height of each label written
    for px, py, text in sorted(zip((np.log10(x) - x0) / (x1 - x0), (y - y0) / (y1 - y0), texts),
                               key=lambda item: -item[1]):
        width = len(text) * 8 * 0.6 / 72 / max(inches[0], 0.5)
        left, ly = _free_spot(px, py, width, line, placed)
        placed.append((left, left + width, ly))
        ax.annotate(text, xy=(10 ** (x0 + px * (x1 - x0)), y0 + py * (y1 - y0)), xytext=(left, ly),
                    textcoords="axes fraction", fontsize=8, va="center", ha="left", color="0.1",
                    annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 2}
                    if abs(ly - py) > line / 2 else None)


def _free_spot(px: float, py: float, width: float, line: float,
               placed: list[tuple[float, float, float]]) -> tuple[float, float]:
    """The left edge and height (axes fractions) of the first free place for a label near a point."""
    sides = [left for left in (px + 0.01, px - 0.01 - width) if 0 <= left and left + width <= 1.02] or [px + 0.01]
    for step in range(40):
        shift = (step + 1) // 2 * (1 if step % 2 else -1) * line
        for left in sides:
            if 0 <= py + shift <= 1 and not any(left < right and other < left + width and abs(py + shift - height) < line
                                                for other, right, height in placed):
                return left, py + shift
    return sides[0], py


def save_distinctive_charts(table: pd.DataFrame, *, name: str = "compare", figures_dir: Path = FIGURES_DIR,
                            source: str | None = None, n: int = 12,
                            formats: Sequence[str] = FORMATS) -> list[Path]:
    """Draw and save the chart of the words and the chart of the entities of a comparison.

    Args:
        table: ``distinctive_terms``' table.
        name: the files' stem; ``-words`` and ``-entities`` are added.
        figures_dir: the folder.
        source: the source line (corpus and groups), or None.
        n: terms labelled per panel.
        formats: image formats (``save_figure``'s).

    Returns:
        The paths written (``save_figure``'s, for each kind of term in the table), the
        plotted rows as each chart's CSV.
    """
    written = []
    is_word = table["kind"].eq("word")
    for label, rows in (("words", table[is_word]), ("entities", table[~is_word])):
        if rows.empty:
            continue
        fig = plot_distinctive_terms(rows, n=n, title=f"The {label} that set each group apart", source=source)
        caption = (f"The {label} that set each group apart: each term's z (the log-odds ratio of the group "
                   "against the others with an informative Dirichlet prior, Monroe, Colaresi and "
                   f"Quinn 2008) against its count in the compared groups; {len(rows):,} rows, alpha0 = "
                   f"{rows['alpha0'].iloc[0]:,.0f}. {source or ''}")
        written += save_figure(fig, f"{name}-{label}", data=rows, caption=caption, figures_dir=figures_dir,
                               formats=formats)
    return written
