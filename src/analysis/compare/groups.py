"""The groups of stories a comparison sets side by side: outlets, queries or periods.

Each story of the corpus (a near-duplicate copy left out unless ``count_copies``) is in at
most one group; stories in no group count only in a prior drawn from the whole corpus
(``prior="corpus"``, ``analysis.compare.scores``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.selection import Day, select_articles
from analysis.store import read_table

log = logging.getLogger(__name__)


def parse_period(text: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Read a period ``START:END``: its first and last day (inclusive).

    Each end is a year (``2016``), a month (``2016-03``) or a day (``2016-03-05``); a start
    means the first day of it, an end its last day; an empty end is open (``2016-03:``).
    A period without a colon is that year, month or day (``2016-03`` is March 2016).

    Args:
        text: the period.

    Returns:
        The first and last day as naive timestamps (wall-clock days of the corpus's zone),
        None for an open end.

    Raises:
        ValueError: naming the period and what was expected.
    """
    start, colon, end = text.strip().partition(":")
    if not colon:
        end = start
    if not start.strip() and not end.strip():
        raise ValueError(f"period {text!r} has neither a start nor an end; expected START:END, "
                         "e.g. 2016-01:2016-06 or 2016-03-05:")
    first, last = _day(start, text, first=True), _day(end, text, first=False)
    if first is not None and last is not None and first > last:
        raise ValueError(f"period {text!r} starts after it ends")
    return first, last


