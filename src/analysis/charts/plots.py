"""Plot functions: a table from ``analysis.timeline`` in, a ``Figure`` out.

They draw in the house style, never save and never show. Single-panel charts take
an optional ``ax`` to draw on; charts of several panels take an optional ``fig``
(a figure or subfigure) to fill. Times are drawn on the wall clock of the corpus's
zone, named in the axis label.

Outlets side by side: given a table ``by="outlet"`` (with an ``outlet`` column),
``plot_top_entities`` draws grouped bars, ``plot_entity_mentions`` and
``plot_topic_prevalence`` one line per outlet in each panel; ``plot_volume_by_outlet``
and ``plot_naming_by_outlet`` draw one panel per outlet. Each outlet has one colour
(``outlet_colours``) in every chart.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from analysis.charts.style import (
    EVENT_COLOUR,
    add_source,
    date_axis,
    house_style,
    new_axes,
    period_widths,
    shorten,
    wall_clock,
    zone_of,
)

KIND_TITLES = {"person": "People", "country": "Countries", "group": "Groups", "place": "Places",
               "other": "Other"}
"""Panel titles of the entity kinds."""

KIND_COLOURS = {"person": "#0072B2", "country": "#E69F00", "group": "#009E73", "place": "#CC79A7",
                "other": "#777777"}
"""One colour per entity kind, the same in every chart."""

OUTLET_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
"""Outlet colours (Okabe and Ito's palette for colour-blind readers), given in the outlets' sorted order."""

LEGEND_DROP = 0.5
"""Inches from the bottom of an axes to a legend set below its tick and axis labels."""


def _new_figure(fig: Figure | SubFigure | None, figsize: tuple[float, float]) -> Figure | SubFigure:
    return fig if fig is not None else Figure(figsize=figsize, layout="constrained")


def _title(fig: Figure | SubFigure, title: str) -> None:
    fig.suptitle(title, x=0.005, ha="left")


def outlet_colours(outlets: pd.Series | list[str]) -> dict[str, str]:
    """One colour per outlet, in the outlets' sorted order (the palette repeats after eight).

    Args:
        outlets: outlet names (repeats allowed).

    Returns:
        Outlet to colour.
    """
    names = sorted(set(outlets))
    return {name: OUTLET_PALETTE[i % len(OUTLET_PALETTE)] for i, name in enumerate(names)}


def _outlet_legend(fig: Figure | SubFigure, colours: dict[str, str]) -> None:
    handles = [Line2D([], [], color=colour, linewidth=6) for colour in colours.values()]
    fig.legend(handles, list(colours), title="outlet", loc="outside upper right", ncols=min(len(colours), 4))


def plot_volume(counts: pd.DataFrame, *, freq: str = "day", events: pd.DataFrame | None = None,
                ax: Axes | None = None, title: str = "Articles published",
                source: str | None = None) -> Figure | SubFigure:
    """Articles published per period, with optional event markers.

    Args:
        counts: ``timeline.article_counts`` (``period``, ``n_articles``).
        freq: the period of ``counts``, for the bar widths and labels.
        events: ``load_events`` (``date``, ``label``); events outside the periods are not drawn.
        ax: axes to draw on; a new figure when None.
        title: the chart's title.
        source: the source line (corpus, date range, n), or None.

    Returns:
        The figure: one bar per period, a dashed line per event numbered at the top and
        listed in the legend.
    """
    periods = counts["period"]
    shown = events_within(events, periods, freq) if events is not None else None
    with house_style():
        fig, ax = new_axes(ax, figsize=(9, 5 + 0.2 * (0 if shown is None else len(shown))))
        ax.bar(wall_clock(periods), counts["n_articles"].to_numpy(), width=period_widths(periods, freq),
               align="edge")
        if shown is not None:
            _mark_events(ax, shown)
        ax.set_title(title)
        ax.set_ylabel(f"articles per {freq}")
        date_axis(ax, label=f"{freq} ({zone_of(periods)} time)")
        add_source(fig, source)
    return fig


def plot_volume_by_outlet(counts: pd.DataFrame, *, freq: str = "day", events: pd.DataFrame | None = None,
                          fig: Figure | SubFigure | None = None, title: str = "Articles published",
                          source: str | None = None) -> Figure | SubFigure:
    """Articles published per period, one panel per outlet, on the same scales.

    Args:
        counts: ``timeline.article_counts(..., by="outlet")`` (``outlet``, ``period``, ``n_articles``).
        freq: the period of ``counts``.
        events: ``load_events`` (``date``, ``label``), marked in every panel and listed once.
        fig: figure to fill; a new one when None.
        title: the chart's title.
        source: the source line, or None.

    Returns:
        The figure: a panel per outlet (sorted, titled with the outlet and its total), a
        bar per period in the outlet's colour; the same x and y scales in every panel.
    """
    outlets = list(dict.fromkeys(counts["outlet"]))
    colours = outlet_colours(outlets)
    shown = events_within(events, counts["period"].drop_duplicates(), freq) if events is not None else None
    with house_style():
        fig = _new_figure(fig, (9, 1.9 * len(outlets) + 1.6 + 0.2 * (0 if shown is None else len(shown))))
        axes = fig.subplots(len(outlets), 1, sharex=True, sharey=True, squeeze=False)[:, 0]
        for index, (ax, outlet) in enumerate(zip(axes, outlets)):
            rows = counts[counts["outlet"] == outlet]
            ax.bar(wall_clock(rows["period"]), rows["n_articles"].to_numpy(), align="edge",
                   width=period_widths(rows["period"], freq), color=colours[outlet])
            ax.set_title(f"{shorten(outlet, 40)} ({rows['n_articles'].sum():,} articles)", fontsize=9)
            last = index == len(outlets) - 1
            if shown is not None:
                _mark_events(ax, shown, legend=last)
            date_axis(ax, label=f"{freq} ({zone_of(rows['period'])} time)" if last else None)
        fig.supylabel(f"articles per {freq}", fontsize=10)
        _title(fig, title)
        add_source(fig, source)
    return fig


def events_within(events: pd.DataFrame, periods: pd.Series, freq: str) -> pd.DataFrame:
    """The events that fall inside a run of periods, in date order.

    Args:
        events: ``load_events`` (``date``, ``label``).
        periods: tz-aware period starts.
        freq: their period.

    Returns:
        The events from the first period's start to the last period's end, dates in the
        periods' zone.
    """
    if periods.empty:
        return events.iloc[:0]
    last = periods.max() + pd.Timedelta(days=period_widths(periods.tail(1), freq, fill=1.0)[0])
    dates = events["date"].dt.tz_convert(zone_of(periods))
    return events.assign(date=dates)[(dates >= periods.min()) & (dates < last)].sort_values("date")


def _mark_events(ax: Axes, events: pd.DataFrame, *, legend: bool = True) -> None:
    """Dashed lines numbered inside the top of the axes; numbers of close events are staggered."""
    left, right = ax.get_xlim()
    level, previous = 0, None
    for number, (date, label) in enumerate(zip(events["date"], events["label"]), start=1):
        x = mdates.date2num(date.tz_localize(None))
        level = level + 1 if previous is not None and x - previous < 0.025 * (right - left) else 0
        previous = x
        ax.axvline(x, color=EVENT_COLOUR, linestyle="--", linewidth=1,
                   label=f"{number}  {date:%-d %b %Y}: {shorten(label, 60)}")
        ax.annotate(str(number), xy=(x, 0.99 - 0.055 * (level % 3)), xycoords=("data", "axes fraction"),
                    ha="center", va="top", fontsize=8, fontweight="bold", color=EVENT_COLOUR,
                    bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": EVENT_COLOUR,
                          "linewidth": 0.6})
    ax.set_xlim(left, right)
    if len(events) and legend:
        below_axis_label = ax.transAxes + ScaledTranslation(0, -LEGEND_DROP, ax.figure.dpi_scale_trans)
        ax.legend(title="Events", loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below_axis_label,
                  alignment="left")


def plot_top_entities(top: pd.DataFrame, *, fig: Figure | SubFigure | None = None,
                      title: str = "Most mentioned", source: str | None = None,
                      width: int = 26) -> Figure | SubFigure:
    """The most mentioned entities of each kind, one panel of bars per kind.

    Args:
        top: ``timeline.top_entities`` (``kind``, ``rank``, ``name``, ``n_articles``).
        fig: figure to fill; a new one when None.
        title: the chart's title.
        source: the source line, or None.
        width: names are cut to this many characters.

    Returns:
        The figure: per kind, a horizontal bar per entity (most mentioned on top),
        its length the number of articles mentioning it. For a table ``by="outlet"``,
        grouped bars: per entity one bar per outlet, its length the share of that outlet's
        articles mentioning it (in percent), entities ordered by their best rank in any outlet.
    """
    if "outlet" in top.columns:
        return _grouped_top_entities(top, fig=fig, title=title, source=source, width=width)
    kinds = list(dict.fromkeys(top["kind"]))
    with house_style():
        fig = _new_figure(fig, (3.6 * max(len(kinds), 1) + 1, 0.32 * top["rank"].max() + 1.8))
        for ax, kind in zip(fig.subplots(1, len(kinds), squeeze=False)[0], kinds):
            rows = top[top["kind"] == kind].sort_values("rank")
            bars = ax.barh(rows["rank"], rows["n_articles"], color=KIND_COLOURS.get(kind))
            ax.bar_label(bars, padding=2, fontsize=8, color="0.3")
            ax.set_yticks(rows["rank"], [shorten(name, width) for name in rows["name"]])
            ax.margins(x=0.15)
            _ranking_panel(ax, kind, "articles mentioning (n)")
        _title(fig, title)
        add_source(fig, source)
    return fig


def _ranking_panel(ax: Axes, kind: str, xlabel: str) -> None:
    """A panel of a ranking of one entity kind: the first at the top, vertical grid lines only."""
    ax.invert_yaxis()
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    ax.set_title(KIND_TITLES.get(kind, kind))
    ax.set_xlabel(xlabel)


def _grouped_top_entities(top: pd.DataFrame, *, fig: Figure | SubFigure | None, title: str, source: str | None,
                          width: int) -> Figure | SubFigure:
    """``plot_top_entities`` for a table by outlet: per kind, grouped bars of shares."""
    kinds = list(dict.fromkeys(top["kind"]))
    colours = outlet_colours(top["outlet"])
    order = (top.groupby(["kind", "name"])
             .agg(best=("rank", "min"), most=("share", "max")).reset_index()
             .sort_values(["best", "most", "name"], ascending=[True, False, True]))
    tallest = int(order.groupby("kind").size().max()) if len(order) else 1
    step = 0.8 / max(len(colours), 1)
    with house_style():
        fig = _new_figure(fig, (3.8 * max(len(kinds), 1) + 1, (0.22 * len(colours) + 0.12) * tallest + 2.2))
        for ax, kind in zip(fig.subplots(1, len(kinds), squeeze=False)[0], kinds):
            names = list(order.loc[order["kind"] == kind, "name"])
            for number, (outlet, colour) in enumerate(colours.items()):
                rows = top[(top["kind"] == kind) & (top["outlet"] == outlet)].set_index("name").reindex(names)
                ax.barh(np.arange(len(names)) - 0.4 + step * (number + 0.5), rows["share"].fillna(0) * 100,
                        height=step, color=colour)
            ax.set_yticks(np.arange(len(names)), [shorten(name, width) for name in names])
            _ranking_panel(ax, kind, "articles mentioning (% of the outlet's)")
        _outlet_legend(fig, colours)
        _title(fig, title)
        add_source(fig, source)
    return fig


Panel = tuple[str, str, pd.DataFrame] | None
"""A small-multiples panel: title, colour and rows (``period`` and the value), or None for a gap."""


def _small_multiples(fig: Figure | SubFigure, panels: list[Panel], *, ncols: int, value: str,
                     ylabel: str, freq: str, outlets: dict[str, str] | None = None) -> None:
    """Fill a grid, row by row, with one line chart (value in percent) per panel.

    Rows with an ``outlet`` column get one line per outlet, coloured by ``outlets``,
    and the figure a legend of the outlets.
    """
    nrows = max(-(-len(panels) // ncols), 1)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
    panels = panels + [None] * (len(axes) - len(panels))
    zone = next((zone_of(panel[2]["period"]) for panel in panels if panel is not None), "UTC")
    for index, (ax, panel) in enumerate(zip(axes, panels)):
        if panel is None:
            ax.set_visible(False)
            continue
        name, colour, rows = panel
        lines = rows.groupby("outlet", sort=True) if "outlet" in rows.columns else [(None, rows)]
        for outlet, line in lines:
            ax.plot(wall_clock(line["period"]), line[value].to_numpy() * 100, marker=".", markersize=3,
                    color=colour if outlet is None else outlets[outlet], label=outlet)
        ax.set_title(name, fontsize=9)
        below = index + ncols
        bottom_of_column = below >= len(axes) or panels[below] is None
        date_axis(ax, label=f"{freq} ({zone} time)" if bottom_of_column and index % ncols == 0 else None)
        ax.tick_params(axis="x", labelbottom=bottom_of_column)
    values = [panel[2][value].max() for panel in panels if panel is not None and len(panel[2])]
    top = np.nanmax(values) * 100 if values and not np.all(np.isnan(values)) else 1.0
    axes[0].set_ylim(0, top * 1.08 or 1.0)
    fig.supylabel(ylabel, fontsize=10)
    if outlets:
        _outlet_legend(fig, outlets)


def plot_entity_mentions(mentions: pd.DataFrame, *, freq: str = "day", fig: Figure | SubFigure | None = None,
                         title: str = "Mentions over time", source: str | None = None) -> Figure | SubFigure:
    """Small multiples: the share of each period's articles mentioning each top entity.

    Args:
        mentions: ``timeline.entity_mentions`` (``period``, ``kind``, ``rank``, ``name``, ``share``).
        freq: the period of ``mentions``.
        fig: figure to fill; a new one when None.
        title: the chart's title.
        source: the source line, or None.

    Returns:
        The figure: a row of panels per kind, one panel per entity in rank order, all on
        the same scales; y is ``share`` in percent. For a table ``by="outlet"``, one line
        per outlet in each panel (its share of that outlet's articles), entities in the
        order of their best rank in any outlet.
    """
    entities = (mentions.groupby(["kind", "name"], sort=False)["rank"].min().reset_index()
                .sort_values(["kind", "rank"], key=_kind_order, kind="stable"))
    outlets = outlet_colours(mentions["outlet"]) if "outlet" in mentions.columns else None
    ncols = int(entities.groupby("kind").size().max()) if len(entities) else 1
    panels: list[Panel] = []
    for kind, group in entities.groupby("kind", sort=False):
        names = list(group["name"])
        panels += [(f"{shorten(name, 22)} ({kind})", KIND_COLOURS.get(kind, "C0"),
                    mentions[(mentions["kind"] == kind) & (mentions["name"] == name)]) for name in names]
        panels += [None] * (ncols - len(names))
    with house_style():
        fig = _new_figure(fig, (2.3 * ncols + 1, 1.9 * max(len(panels) // ncols, 1) + 1.2))
        _small_multiples(fig, panels, ncols=ncols, value="share", ylabel="articles mentioning (% of the period's)",
                         freq=freq, outlets=outlets)
        _title(fig, title)
        add_source(fig, source)
    return fig


def _kind_order(column: pd.Series) -> pd.Series:
    order = {kind: i for i, kind in enumerate(KIND_TITLES)}
    return column.map(order) if column.name == "kind" else column


def plot_topic_prevalence(prevalence: pd.DataFrame, *, freq: str = "day", n: int = 9, ncols: int = 3,
                          fig: Figure | SubFigure | None = None, title: str = "Topics over time",
                          source: str | None = None) -> Figure | SubFigure:
    """Small multiples: each of the ``n`` largest topics' share of coverage per period.

    Args:
        prevalence: ``timeline.topic_prevalence`` (``period``, ``topic``, ``label``, ``weight``,
            ``prevalence``).
        freq: the period of ``prevalence``.
        n: topics shown, largest (by total weight) first.
        ncols: panels per row.
        fig: figure to fill; a new one when None.
        title: the chart's title.
        source: the source line, or None.

    Returns:
        The figure: one panel per topic, titled with its label, all on the same scales;
        y is ``prevalence`` in percent. For a table ``by="outlet"``, one line per outlet in
        each panel (the topic's share of that outlet's coverage); topics ranked by their
        weight over all outlets.
    """
    outlets = outlet_colours(prevalence["outlet"]) if "outlet" in prevalence.columns else None
    totals = prevalence.groupby("topic")["weight"].sum().sort_values(ascending=False, kind="stable")
    panels: list[Panel] = [(shorten(prevalence.loc[prevalence["topic"] == topic, "label"].iloc[0], 30), "C0",
               prevalence[prevalence["topic"] == topic]) for topic in totals.index[:n]]
    with house_style():
        fig = _new_figure(fig, (2.8 * ncols + 1, 1.9 * -(-len(panels) // ncols) + 1.2))
        _small_multiples(fig, panels, ncols=ncols, value="prevalence", ylabel="share of coverage (%)", freq=freq,
                         outlets=outlets)
        _title(fig, title)
        add_source(fig, source)
    return fig


def plot_naming(choices: pd.DataFrame, *, name: str, freq: str = "week", ax: Axes | None = None,
                title: str | None = None, source: str | None = None) -> Figure | SubFigure:
    """How an entity is written, per period: stacked bars of mentions by written form.

    Args:
        choices: ``timeline.naming_choices`` (``period``, ``form``, ``n_mentions``).
        name: the entity's canonical name, for the title.
        freq: the period of ``choices``.
        ax: axes to draw on; a new figure when None.
        title: the chart's title; ``How "<name>" is written`` when None.
        source: the source line, or None.

    Returns:
        The figure: per period, one bar segment per form (in ``choices``' order), the
        legend giving each form's total mentions.
    """
    forms = list(dict.fromkeys(choices["form"]))
    with house_style():
        fig, ax = new_axes(ax, figsize=(9, 5))
        periods = choices.drop_duplicates("period")["period"]
        bottom = np.zeros(len(periods))
        for form in forms:
            counts = choices[choices["form"] == form]["n_mentions"].to_numpy()
            ax.bar(wall_clock(periods), counts, bottom=bottom, width=period_widths(periods, freq), align="edge",
                   label=f"{shorten(form, 48)} ({counts.sum():,})")
            bottom = bottom + counts
        ax.legend(title="written form (mentions)", loc="upper left", bbox_to_anchor=(1.01, 1.0), alignment="left")
        ax.set_title(title or f"How \u201c{name}\u201d is written")
        ax.set_ylabel(f"mentions per {freq}")
        date_axis(ax, label=f"{freq} ({zone_of(periods)} time)")
        add_source(fig, source)
    return fig


def plot_naming_by_outlet(choices: pd.DataFrame, *, name: str, freq: str = "week",
                          fig: Figure | SubFigure | None = None, title: str | None = None,
                          source: str | None = None) -> Figure | SubFigure:
    """How each outlet writes an entity, per period: one panel of stacked bars per outlet.

    Args:
        choices: ``timeline.naming_choices(..., by="outlet")`` (``outlet``, ``period``, ``form``,
            ``n_mentions``).
        name: the entity's canonical name, for the title.
        freq: the period of ``choices``.
        fig: figure to fill; a new one when None.
        title: the chart's title; ``How "<name>" is written, by outlet`` when None.
        source: the source line, or None.

    Returns:
        The figure: a panel per outlet (titled with the outlet and its mentions), the same
        forms in the same colours in every panel, each panel on its own y scale (outlets
        differ in size; the mix of forms is what compares); one legend of the forms.
    """
    outlets = list(dict.fromkeys(choices["outlet"]))
    forms = list(dict.fromkeys(choices["form"]))
    with house_style():
        fig = _new_figure(fig, (9, 1.9 * len(outlets) + 1.6))
        axes = fig.subplots(len(outlets), 1, sharex=True, squeeze=False)[:, 0]
        for index, (ax, outlet) in enumerate(zip(axes, outlets)):
            rows = choices[choices["outlet"] == outlet]
            periods = rows.drop_duplicates("period")["period"]
            bottom = np.zeros(len(periods))
            for number, form in enumerate(forms):
                counts = rows[rows["form"] == form]["n_mentions"].to_numpy()
                ax.bar(wall_clock(periods), counts, bottom=bottom, width=period_widths(periods, freq), align="edge",
                       color=f"C{number}", label=shorten(form, 48))
                bottom = bottom + counts
            ax.set_title(f"{shorten(outlet, 40)} ({rows['n_mentions'].sum():,} mentions)", fontsize=9)
            last = index == len(outlets) - 1
            date_axis(ax, label=f"{freq} ({zone_of(periods)} time)" if last else None)
        axes[0].legend(title="written form", loc="upper left", bbox_to_anchor=(1.01, 1.0), alignment="left")
        fig.supylabel(f"mentions per {freq}", fontsize=10)
        _title(fig, title or f"How \u201c{name}\u201d is written, by outlet")
        add_source(fig, source)
    return fig


def plot_story_promotion(promotion: pd.DataFrame, *, ax: Axes | None = None,
                         title: str = "Related stories promoted most, and for how long",
                         source: str | None = None, width: int = 48) -> Figure | SubFigure:
    """For each most-listed story: when it was published and every time a page listed it.

    Args:
        promotion: ``timeline.story_promotion`` (``rank``, ``title``, ``published``, ``listed``,
            ``n_lists``).
        ax: axes to draw on; a new figure when None.
        title: the chart's title.
        source: the source line, or None.
        width: headlines are cut to this many characters.

    Returns:
        The figure: a row per story (most listed on top, labelled with its headline and
        number of listings), a bar from its publication to its last listing, a diamond at
        its publication and a tick at each listing.
    """
    stories = promotion.drop_duplicates("rank").sort_values("rank")
    last = promotion.groupby("rank")["listed"].max().reindex(stories["rank"])
    with house_style():
        fig, ax = new_axes(ax, figsize=(10, 0.34 * len(stories) + 1.8))
        ax.barh(stories["rank"], (wall_clock(last) - wall_clock(stories["published"])) / np.timedelta64(1, "D"),
                left=wall_clock(stories["published"]), height=0.5, color="#56B4E9", alpha=0.35,
                label="published to last listed")
        ax.scatter(wall_clock(promotion["listed"]), promotion["rank"], marker="|", s=70, color="#0072B2",
                   label="listed on a page")
        ax.scatter(wall_clock(stories["published"]), stories["rank"], marker="D", s=22, color="#D55E00",
                   zorder=3, label="story published")
        ax.set_yticks(stories["rank"], [f"{shorten(t, width)} ({n})" for t, n in zip(stories["title"], stories["n_lists"])])
        ax.invert_yaxis()
        ax.grid(axis="x", visible=True)
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title(title)
        ax.set_ylabel("story (times listed)")
        date_axis(ax, label=f"date ({zone_of(promotion['listed'])} time)")
        add_source(fig, source)
    return fig
