"""The attention chart: the share of stories matching a query, per period, one line per series.

A series is an outlet (``attention(..., by="outlet")``), a query (several queries), or both.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import PercentFormatter

from analysis.charts.style import add_source, date_axis, house_style, new_axes, shorten, wall_clock, zone_of


def series_names(table: pd.DataFrame) -> pd.Series:
    """The name of each row's series: its query and/or outlet ("all stories" when neither)."""
    parts = [table[column].astype(str) for column in ("query", "outlet") if column in table]
    if not parts:
        return pd.Series("all stories", index=table.index)
    names = parts[0]
    for part in parts[1:]:
        names = names + " · " + part
    return names


def plot_attention(table: pd.DataFrame, *, freq: str, ax: Axes | None = None,
                   title: str = "Attention: share of stories matching", source: str | None = None
                   ) -> Figure | SubFigure:
    """Share of stories matching a query per period: one line per outlet or query.

    Args:
        table: ``analysis.coverage.attention`` (``period``, ``share``, and ``query`` and/or
            ``outlet`` when split).
        freq: the period of ``table``, for the axis label.
        ax: axes to draw on; a new figure when None.
        title: the chart's title.
        source: the source line (corpus, window, counts), or None.

    Returns:
        The figure: share in percent against period; a period without dated stories is a gap.

    Raises:
        ValueError: when the table has no rows.
    """
    if table.empty:
        raise ValueError("the attention table has no rows: no dated stories to chart")
    names = series_names(table)
    with house_style():
        fig, ax = new_axes(ax, figsize=(9, 5))
        for name in dict.fromkeys(names):
            rows = table[names == name].sort_values("period")
            ax.plot(wall_clock(rows["period"]), rows["share"].to_numpy() * 100, marker="o", markersize=3,
                    label=shorten(name, 40))
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(f"share of the {freq}'s stories")
        ax.set_title(title)
        if names.nunique() > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        date_axis(ax, label=f"{freq} ({zone_of(table['period'])} time)")
        add_source(fig, source)
    return fig


def attention_caption(table: pd.DataFrame, queries: list[str], *, freq: str, corpus: str) -> str:
    """The caption of an attention chart: queries, window, counts per series.

    Args:
        table: ``attention``'s table.
        queries: the queries as typed.
        freq: the period.
        corpus: the corpus's name (its processed folder).

    Returns:
        Several lines of text.
    """
    names = series_names(table)
    start, end = table["period"].min(), table["period"].max()
    lines = [f"Attention in {corpus}: the share of each {freq}'s stories (near-duplicate copies counted once, "
             "undated stories left out) that match " + " / ".join(repr(query) for query in queries) + ".",
             f"Window: every {freq} from {start:%Y-%m-%d} to {end:%Y-%m-%d} (all dated stories)."]
    for name in dict.fromkeys(names):
        rows = table[names == name]
        lines.append(f"{name}: {int(rows['matched'].sum()):,} of {int(rows['total'].sum()):,} stories match.")
    return "\n".join(lines)
