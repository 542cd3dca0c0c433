"""Charts: one house style, plot functions that return Figures, ``save_figure`` and ``run_charts``.

In a notebook::

    from analysis import timeline
    from analysis.charts import plot_volume, save_figure

    counts = timeline.article_counts(articles, freq="week")
    fig = plot_volume(counts, freq="week")
    save_figure(fig, "volume-weekly", data=counts, caption="Articles per week, ...")

``run_charts(processed_dir, figures_dir)`` writes the standard set for a corpus.
"""

from analysis.charts.attention import plot_attention
from analysis.charts.distinctive import plot_distinctive_terms
from analysis.charts.events import load_events, read_events
from analysis.charts.export import CHARTS, ChartsReport, run_charts
from analysis.charts.network import cooccurrence, plot_cooccurrence
from analysis.charts.plots import (
    events_within,
    outlet_colours,
    plot_entity_mentions,
    plot_naming,
    plot_naming_by_outlet,
    plot_story_promotion,
    plot_top_entities,
    plot_topic_prevalence,
    plot_volume,
    plot_volume_by_outlet,
)
from analysis.charts.save import FORMATS, save_figure
from analysis.charts.style import STYLE, house_style

__all__ = [
    "CHARTS", "FORMATS", "STYLE", "ChartsReport", "cooccurrence", "events_within", "house_style",
    "load_events", "outlet_colours", "plot_attention", "plot_cooccurrence", "plot_distinctive_terms",
    "plot_entity_mentions", "plot_naming", "plot_naming_by_outlet", "plot_story_promotion", "plot_top_entities", "plot_topic_prevalence", "plot_volume",
    "plot_volume_by_outlet", "read_events", "run_charts", "save_figure",
]
