"""The topics stage's outputs: the ``topics`` and ``article_topics`` tables and the quality card."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import sklearn

from analysis.schemas import ARTICLE_TOPICS, TOPICS, Column
from analysis.topics import quality
from analysis.topics.model import TopicModel

TOPIC_TABLES: dict[str, tuple[Column, ...]] = {"topics": TOPICS, "article_topics": ARTICLE_TOPICS}
"""The stage's tables and their columns (schemas in ``analysis.schemas``)."""

TOP_TERMS = 25
"""Terms per topic written to the ``topics`` table."""

MIN_WEIGHT = 0.01
"""Smallest topic share written to the ``article_topics`` table."""

def topic_table(model: TopicModel, ids: np.ndarray, *, n_terms: int = TOP_TERMS) -> pd.DataFrame:
    """Each topic's top terms with their weights and the topic's label.

    Args:
        model: a fitted model.
        ids: the topic id of each of the model's topics.
        n_terms: terms per topic.

    Returns:
        Columns of ``TOPICS``, one row per topic and term, by topic id and rank.
    """
    top = quality.top_indices(model.components_, n_terms)
    weights = np.take_along_axis(model.components_, top, axis=1)
    frame = pd.DataFrame({
        "topic": np.repeat(ids, top.shape[1]), "rank": np.tile(np.arange(1, top.shape[1] + 1), len(top)),
        "term": model.vocabulary_[top.ravel()], "weight": weights.ravel(),
        "label": np.repeat(np.asarray(model.labels_, dtype=object), top.shape[1])})
    return _conform(frame.sort_values(["topic", "rank"]), TOPICS)


def weight_table(article_ids: pd.Series, weights: np.ndarray, ids: np.ndarray, *,
                 min_weight: float = MIN_WEIGHT) -> pd.DataFrame:
    """Articles' topic shares as long rows.

    Args:
        article_ids: one id per row of ``weights``.
        weights: articles-by-topics shares.
        ids: the topic id of each column.
        min_weight: smaller shares are left out.

    Returns:
        Columns of ``ARTICLE_TOPICS``, by article and falling weight.
    """
    rows, cols = np.nonzero(weights >= min_weight)
    frame = pd.DataFrame({"article_id": np.asarray(article_ids)[rows], "topic": ids[cols],
                          "weight": weights[rows, cols]})
    return _conform(frame.sort_values(["article_id", "weight"], ascending=[True, False]), ARTICLE_TOPICS)


def _conform(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    return frame.reset_index(drop=True).astype({column.name: column.dtype for column in columns})[
        [column.name for column in columns]]


def topic_card(model: TopicModel, rows: pd.DataFrame, article_ids: pd.Series, *,
               uses_entities: bool) -> dict:
    """The quality card of a fitted model over the current articles.

    Args:
        model: the fitted model.
        rows: ``article_topics`` rows of the current articles.
        article_ids: every current article.
        uses_entities: whether entity names were terms.

    Returns:
        A JSON-ready dict: ``n_topics``, ``chosen`` (``auto`` or ``given``), ``npmi_top10``
        (mean NPMI over document co-occurrence, in [-1, 1]), ``npmi_by_topic``,
        ``diversity_top25`` (distinct share of the top 25 terms, in (0, 1]), ``stability``
        (agreement of the top 10 terms across subsample fits with different seeds, in [0, 1]),
        ``unclear_share`` (articles whose strongest topic is under ``clear_share``),
        ``clear_share``, ``n_articles``, ``vocabulary_size``, ``selection`` (the
        candidates' scores), ``settings`` (everything needed to reproduce the fit), ``fitted_at``
        and ``reproduce`` (the call that refits the same model on the same articles).
    """
    strongest = rows.groupby("article_id")["weight"].max().reindex(article_ids, fill_value=0.0)
    settings = {**model.get_params(), "scikit_learn": sklearn.__version__, "entities": uses_entities,
                "top_terms": TOP_TERMS, "min_weight": MIN_WEIGHT}
    return {
        "n_topics": int(model.n_topics_), "chosen": "given" if model.n_topics else "auto",
        "npmi_top10": float(np.mean(model.npmi_)), "npmi_by_topic": [round(float(v), 4) for v in model.npmi_],
        "diversity_top25": quality.diversity(model.top_terms(25)),
        "stability": model.stability_,
        "unclear_share": float((strongest.to_numpy() < quality.CLEAR_SHARE).mean()) if len(strongest) else 0.0,
        "clear_share": quality.CLEAR_SHARE, "n_articles": int(len(article_ids)),
        "vocabulary_size": int(len(model.vocabulary_)),
        "selection": None if model.selection_ is None else model.selection_.round(4).to_dict("records"),
        "settings": settings, "fitted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "reproduce": (f"run_topics(processed_dir, n_topics={int(model.n_topics_)}, "
                      f"random_state={model.random_state}, refit=True)"),
    }


