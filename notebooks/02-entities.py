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
# # 02 · People, countries and groups
#
# Who and what the coverage is about: the entities the `entities` stage found (canonical names:
# "Daesh", "ISIS" and "ISIL" are one group; "Lavrov" is "Sergei Lavrov"; "Russian" counts for
# Russia), how they were resolved, which dominate, who appears with whom, and how a group is named.
# Run the pipeline first (`make run`, or `analysis ingest` then `analysis entities`).

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

from analysis import config, timeline
from analysis.catalogue import read_person_variants
from analysis.charts import cooccurrence, plot_cooccurrence, plot_naming, plot_top_entities
from analysis.selection import default_window, of_articles, select_articles
from analysis.store import read_table

# %% tags=["parameters"]
processed_dir = str(config.PROCESSED_DIR)  # tables written by the pipeline
corpus_path = str(config.RAW_DIR)  # the raw pages they were made from (for reference)
start = None  # first day to look at, "YYYY-MM-DD" (inclusive); None: the first article's; both None: the
#   default window of `analysis charts` (the dates holding most articles; printed with what falls outside)
end = None  # last day to look at, "YYYY-MM-DD" (inclusive); None: the last article's; both None: as above
sample_size = None  # look at a random sample of this many articles of the range; None: all
naming_group = None  # a group's canonical name, e.g. "ISIS"; None: the group most written two ways

# %% [markdown]
# Only the naming choices are over time: they keep to the window (by default that of `analysis
# charts`, printed with what falls outside it). The rest needs no dates: as in `analysis charts`, it
# counts the articles of `start` to `end` when a bound is given, else every article of the corpus.

# %%
all_articles = read_table("articles", Path(processed_dir))
window = default_window(all_articles, start=start, end=end)
print(window)
articles = select_articles(all_articles, start=window.start, end=window.end, sample_size=sample_size)
ranked = select_articles(all_articles, start=start, end=end, sample_size=sample_size)
entities = of_articles(read_table("entities", Path(processed_dir)), ranked)
article_entities = of_articles(read_table("article_entities", Path(processed_dir)), ranked)
print(f"{len(ranked):,} articles ({len(articles):,} in the window); {len(entities):,} mentions of "
      f"{article_entities[['kind', 'name']].drop_duplicates().shape[0]:,} entities")

# %% [markdown]
# ## What was found, and how it was resolved
#
# Mentions by kind, and by how the canonical name was reached (`model`: as the model read it;
# `alias`, `name`, `demonym`, `capital`, `gazetteer`: through the lookup tables; `short form` and
# `variant`: a person's fuller name in the same article or elsewhere in the corpus).

# %%
pd.crosstab(entities["kind"], entities["via"], margins=True, margins_name="all")

# %% [markdown]
# ## The most mentioned
#
# People, countries and groups ranked by the number of articles mentioning them (the articles of
# the rankings, see above).

# %%
top = timeline.top_entities(article_entities, n=10)
top

# %% tags=["chart"]
plot_top_entities(top, title="Most mentioned people, countries and groups")

# %% [markdown]
# ## Who appears with whom
#
# The same entities, linked when at least three articles mention both.

# %%
edges = cooccurrence(article_entities, top, min_articles=3, max_edges=60)
edges.head(15)

# %% tags=["chart"]
plot_cooccurrence(top, edges, title="Who appears with whom")

# %% [markdown]
# ## Naming choices
#
# Groups written in several ways (each way used at least twice in the bodies): the choice of
# name is itself something to study (Daesh vs ISIS).

# %%
variants = timeline.naming_variants(entities, kind="group", min_mentions=2)
group = naming_group or str(variants["name"].iloc[0])
choices = timeline.naming_choices(entities, articles, name=group, freq="week")
variants.head(10)

# %% tags=["chart"]
plot_naming(choices, name=group, freq="week")

# %% [markdown]
# ## Person names to review
#
# Short names that could belong to several people of the corpus ("Zarif" with both "Javad Zarif"
# and "Mohammad Zarif"): they were left unmerged. Add the right merge to your own analysis.

# %%
read_person_variants(processed_dir).head(20)
