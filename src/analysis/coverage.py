"""Attention: the share of an outlet's coverage that matches a query, period by period.

Media Cloud's measure of attention to a subject: of the stories an outlet published in a
period, how many match the query. Stories are counted once (a near-duplicate copy is left out,
see ``analysis.ingest.near_duplicates``) unless ``count_copies`` is set; undated articles are
left out of both counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.fulltext import search, update_index
from analysis.selection import Day, select_articles
from analysis.store import read_table
from analysis.timeline import article_counts

BY = (None, "outlet")
"""What ``attention`` can split the counts by."""

COLUMNS = ["query", "period", "outlet", "matched", "total", "share"]
"""Columns of ``attention``'s table (``query`` only for several queries, ``outlet`` only with ``by="outlet"``)."""


def attention(query: str | Sequence[str], processed_dir: str | Path | None = None, *, by: str | None = None,
              freq: str = "month", count_copies: bool = False, start: Day = None, end: Day = None) -> pd.DataFrame:
    """How many of the stories of each period (and outlet) match a query.

    Args:
        query: a search query (``analysis.fulltext``), or several: one series per query.
        processed_dir: the processed folder; the configured one when None.
        by: None for the whole corpus, ``"outlet"`` for one series per outlet.
        freq: ``"day"``, ``"week"`` or ``"month"``.
        count_copies: count every near-duplicate copy as a story of its own.
        start: the window's first day ("YYYY-MM-DD", inclusive); None: from the first dated story.
        end: the window's last day (inclusive); None: up to the last dated story.

    Returns:
        One row per period (and outlet, and query), every period from the first dated story
        to the last: ``query`` (only when several are given), ``period`` (tz-aware start, in
        the corpus's zone), ``outlet`` (with ``by="outlet"``), ``matched`` (stories matching
        the query), ``total`` (dated stories) and ``share`` (matched / total; NaN where total
        is 0). For each query, ``matched`` and ``total`` add up to the matching and all dated
        stories.

    Raises:
        ValueError: for a ``by`` not in ``BY``, a bad ``freq``, no query, or a start after the end.
        QueryError: for a query that cannot be read.
    """
    if by not in BY:
        raise ValueError(f"by={by!r} is invalid; must be one of {list(BY)}")
    queries = [query] if isinstance(query, str) else list(query)
    if not queries:
        raise ValueError("no query given; expected one or more")
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    articles = read_table("articles", processed_dir, columns=["article_id", "outlet", "published", "duplicate_of"])
    articles = select_articles(articles[articles["published"].notna()], start=start, end=end,
                               count_copies=count_copies)
    columns = [c for c in COLUMNS if (c != "outlet" or by) and (c != "query" or len(queries) > 1)]
    update_index(processed_dir)  # once for every query
    frames = [_series(articles, articles["article_id"].isin(search(text, processed_dir, refresh=False)["article_id"]),
                      by, freq)
              .assign(query=text) for text in queries]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    table["share"] = table["matched"] / table["total"].where(table["total"] > 0)
    return table[columns]


def _series(articles: pd.DataFrame, matched: pd.Series, by: str | None, freq: str) -> pd.DataFrame:
    """``period``, ``outlet``, ``matched``, ``total`` of one query."""
    if articles.empty:
        return pd.DataFrame(columns=["period", "outlet", "matched", "total"])
    window = {"freq": freq, "start": articles["published"].min(), "end": articles["published"].max()}
    groups = [(None, articles, matched)] if by is None else [
        (outlet, part, matched[part.index]) for outlet, part in articles.groupby("outlet", sort=True)]
    frames = []
    for outlet, part, hits in groups:
        total = article_counts(part, **window).rename(columns={"n_articles": "total"})
        found = article_counts(part[hits], **window).rename(columns={"n_articles": "matched"})
        frame = total.merge(found, on="period", how="left", validate="1:1").fillna({"matched": 0})
        frames.append(frame.assign(matched=frame["matched"].astype("int64"), outlet=outlet))
    return pd.concat(frames, ignore_index=True)


def undated_note(processed_dir: str | Path | None = None, *, count_copies: bool = False) -> str:
    """The sentence saying which stories attention leaves out for want of a date, or empty.

    Args:
        processed_dir: the processed folder; the configured one when None.
        count_copies: count near-duplicate copies too.

    Returns:
        ``"Left out, undated: 903 stories (tehrantimes.com 900, rt.com 3); tehrantimes.com has no
        dated story."``, or ``""`` when every story has a date.
    """
    articles = read_table("articles", Path(processed_dir or config.PROCESSED_DIR),
                          columns=["outlet", "published", "duplicate_of"])
    if not count_copies:
        articles = articles[articles["duplicate_of"].isna()]
    undated = articles[articles["published"].isna()]["outlet"].fillna("(no outlet)").value_counts()
    if undated.empty:
        return ""
    dated = set(articles.loc[articles["published"].notna(), "outlet"].dropna())
    never = [outlet for outlet in undated.index if outlet not in dated]
    n = int(undated.sum())
    return (f"Left out, undated: {n:,} {'story' if n == 1 else 'stories'} ("
            + ", ".join(f"{outlet} {n:,}" for outlet, n in undated.items()) + ")"
            + (f"; {', '.join(never)} {'has' if len(never) == 1 else 'have'} no dated story" if never else "") + ".")
