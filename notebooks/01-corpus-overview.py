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
# # 01 · Corpus overview
#
# What the corpus holds: how many files became articles, the dates they cover, what the loader
# met on the way (the issues ledger), who signed the articles, how many were published each month
# and how long their related-stories lists are.
#
# The tables are the ones the pipeline wrote to `processed_dir` (`make run`, or `analysis ingest`
# then `analysis entities`); run it first. `load_corpus` reads the raw pages once more to compare:
# when the two columns of counts disagree, the tables are out of date, so run the pipeline again.

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

from analysis import config, load_corpus, timeline
from analysis.charts import plot_volume
from analysis.selection import default_window, of_articles, select_articles
from analysis.store import read_table

# %% tags=["parameters"]
processed_dir = str(config.PROCESSED_DIR)  # tables written by the pipeline
corpus_path = str(config.RAW_DIR)  # the raw pages (folder, archive or export) they were made from
start = None  # first day to look at, "YYYY-MM-DD" (inclusive); None: the first article's; both None: the
#   default window of `analysis charts` (the dates holding most articles; printed with what falls outside)
end = None  # last day to look at, "YYYY-MM-DD" (inclusive); None: the last article's; both None: as above
sample_size = None  # look at a random sample of this many articles of the range; None: all

# %% [markdown]
# ## Counts
#
# The ingest summary of the raw pages, and the rows of each table, from the raw pages and from the
# processed tables.

# %%
corpus = load_corpus(corpus_path)
tables = {name: read_table(name, Path(processed_dir))
          for name in ("articles", "related", "stories", "issues")}
print(corpus.summary())
pd.DataFrame({
    "from the raw pages": {name: len(getattr(corpus, name)) for name in tables},
    "in the processed tables": {name: len(table) for name, table in tables.items()},
})

# %% [markdown]
# Entities found by the `entities` stage: distinct names and mentions of each kind.

# %%
article_entities = read_table("article_entities", Path(processed_dir))
article_entities.groupby("kind", observed=True).agg(
    names=("name", "nunique"), articles=("article_id", "nunique"), mentions=("n_mentions", "sum"))

# %% [markdown]
# ## The articles looked at
#
# Articles published on the days of the window (in the corpus's time zone): `start` to `end`, or by
# default the window of `analysis charts`, the dates holding most articles; articles without a date
# and those outside the window are left out, and counted in the line printed. Then a random sample
# of `sample_size` of them. Everything below is about these articles, except the issues ledger,
# which is about the files.

# %%
articles = tables["articles"]
window = default_window(articles, start=start, end=end)
print(window)
selected = select_articles(articles, start=window.start, end=window.end, sample_size=sample_size)
related = of_articles(tables["related"], selected)
pd.Series({
    "articles in the corpus": len(articles),
    "articles looked at": len(selected),
    "of which without a date": int(selected["published"].isna().sum()),
    "first published": selected["published"].min(),
    "last published": selected["published"].max(),
}, dtype=object).to_frame("value")

# %%
selected[["published", "title", "signature", "n_words", "n_related", "source_file"]].head(10)

# %% [markdown]
# ## The issues ledger
#
# Every problem the loader met, by severity and by the part of the page concerned. `error`: the
# file (or row) was not loaded; `warning`: it was loaded with a problem, or it duplicates another
# file. The messages say what was found and what was done.

# %%
issues = tables["issues"]
print(f"{len(issues):,} issues in {issues['source_file'].nunique():,} files")
pd.crosstab(issues["field"], issues["severity"], margins=True, margins_name="all")

# %%
issues[["severity", "field", "source_file", "line", "message"]].head(20)

# %% [markdown]
# ## Signatures
#
# The editor signatures at the foot of the articles, most frequent first (`(none)`: no signature).

# %%
signatures = selected["signature"].fillna("").replace("", "(none)")
top_signatures = signatures.value_counts().head(15)
pd.DataFrame({"articles": top_signatures, "share": (top_signatures / len(selected)).round(3)})

# %% [markdown]
# ## Articles per month
#
# Months are taken in the corpus's time zone; a month with no article is a zero.

# %%
per_month = timeline.article_counts(selected, freq="month")
per_month

# %% tags=["chart"]
plot_volume(per_month, freq="month", title="Articles per month")

# %% [markdown]
# ## Related-stories lists
#
# How many stories each article's page lists, and how many of the listed stories are articles of
# this corpus.

# %%
sizes = (selected["n_related"].value_counts().sort_index()
         .rename_axis("stories listed").rename("articles"))
linked = related["linked_article_id"].fillna("") != ""
pd.Series({
    "related items": len(related),
    "distinct stories listed": related["story_id"].nunique(),
    "items that are articles of this corpus": int(linked.sum()),
    "mean list size": round(float(selected["n_related"].mean()), 2),
}, dtype=object).to_frame("value")

# %%
sizes.to_frame().T

# %% [markdown]
# The stories listed most often, in the whole corpus.

# %%
tables["stories"].nlargest(10, "n_lists")[["title", "published", "n_lists", "linked_article_id"]]
