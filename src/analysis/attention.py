"""Attention: the share of an outlet's coverage that matches a query, period by period.

Media Cloud's measure of attention to a subject: of the stories an outlet published in a
period, how many match the query. Stories are counted once (a near-duplicate copy is left out,
see ``analysis.ingest.near_duplicates``) unless ``count_copies`` is set; undated articles are
left out of both counts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config
from analysis.search import search
from analysis.store import read_table
from analysis.timeline import article_counts

BY = (None, "outlet")
"""What ``attention`` can split the counts by."""

COLUMNS = ["period", "outlet", "matched", "total", "share"]
"""Columns of ``attention``'s table (``outlet`` only with ``by="outlet"``)."""


def attention(query: str, processed_dir: str | Path | None = None, *, by: str | None = None,
              freq: str = "month", count_copies: bool = False) -> pd.DataFrame:
    """How many of the stories of each period (and outlet) match a query.

    Args:
        query: a search query (``analysis.search``).
        processed_dir: the processed folder; the configured one when None.
        by: None for the whole corpus, ``"outlet"`` for one series per outlet.
        freq: ``"day"``, ``"week"`` or ``"month"``.
        count_copies: count every near-duplicate copy as a story of its own.

    Returns:
        One row per period (and outlet), every period from the first dated story to the last:
        ``period`` (tz-aware start, in the corpus's zone), ``outlet`` (with ``by="outlet"``),
        ``matched`` (stories matching the query), ``total`` (dated stories) and ``share``
        (matched / total; NaN where total is 0). ``matched`` and ``total`` add up to the
        matching and all dated stories.

    Raises:
        ValueError: for a ``by`` not in ``BY`` or a bad ``freq``.
        QueryError: for a query that cannot be read.
    """
    if by not in BY:
        raise ValueError(f"by={by!r} is invalid; must be one of {list(BY)}")
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    articles = read_table("articles", processed_dir, columns=["article_id", "outlet", "published", "duplicate_of"])
    if not count_copies:
        articles = articles[articles["duplicate_of"].isna()]
    articles = articles[articles["published"].notna()]
    matched = articles["article_id"].isin(search(query, processed_dir)["article_id"])
    if articles.empty:
        return pd.DataFrame(columns=[c for c in COLUMNS if by or c != "outlet"])
    window = {"freq": freq, "start": articles["published"].min(), "end": articles["published"].max()}
    groups = [(None, articles, matched)] if by is None else [
        (outlet, part, matched[part.index]) for outlet, part in articles.groupby("outlet", sort=True)]
    frames = []
    for outlet, part, hits in groups:
        total = article_counts(part, **window).rename(columns={"n_articles": "total"})
        found = article_counts(part[hits], **window).rename(columns={"n_articles": "matched"})
        frame = total.merge(found, on="period", how="left", validate="1:1").fillna({"matched": 0})
        frame = frame.assign(matched=frame["matched"].astype("int64"), outlet=outlet)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["share"] = table["matched"] / table["total"].where(table["total"] > 0)
    return table[[c for c in COLUMNS if by or c != "outlet"]]
