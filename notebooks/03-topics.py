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
# # 03 · Topics
#
# What the coverage talks about: the topics the `topics` stage fitted (TF-IDF and NMF over
# lemmas, with entity names kept as single terms), their quality card, their top terms, how their
# share of coverage rises and falls, and the articles that carry each most. Run the pipeline first
# (`make run`, or `analysis topics` after ingest and entities).

# %%
# %matplotlib inline
from pathlib import Path

from analysis import config, timeline
from analysis.catalogue import read_topic_card
from analysis.charts import plot_topic_prevalence
from analysis.selection import default_window, of_articles, select_articles
from analysis.store import read_table

# %% tags=["parameters"]
processed_dir = str(config.PROCESSED_DIR)  # tables written by the pipeline
corpus_path = str(config.RAW_DIR)  # the raw pages they were made from (for reference)
start = None  # first day to look at, "YYYY-MM-DD" (inclusive); None: the first article's; both None: the
#   default window of `analysis charts` (the dates holding most articles; printed with what falls outside)
end = None  # last day to look at, "YYYY-MM-DD" (inclusive); None: the last article's; both None: as above
sample_size = None  # look at a random sample of this many articles of the range; None: all
freq = "week"  # "day", "week" or "month"

# %%
all_articles = read_table("articles", Path(processed_dir))
window = default_window(all_articles, start=start, end=end)
print(window)
articles = select_articles(all_articles, start=window.start, end=window.end, sample_size=sample_size)
topics = read_table("topics", Path(processed_dir))
article_topics = of_articles(read_table("article_topics", Path(processed_dir)), articles)
card = read_topic_card(processed_dir)
print(f"{len(articles):,} articles; {topics['topic'].nunique()} topics")

# %% [markdown]
# ## The quality card
#
# NPMI coherence of each topic's top 10 terms (above 0: the terms occur together more than by
# chance), diversity of the top 25 terms (1: no term shared between topics), stability across
# seeds (1: the same topics every time), and the share of articles with no clear topic.

# %%
{key: card[key] for key in ("n_topics", "chosen", "npmi_top10", "diversity_top25", "stability",
                            "unclear_share", "n_articles", "vocabulary_size")}

# %% [markdown]
# ## Top terms

# %%
topics[topics["rank"] <= 10].pivot(index="rank", columns="label", values="term")

# %% [markdown]
# ## Topics over time
#
# Each topic's share of coverage per period: the sum of its weights over the period's articles,
# divided by their number.

# %%
prevalence = timeline.topic_prevalence(article_topics, articles, topics=topics, freq=freq)
prevalence.pivot_table(index="period", columns="label", values="prevalence").round(3)

# %% tags=["chart"]
plot_topic_prevalence(prevalence, freq=freq, title="Topics over time")

# %% [markdown]
# ## The articles that carry each topic most

# %%
strongest = (article_topics.sort_values("weight", ascending=False).groupby("topic").head(3)
             .merge(topics[topics["rank"] == 1][["topic", "label"]], on="topic", validate="m:1")
             .merge(articles[["article_id", "published", "title"]], on="article_id", validate="m:1"))
strongest.sort_values(["label", "weight"], ascending=[True, False])[["label", "weight", "published", "title"]]
