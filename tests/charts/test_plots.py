"""What each chart draws: the data behind it equals the timeline table, with titles, labels,
legend entries and the source line."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import timeline
from analysis.charts import (
    cooccurrence,
    load_events,
    plot_cooccurrence,
    plot_entity_mentions,
    plot_naming,
    plot_naming_by_outlet,
    plot_story_promotion,
    plot_top_entities,
    plot_topic_prevalence,
    plot_volume,
    plot_volume_by_outlet,
)

SOURCE = "Source: reuters, 02 Mar 1987 to 15 Mar 1987 (Asia/Tehran time); n = 870 articles"


def _days(axis_values) -> list[str]:
    return [mdates.num2date(value).strftime("%Y-%m-%d") for value in axis_values]


def test_volume_bars_are_the_daily_counts_with_numbered_events(tables, events_file) -> None:
    counts = timeline.article_counts(tables["articles"], freq="day")
    events = load_events(events_file, timezone="Asia/Tehran")
    fig = plot_volume(counts, freq="day", events=events, title="Articles published per day", source=SOURCE)
    ax = fig.axes[0]
    assert [bar.get_height() for bar in ax.patches] == counts["n_articles"].tolist()
    assert _days(bar.get_x() for bar in ax.patches) == list(counts["period"].dt.strftime("%Y-%m-%d"))
    assert ax.get_title(loc="left") == "Articles published per day" and ax.get_ylabel() == "articles per day"
    assert ax.get_xlabel() == "day (Asia/Tehran time)" and fig.get_supxlabel() == SOURCE
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["1  4 Mar 1987: Reagan's televised Iran-Contra address",
                      "2  5 Mar 1987: Ecuador earthquakes break its oil export pipeline",
                      "3  6 Mar 1987: Herald of Free Enterprise ferry capsizes off Zeebrugge"]
    assert _days(line.get_xdata()[0] for line in ax.get_lines()) == ["1987-03-04", "1987-03-05", "1987-03-06"]


def test_volume_draws_on_a_given_axes_and_accepts_weeks(tables) -> None:
    fig = Figure()
    ax = fig.add_subplot()
    counts = timeline.article_counts(tables["articles"], freq="week")
    assert plot_volume(counts, freq="week", ax=ax) is fig and ax.get_legend() is None
    assert [bar.get_height() for bar in ax.patches] == [447, 423]
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([7 * 0.85] * 2, rel=1e-6)


def test_top_entities_bars_and_labels(tables) -> None:
    top = timeline.top_entities(tables["article_entities"], n=5)
    fig = plot_top_entities(top, title="Most mentioned", source=SOURCE)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["People", "Countries", "Groups"]
    groups = fig.axes[2]
    rows = top[top["kind"] == "group"]
    assert [bar.get_width() for bar in groups.patches] == rows["n_articles"].tolist()
    assert [label.get_text() for label in groups.get_yticklabels()] == rows["name"].str.slice(0, 26).tolist()
    assert groups.get_xlabel() == "articles mentioning (n)" and fig.get_suptitle() == "Most mentioned"


def test_long_labels_are_cut_with_an_ellipsis(tables) -> None:
    top = pd.DataFrame({"kind": ["group"], "rank": [1], "name": ["Organization of Petroleum Exporting Countries"],
                        "n_articles": [2], "n_mentions": [2]})
    labels = [label.get_text() for label in plot_top_entities(top, width=20).axes[0].get_yticklabels()]
    assert labels == ["Organization of Pet\u2026"]


def test_entity_small_multiples_show_the_shares_in_percent(tables) -> None:
    mentions = timeline.entity_mentions(tables["article_entities"], tables["articles"], freq="week", n=2)
    fig = plot_entity_mentions(mentions, freq="week", source=SOURCE)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    expected = mentions.sort_values(["kind", "rank"], key=lambda c: c.map({"person": 0, "country": 1, "group": 2})
                                    if c.name == "kind" else c).drop_duplicates(["kind", "name"])
    assert [ax.get_title(loc="left") for ax in shown] == [
        f"{n if len(n) <= 22 else n[:21].rstrip() + chr(0x2026)} ({k})" for k, n in zip(expected["kind"], expected["name"])]
    opec = next(ax for ax in shown if ax.get_title(loc="left") == "OPEC (group)")
    rows = mentions[mentions["name"] == "OPEC"]
    np.testing.assert_allclose(opec.get_lines()[0].get_ydata(), rows["share"] * 100)
    assert len({ax.get_ylim() for ax in shown}) == 1, "every panel on the same scale"
    assert max(line.get_ydata().max() for ax in shown for line in ax.get_lines()) <= shown[0].get_ylim()[1]
    assert fig.get_supylabel() == "articles mentioning (% of the period's)"


def test_topic_small_multiples_are_the_largest_topics(tables) -> None:
    prevalence = timeline.topic_prevalence(tables["article_topics"], tables["articles"], topics=tables["topics"],
                                           freq="week")
    fig = plot_topic_prevalence(prevalence, freq="week", n=4, ncols=2, source=SOURCE)
    largest = prevalence.groupby("label")["weight"].sum().sort_values(ascending=False, kind="stable")
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(largest.index[:4])
    assert "crude" in largest.index[:4], "the demo keeps every crude story"
    crude = prevalence[prevalence["label"] == "crude"]
    np.testing.assert_allclose(fig.axes[2].get_lines()[0].get_ydata(), crude["prevalence"] * 100)
    assert fig.axes[2].get_xlabel() == "week (Asia/Tehran time)" and fig.axes[0].get_xlabel() == ""


def test_naming_bars_stack_the_written_forms(tables) -> None:
    choices = timeline.naming_choices(tables["entities"], tables["articles"], name="OPEC", freq="week")
    fig = plot_naming(choices, name="OPEC", freq="week", source=SOURCE)
    ax = fig.axes[0]
    forms = list(dict.fromkeys(choices["form"]))
    heights = np.array([bar.get_height() for bar in ax.patches]).reshape(len(forms), -1)
    for form, row in zip(forms, heights):
        assert row.tolist() == choices.loc[choices["form"] == form, "n_mentions"].tolist()
    totals = choices.groupby("form", sort=False)["n_mentions"].sum()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"{f} ({n:,})" for f, n in totals.items()]
    assert ax.get_title(loc="left") == "How \u201cOPEC\u201d is written" and ax.get_ylabel() == "mentions per week"


def test_story_promotion_rows_are_the_most_listed_stories(tables) -> None:
    promotion = timeline.story_promotion(tables["related"], tables["articles"], n=5)
    fig = plot_story_promotion(promotion, source=SOURCE)
    ax = fig.axes[0]
    stories = promotion.drop_duplicates("rank")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        f"{title[:47].rstrip()}\u2026 ({n})" if len(title) > 48 else f"{title} ({n})"
        for title, n in zip(stories["title"], stories["n_lists"])]
    listings = ax.collections[0].get_offsets()
    assert len(listings) == len(promotion) and listings[:, 1].tolist() == promotion["rank"].tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "listed on a page", "story published", "published to last listed"]


def test_network_draws_the_pairs_and_names_every_entity(tables) -> None:
    nodes = timeline.top_entities(tables["article_entities"], n=5)
    edges = cooccurrence(tables["article_entities"], nodes, min_articles=2)
    together = tables["article_entities"].query("name in ['OPEC', 'Saudi Arabia']").groupby("article_id").size()
    pair = edges[(edges["source"] == "OPEC") & (edges["target"] == "Saudi Arabia")]
    assert pair["n_articles"].tolist() == [(together == 2).sum()]
    fig = plot_cooccurrence(nodes, edges, source=SOURCE)
    ax = fig.axes[0]
    in_edges = set(edges["source"]) | set(edges["target"])
    assert {t.get_text() for t in ax.texts if t.get_text() in set(nodes["name"])} == in_edges
    assert len(ax.collections[0].get_paths()) == len(edges) and len(ax.collections[1].get_offsets()) == len(in_edges)
    assert fig.get_supxlabel() == SOURCE


# --- outlets side by side: the fixture's stories as two outlets, by the parity of their file number ----


@pytest.fixture(scope="module")
def split(tables) -> pd.DataFrame:
    number = tables["articles"]["source_file"].str.extract(r"reuters-0*(\d+)\.txt")[0].astype(int)
    return tables["articles"].assign(outlet=number.mod(2).map({0: "wire-even", 1: "wire-odd"}))


def test_volume_by_outlet_has_one_panel_per_outlet_on_the_same_scales(split, events_file) -> None:
    counts = timeline.article_counts(split, freq="week", by="outlet")
    events = load_events(events_file, timezone="Asia/Tehran")
    fig = plot_volume_by_outlet(counts, freq="week", events=events, source=SOURCE)
    even, odd = fig.axes
    for ax, outlet in ((even, "wire-even"), (odd, "wire-odd")):
        rows = counts[counts["outlet"] == outlet]
        assert [bar.get_height() for bar in ax.patches] == rows["n_articles"].tolist()
        assert ax.get_title(loc="left") == f"{outlet} ({rows['n_articles'].sum():,} articles)"
    assert even.get_ylim() == odd.get_ylim() and odd.get_xlabel() == "week (Asia/Tehran time)"
    assert even.get_legend() is None and len(odd.get_legend().get_texts()) == 3, "the events listed once"
    assert sum(bar.get_height() for ax in fig.axes for bar in ax.patches) == len(split)


def test_top_entities_by_outlet_are_grouped_bars_of_each_outlets_share(tables, split) -> None:
    top = timeline.top_entities(tables["article_entities"], n=3, by="outlet", articles=split)
    fig = plot_top_entities(top, source=SOURCE)
    groups = next(ax for ax in fig.axes if ax.get_title(loc="left") == "Groups")
    names = [label.get_text() for label in groups.get_yticklabels()]
    assert set(names) == set(top.loc[top["kind"] == "group", "name"]) and names[0] == "OPEC"
    bars = np.array([bar.get_width() for bar in groups.patches]).reshape(2, len(names))  # outlet by entity
    for outlet, widths in zip(("wire-even", "wire-odd"), bars):
        rows = top[(top["outlet"] == outlet) & (top["kind"] == "group")].set_index("name").loc[names]
        np.testing.assert_allclose(widths, rows["share"] * 100)
    assert groups.get_xlabel() == "articles mentioning (% of the outlet's)"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["wire-even", "wire-odd"]


def test_shares_by_outlet_draw_one_line_per_outlet_in_each_panel(tables, split) -> None:
    mentions = timeline.entity_mentions(tables["article_entities"], split, freq="week", n=2, by="outlet")
    fig = plot_entity_mentions(mentions, freq="week", source=SOURCE)
    opec = next(ax for ax in fig.axes if ax.get_title(loc="left") == "OPEC (group)")
    for line, outlet in zip(opec.get_lines(), ("wire-even", "wire-odd")):
        rows = mentions[(mentions["name"] == "OPEC") & (mentions["outlet"] == outlet)]
        np.testing.assert_allclose(line.get_ydata(), rows["share"] * 100)
        assert line.get_label() == outlet
    prevalence = timeline.topic_prevalence(tables["article_topics"], split, topics=tables["topics"], freq="week",
                                           by="outlet")
    topics = plot_topic_prevalence(prevalence, freq="week", n=2, ncols=2)
    assert [len(ax.get_lines()) for ax in topics.axes] == [2, 2]
    assert [t.get_text() for t in topics.legends[0].get_texts()] == ["wire-even", "wire-odd"]


def test_naming_by_outlet_stacks_the_same_forms_in_each_outlets_panel(tables, split) -> None:
    choices = timeline.naming_choices(tables["entities"], split, name="OPEC", freq="week", by="outlet")
    fig = plot_naming_by_outlet(choices, name="OPEC", freq="week", source=SOURCE)
    forms = list(dict.fromkeys(choices["form"]))
    for ax, outlet in zip(fig.axes, ("wire-even", "wire-odd")):
        rows = choices[choices["outlet"] == outlet]
        heights = np.array([bar.get_height() for bar in ax.patches]).reshape(len(forms), -1)
        for form, row in zip(forms, heights):
            assert row.tolist() == rows.loc[rows["form"] == form, "n_mentions"].tolist()
        assert ax.get_title(loc="left") == f"{outlet} ({rows['n_mentions'].sum():,} mentions)"
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == forms