_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _day(value: str, text: str, *, first: bool) -> pd.Timestamp | None:
    value = value.strip()
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise ValueError(f"period {text!r}: {value!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        period = pd.Period(value, freq={4: "Y", 7: "M", 10: "D"}[len(value)])
    except ValueError:
        raise ValueError(f"period {text!r}: {value!r} is not a real date") from None
    return period.start_time if first else period.end_time.normalize()


def story_groups(processed_dir: str | Path | None = None, *, outlets: Iterable[str] | None = None,
                 queries: Iterable[str] | None = None, periods: Iterable[str] | None = None,
                 count_copies: bool = False, start: Day = None, end: Day = None) -> pd.DataFrame:
    """The stories of the corpus and the group each one is compared in.

    One grouping at a time: by outlet (the default: every outlet, or the ``outlets``
    named), by query (the stories matching each query; a story matching more than one is
    left out of every group, so that the groups do not overlap) or by period (dated
    stories, ``parse_period``; periods may not overlap). Stories in no group count only in a
    prior drawn from the whole corpus (``prior="corpus"``).

    Args:
        processed_dir: the processed folder; the configured one when None.
        outlets: outlets to compare (at least two; case is ignored); every outlet when None.
        queries: search queries (``analysis.fulltext``), at least two.
        periods: periods ``START:END``, at least two.
        count_copies: keep near-duplicate copies as stories of their own.
        start: the window's first day ("YYYY-MM-DD", inclusive); None: no lower bound.
        end: the window's last day (inclusive); None: no upper bound. With either bound,
            only the dated stories inside the window are compared (``select_articles``);
            with neither, undated stories count too.

    Returns:
        One row per story in the window: ``article_id`` and ``group`` (categorical, the groups in the
        order given, outlets in name order; empty for a story in no group).

    Raises:
        ValueError: for more than one grouping, a grouping given as one string instead of a
            list, fewer than two groups, an unknown outlet,
            a query matching no story (or only stories another query matches), a period
            holding no dated story, overlapping periods, or a bad period.
        QueryError: for a query that cannot be read.
        FileNotFoundError: when there is no ``articles`` table.
    """
    given = [name for name, value in (("outlets", outlets), ("queries", queries), ("periods", periods))
             if value is not None]
    if len(given) > 1:
        raise ValueError(f"give one grouping, not {' and '.join(given)}")
    for name, value in (("outlets", outlets), ("queries", queries), ("periods", periods)):
        if isinstance(value, str):
            raise ValueError(f"{name}={value!r} is invalid; must be a list of two or more, e.g. {name}=[..., ...]")
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    stories = read_table("articles", processed_dir, columns=["article_id", "outlet", "published", "duplicate_of"])
    every_outlet = sorted(stories["outlet"].dropna().unique())
    stories = select_articles(stories, start=start, end=end, count_copies=count_copies)
    if outlets is not None and (start is not None or end is not None):
        inside = {name.casefold() for name in stories["outlet"].dropna().unique()}
        for name in outlets:
            if name.casefold() not in inside and name.casefold() in {o.casefold() for o in every_outlet}:
                raise ValueError(f"outlet {name!r} has no dated story from {start or 'the first'} to "
                                 f"{end or 'the last'} (undated stories are outside every window); "
                                 "compare without --start/--end to count every story")
    if queries is not None:
        group = _by_query(stories, list(queries), processed_dir)
    elif periods is not None:
        group = _by_period(stories, list(periods))
    else:
        group = _by_outlet(stories, None if outlets is None else list(outlets))
    return pd.DataFrame({"article_id": stories["article_id"].to_numpy(), "group": group.array})


def _at_least_two(labels: list[str], what: str) -> None:
    if len(labels) < 2:
        raise ValueError(f"a comparison needs at least two groups; {what}")


def _by_outlet(stories: pd.DataFrame, outlets: list[str] | None) -> pd.Series:
    known = sorted(stories["outlet"].dropna().unique())
    if outlets is None:
        labels = known
        _at_least_two(labels, f"the corpus has one outlet, {labels}" if labels else "the corpus has no story")
    else:
        by_name = {name.casefold(): name for name in known}
        unknown = [name for name in outlets if name.casefold() not in by_name]
        if unknown:
            raise ValueError(f"outlet {unknown[0]!r} is not in the corpus; its outlets are {known}")
        labels = list(dict.fromkeys(by_name[name.casefold()] for name in outlets))
        _at_least_two(labels, f"outlets names only {labels}")
    return pd.Series(pd.Categorical(stories["outlet"].astype(object), categories=labels), index=stories.index)


def _by_query(stories: pd.DataFrame, queries: list[str], processed_dir: Path) -> pd.Series:
    from analysis.fulltext import search, update_index

    _at_least_two(list(dict.fromkeys(queries)), f"queries gives {queries}")
    if len(set(queries)) < len(queries):
        raise ValueError(f"queries {queries} repeat a query; each group needs its own")
    ids = stories["article_id"]
    update_index(processed_dir)  # once for every query
    hits = pd.DataFrame({query: ids.isin(search(query, processed_dir, refresh=False)["article_id"])
                         for query in queries})
    for query in queries:
        if not hits[query].any():
            raise ValueError(f"query {query!r} matches no story in {processed_dir}")
    several = hits.sum(axis=1) > 1
    if several.any():
        log.info("compare: %s stories match more than one query and are left out of every group", f"{several.sum():,}")
    label = pd.Series(pd.NA, index=stories.index, dtype=object)
    for query in queries:
        alone = hits[query] & ~several
        if not alone.any():
            raise ValueError(f"every story matching query {query!r} matches another query too; nothing is left to compare")
        label[alone] = query
    return pd.Series(pd.Categorical(label, categories=queries), index=stories.index)


def _by_period(stories: pd.DataFrame, periods: list[str]) -> pd.Series:
    _at_least_two(list(dict.fromkeys(periods)), f"periods gives {periods}")
    bounds = [parse_period(text) for text in periods]
    lowest, highest = pd.Timestamp.min.normalize(), pd.Timestamp.max.normalize()
    spans = sorted((first or lowest, last or highest, text) for (first, last), text in zip(bounds, periods))
    for (_, end, before), (start, _, after) in zip(spans, spans[1:]):
        if start <= end:
            raise ValueError(f"periods {before!r} and {after!r} overlap; a story must fall in one group")
    days = stories["published"].dt.tz_localize(None).dt.normalize()
    label = pd.Series(pd.NA, index=stories.index, dtype=object)
    for (first, last), text in zip(bounds, periods):
        inside = days.notna() & (days >= (first or lowest)) & (days <= (last or highest))
        if not inside.any():
            span = f"from {days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}" if days.notna().any() else "none"
            raise ValueError(f"period {text!r} holds no dated story; the corpus's dated stories run {span}")
        label[inside] = text
    return pd.Series(pd.Categorical(label, categories=periods), index=stories.index)


def describe_groups(groups: pd.DataFrame) -> str:
    """One line on the groups: each one's stories, and the corpus's.

    Args:
        groups: ``story_groups``' table.

    Returns:
        E.g. ``"rt.com 442 stories, tehrantimes 599 stories; 1,041 stories in the corpus"``.
    """
    sizes = groups["group"].value_counts(sort=False)
    return (", ".join(f"{name} {size:,} {'story' if size == 1 else 'stories'}" for name, size in sizes.items())
            + f"; {len(groups):,} stories in the corpus")
