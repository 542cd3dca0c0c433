"""Choosing the articles a notebook or report looks at: a date range, then a sample.

Days are wall-clock days of the corpus's zone (the zone of ``published``), so a
range means the same dates an analyst reads on the pages.
"""

from __future__ import annotations

import pandas as pd

Day = pd.Timestamp | str | None


def select_articles(articles: pd.DataFrame, *, start: Day = None, end: Day = None,
                    sample_size: int | None = None, seed: int = 0, count_copies: bool = False) -> pd.DataFrame:
    """The articles published from ``start`` to ``end``, or a random sample of them.

    Args:
        articles: rows of the ``articles`` table.
        start: first day kept ("YYYY-MM-DD", inclusive); None: no lower bound.
        end: last day kept (inclusive); None: no upper bound.
        sample_size: keep a random sample of this many (all when there are fewer); None: all.
        seed: the sample's random seed (the same seed gives the same sample).
        count_copies: keep near-duplicate copies (``duplicate_of`` set); by default each
            story is kept once, as the charts count it.

    Returns:
        The chosen rows, oldest first (undated last). Undated articles are kept
        only when neither bound is set.

    Raises:
        ValueError: for a sample size below 1, or a start after the end.
    """
    if sample_size is not None and sample_size < 1:
        raise ValueError(f"sample_size={sample_size!r} is invalid; must be at least 1 or None")
    first, last = (None if day is None else pd.Timestamp(day).normalize() for day in (start, end))
    if first is not None and last is not None and first > last:
        raise ValueError(f"start={start!r} is after end={end!r}")
    days = articles["published"].dt.tz_localize(None).dt.normalize()
    keep = pd.Series(True, index=articles.index)
    if not count_copies and "duplicate_of" in articles.columns:
        keep &= articles["duplicate_of"].isna()
    if first is not None:
        keep &= days >= first
    if last is not None:
        keep &= days <= last
    chosen = articles[keep]
    if sample_size is not None and sample_size < len(chosen):
        chosen = chosen.sample(n=sample_size, random_state=seed)
    return chosen.sort_values("published", kind="stable", na_position="last")


def of_articles(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The rows of a per-article table (``related``, ``entities``...) about the chosen articles.

    Args:
        table: a table with an ``article_id`` column.
        articles: the chosen articles.

    Returns:
        The rows whose ``article_id`` is among them.
    """
    return table[table["article_id"].isin(articles["article_id"])]
