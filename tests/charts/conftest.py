"""Real tables for the chart tests, built from the demo corpus without ``data/processed``:
two weeks of pages (2 to 15 March 1987), the entities of 45 oil stories among them, and
their real Reuters topics (``data/reuters-topics.csv``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from analysis import load_corpus
from analysis.entities.stage import article_mentions, summarise_mentions
from analysis.store import write_tables

matplotlib.use("Agg")

REUTERS = Path(__file__).parents[2] / "data" / "raw" / "reuters"
TOPICS = Path(__file__).parent / "data" / "reuters-topics.csv"
EVENTS = Path(__file__).parents[2] / "data" / "external" / "events.csv"


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    corpus = load_corpus(REUTERS)
    articles = corpus.articles[corpus.articles["published"].between("1987-03-02", "1987-03-16")]
    articles = articles.assign(outlet="reuters")  # as `make run` names it
    related = corpus.related[corpus.related["article_id"].isin(articles["article_id"])]
    crude = articles[articles["signature"].str.startswith("R/CR")].iloc[::3]
    mentions = article_mentions(crude)
    return {"articles": articles.reset_index(drop=True), "related": related.reset_index(drop=True),
            "stories": corpus.stories, "entities": mentions, "article_entities": summarise_mentions(mentions),
            **_topic_tables(articles)}


def _topic_tables(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    codes = pd.read_csv(TOPICS, dtype=str).assign(label=lambda t: t["topics"].str.split()).explode("label")
    labels = sorted(codes["label"].unique())
    codes = codes.assign(topic=codes["label"].map({label: i for i, label in enumerate(labels)}),
                         weight=1 / codes.groupby("new_id")["label"].transform("size"))
    new_ids = articles["source_file"].str.extract(r"reuters-0*(\d+)\.txt")[0]
    article_topics = (articles[["article_id"]].assign(new_id=new_ids)
                      .merge(codes, on="new_id", validate="1:m")[["article_id", "topic", "weight"]])
    return {"article_topics": article_topics,
            "topics": pd.DataFrame({"topic": range(len(labels)), "label": labels})}


@pytest.fixture(scope="session")
def processed(tables, tmp_path_factory) -> Path:
    """A processed folder holding every table, topics included."""
    folder = tmp_path_factory.mktemp("processed")
    write_tables(tables, folder)
    return folder


@pytest.fixture(scope="session")
def two_outlets(tables, tmp_path_factory) -> Path:
    """The same tables as two outlets: the Reuters stories with an odd file number as ``wire-odd``,
    the others as ``wire-even`` (both span the two weeks and carry oil stories)."""
    number = tables["articles"]["source_file"].str.extract(r"reuters-0*(\d+)\.txt")[0].astype(int)
    articles = tables["articles"].assign(outlet=number.mod(2).map({0: "wire-even", 1: "wire-odd"}))
    folder = tmp_path_factory.mktemp("two-outlets")
    write_tables({**tables, "articles": articles}, folder)
    return folder


@pytest.fixture(scope="session")
def events_file() -> Path:
    """The demo corpus's events file."""
    return EVENTS
