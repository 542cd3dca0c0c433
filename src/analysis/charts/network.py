"""Who appears with whom: the entity co-occurrence table and its network chart.

The graph is built and laid out with networkx and drawn with matplotlib, so it
takes the house style and saves like every other chart.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from analysis.charts.plots import KIND_COLOURS, KIND_TITLES
from analysis.charts.style import add_source, house_style, new_axes, shorten

EDGE_COLUMNS = ["source", "source_kind", "target", "target_kind", "n_articles"]
"""Columns of ``cooccurrence``'s table."""


def cooccurrence(article_entities: pd.DataFrame, nodes: pd.DataFrame, *, min_articles: int = 3,
                 max_edges: int = 60) -> pd.DataFrame:
    """How many articles mention each pair of the given entities together.

    Args:
        article_entities: rows of ``article_entities``.
        nodes: the entities to pair (``kind``, ``name``), e.g. ``timeline.top_entities``.
        min_articles: pairs seen in fewer articles are left out.
        max_edges: only this many pairs are kept, the most frequent first.

    Returns:
        One row per pair, columns ``EDGE_COLUMNS`` (source before target in name order),
        most articles first.
    """
    if min_articles < 1 or max_edges < 1:
        raise ValueError(f"min_articles={min_articles!r} and max_edges={max_edges!r} must be positive")
    keys = nodes[["kind", "name"]].astype(str)
    present = (article_entities.astype({"kind": str, "name": str})
               .merge(keys, on=["kind", "name"], validate="m:1")[["article_id", "kind", "name"]]
               .drop_duplicates())
    pairs = present.merge(present, on="article_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["name_a"] + "\0" + pairs["kind_a"]) < (pairs["name_b"] + "\0" + pairs["kind_b"])]
    edges = (pairs.groupby(["name_a", "kind_a", "name_b", "kind_b"]).size().rename("n_articles").reset_index())
    edges.columns = EDGE_COLUMNS
    edges = edges[edges["n_articles"] >= min_articles]
    edges = edges.sort_values(["n_articles", "source", "target"], ascending=[False, True, True])
    return edges.head(max_edges).reset_index(drop=True)


def plot_cooccurrence(nodes: pd.DataFrame, edges: pd.DataFrame, *, ax: Axes | None = None,
                      title: str = "Who appears with whom", source: str | None = None,
                      seed: int = 7) -> Figure | SubFigure:
    """The co-occurrence network: entities as dots sized by mentions, pairs as lines.

    Args:
        nodes: entities (``kind``, ``name``, ``n_articles``); those in no edge are not drawn.
        edges: ``cooccurrence``'s table.
        ax: axes to draw on; a new figure when None.
        title: the chart's title.
        source: the source line, or None.
        seed: seed of the starting layout, so the same tables give the same picture.

    Returns:
        The figure: a dot per entity (area by articles mentioning it, colour by kind, name
        beside it), a line per pair (width and darkness by articles together).
    """
    graph = _graph(nodes, edges)
    with house_style():
        fig, ax = new_axes(ax, figsize=(11, 8.5))
        if graph.number_of_nodes():
            start = nx.spring_layout(graph, weight="strength", seed=seed)
            _draw(ax, graph, nx.kamada_kawai_layout(graph, pos=start, weight=None))
        ax.set_axis_off()
        kinds = [kind for kind in KIND_TITLES if kind in {kind for _, kind in graph.nodes(data="kind")}]
        ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=KIND_COLOURS.get(kind, "C0"),
                                  label=KIND_TITLES.get(kind, kind)) for kind in kinds],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), title="kind")
        ax.set_title(f"{title}\n", loc="left")
        ax.annotate(f"dot area: articles mentioning the entity; line: articles mentioning both "
                    f"(at least {int(edges['n_articles'].min()) if len(edges) else 0})",
                    xy=(0, 1), xycoords="axes fraction", va="bottom", fontsize=8, color="0.35")
        add_source(fig, source)
    return fig


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    graph = nx.Graph()
    top = edges["n_articles"].max() if len(edges) else 1
    for row in edges.itertuples(index=False):
        graph.add_edge((row.source_kind, row.source), (row.target_kind, row.target),
                       n_articles=row.n_articles, strength=row.n_articles / top)
    sizes = nodes.astype({"kind": str, "name": str}).set_index(["kind", "name"])["n_articles"]
    for node in graph.nodes:
        graph.nodes[node].update(kind=node[0], name=node[1], n_articles=int(sizes.get(node, 1)))
    return graph


def _draw(ax: Axes, graph: nx.Graph, position: dict) -> None:
    widths = np.array([data["n_articles"] for _, _, data in graph.edges(data=True)], dtype=float)
    scale = widths / widths.max()
    nx.draw_networkx_edges(graph, position, ax=ax, width=0.5 + 3.5 * scale,
                           edge_color=[(0.3, 0.3, 0.3, 0.15 + 0.5 * s) for s in scale])
    sizes = np.array([graph.nodes[node]["n_articles"] for node in graph.nodes], dtype=float)
    areas = 40 + 1200 * sizes / sizes.max()
    nx.draw_networkx_nodes(graph, position, ax=ax, node_size=areas,
                           node_color=[KIND_COLOURS.get(graph.nodes[node]["kind"], "C0") for node in graph.nodes],
                           edgecolors="white", linewidths=0.8)
    for node, area in zip(graph.nodes, areas):
        ax.annotate(shorten(graph.nodes[node]["name"], 24), xy=position[node], textcoords="offset points",
                    xytext=(0, np.sqrt(area) / 2 + 1.5),
                    ha="center", va="bottom", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})
    ax.margins(0.08)
