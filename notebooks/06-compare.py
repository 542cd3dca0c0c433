# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Compare outlets and follow a story
#
# How much attention each outlet gives a subject over time (the share of its stories matching a
# search query), the hits in context, the words and the people, countries and groups that set each
# outlet apart (the log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi and Quinn
# 2008), and the most mentioned entities and topics of the outlets side by side. Run the pipeline
# first (`make run`). The search language is the one of `analysis search` (README, "Search the
# articles").

# %%
# %matplotlib inline
from pathlib import Path

from analysis import attention, config, kwic, timeline
from analysis.charts import plot_attention, plot_distinctive_terms, plot_top_entities, plot_topic_prevalence
from analysis.compare import distinctive_terms, top_terms
from analysis.selection import default_window, of_articles, outlets_to_compare, select_articles
from analysis.store import read_table, table_exists

# %% tags=["parameters"]
processed_dir = str(config.PROCESSED_DIR)  # tables written by the pipeline
corpus_path = str(config.RAW_DIR)  # the raw pages they were made from (for reference)
start = None  # first day to look at, "YYYY-MM-DD" (inclusive); None: the first article's; both None: the
#   default window of `analysis charts` for the charts over time, and every story for the comparisons
end = None  # last day to look at, "YYYY-MM-DD" (inclusive); None: the last article's; both None: as above
sample_size = None  # rank the entities of a random sample of this many articles; None: all
outlets = None  # outlets to compare, e.g. ["rt.com", "tehrantimes.com"]; None: every outlet of 20+ articles
queries = ["iran", "oil OR opec"]  # search queries to follow: one attention line per query and outlet
freq = "month"  # "day", "week" or "month"
kwic_width = 50  # characters of context on each side of a hit
n_top = 12  # terms and entities listed per outlet

# %% [markdown]
# The charts over time keep to the window (by default that of `analysis charts`, printed with what
# falls outside it). The comparisons and rankings need no dates: as in `analysis charts`, they count
# the stories of `start` to `end` when a bound is given, else every story, undated ones included.

# %%
all_articles = read_table("articles", Path(processed_dir))
window = default_window(all_articles, start=start, end=end)
print(window)
ranked = select_articles(all_articles, start=start, end=end)
compared = outlets_to_compare(ranked, outlets=outlets)
ranked = ranked[ranked["outlet"].isin(compared)]
print(f"compared: {', '.join(compared)}; {len(ranked):,} stories")
ranked.groupby("outlet").agg(stories=("article_id", "size"), dated=("published", "count"),
                             first=("published", "min"), last=("published", "max"))

# %% [markdown]
# ## Attention over time
#
# For each query and outlet, the share of the period's dated stories that match (near-duplicate
# copies counted once). `matched` and `total` are in the table; undated stories cannot be placed.

# %%
share = attention(queries, processed_dir, by="outlet", freq=freq, start=window.start, end=window.end)
share = share[share["outlet"].isin(compared)]
share.groupby(["query", "outlet"])[["matched", "total"]].sum()

# %% tags=["chart"]
plot_attention(share, freq=freq, title="Attention: share of stories matching " + " / ".join(queries))

# %% [markdown]
# ## Follow a story: the first query's hits in context

# %%
hits = kwic(queries[0], processed_dir, width=kwic_width)
hits = hits[hits["outlet"].isin(compared)]
print(f"{len(hits):,} hits in {hits['article_id'].nunique():,} stories")
hits.groupby("outlet").head(5)[["outlet", "published", "left", "match", "right"]]

# %% [markdown]
# ## What sets each outlet apart
#
# Each outlet against the others together: z above 1.96 marks a term the outlet uses more than the
# others do. Words are counted per use, entities once per story naming them. Every row carries the
# counts, the prior and z (`recompute_z` gives z back from them).

# %%
words = distinctive_terms(processed_dir, outlets=compared, kind="words", start=start, end=end)
top_terms(words, n=n_top)

# %% tags=["chart"]
plot_distinctive_terms(words, title="The words that set each outlet apart")

# %%
names = distinctive_terms(processed_dir, outlets=compared, kind="entities", start=start, end=end)
top_terms(names, n=n_top)

# %% tags=["chart"]
plot_distinctive_terms(names, title="The people, countries and groups that set each outlet apart")

# %% [markdown]
# ## The outlets side by side
#
# The most mentioned people, countries and groups of each outlet, as a share of its own stories.

# %%
sampled = select_articles(ranked, sample_size=sample_size)
article_entities = of_articles(read_table("article_entities", Path(processed_dir)), sampled)
top = timeline.top_entities(article_entities, n=n_top // 2, by="outlet", articles=sampled)
top.pivot_table(index=["kind", "name"], columns="outlet", values="share").round(3)

# %% tags=["chart"]
plot_top_entities(top, title="Most mentioned, by outlet")

# %% [markdown]
# Topics over the window, one line per outlet (the topics stage must have run, and the outlets
# need dated stories in the window).

# %%
in_window = select_articles(all_articles, start=window.start, end=window.end)
in_window = in_window[in_window["outlet"].isin(compared)]
has_topics = table_exists(Path(processed_dir), "article_topics") and not in_window.empty
prevalence = timeline.topic_prevalence(
    of_articles(read_table("article_topics", Path(processed_dir)), in_window), in_window,
    topics=read_table("topics", Path(processed_dir)), freq=freq, by="outlet") if has_topics else None
prevalence.groupby(["outlet", "label"])["prevalence"].mean().round(3) if has_topics else "no topics to show"

# %% tags=["chart"]
plot_topic_prevalence(prevalence, freq=freq, title="Topics over time, by outlet") if has_topics else None
