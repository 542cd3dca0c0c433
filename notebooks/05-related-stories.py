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
# # 05 · Related stories
#
# Which stories the site keeps promoting: every page lists related stories, each with its exact
# publication time (the .NET ticks in its image path). Stories listed on the most pages, for how
# long after publication, and how much listing happened per period.

# %%
# %matplotlib inline
from pathlib import Path

from analysis import config, timeline
from analysis.charts import plot_story_promotion
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
related = of_articles(read_table("related", Path(processed_dir)), articles)
stories = read_table("stories", Path(processed_dir))
print(f"{len(articles):,} articles list {len(related):,} related items "
      f"({related['story_id'].nunique():,} distinct stories)")

# %% [markdown]
# ## The most promoted stories
#
# The 15 stories listed on the most pages: when each was published, and when pages listed it.

# %%
promotion = timeline.story_promotion(related, articles, n=15)
promotion.head(15)

# %% tags=["chart"]
plot_story_promotion(promotion)

# %% [markdown]
# ## Listing activity over time
#
# Related items listed per period, and the distinct stories among them.

# %%
timeline.related_activity(related, freq=freq)

# %% [markdown]
# ## Stories of this corpus
#
# Listed stories that are themselves articles of the corpus (matched by title and time).

# %%
linked = stories[stories["linked_article_id"].fillna("") != ""]
print(f"{len(linked):,} of {len(stories):,} listed stories are articles of this corpus")
linked.nlargest(10, "n_lists")[["title", "published", "first_listed", "last_listed", "n_lists"]]
