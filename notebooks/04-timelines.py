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
# # 04 · Timelines
#
# When the coverage happened: articles per period with the events of an events file marked, and
# the most mentioned people, countries and groups over time, as counts and as a share of the
# period's articles. Periods are wall-clock days, weeks or months in the corpus's time zone.

# %%
# %matplotlib inline
from pathlib import Path

from analysis import config, timeline
from analysis.charts import load_events, plot_entity_mentions, plot_volume
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
events_file = str(config.EVENTS_FILE)  # CSV of date,label rows to mark; "" for none

# %%
all_articles = read_table("articles", Path(processed_dir))
window = default_window(all_articles, start=start, end=end)
print(window)
articles = select_articles(all_articles, start=window.start, end=window.end, sample_size=sample_size)
article_entities = of_articles(read_table("article_entities", Path(processed_dir)), articles)
zone = str(articles["published"].dt.tz)
events = load_events(events_file, timezone=zone) if events_file and Path(events_file).exists() else None
print(f"{len(articles):,} articles from {articles['published'].min():%Y-%m-%d} "
      f"to {articles['published'].max():%Y-%m-%d} ({zone})")

# %% [markdown]
# ## Publication volume

# %%
counts = timeline.article_counts(articles, freq=freq)
counts.describe()

# %% tags=["chart"]
plot_volume(counts, freq=freq, events=events, title=f"Articles published per {freq}")

# %% [markdown]
# ## The most mentioned entities over time
#
# The 4 most mentioned people, countries and groups: articles mentioning each per period, and that
# number as a share of the period's articles (a busy week does not look like more interest).

# %%
mentions = timeline.entity_mentions(article_entities, articles, freq=freq, n=4)
mentions.pivot_table(index="period", columns="name", values="share").round(3)

# %% tags=["chart"]
plot_entity_mentions(mentions, freq=freq, title="The most mentioned entities over time")
