"""Choosing the articles a notebook or report looks at: a date range, then a sample.

Days are wall-clock days of the corpus's zone (the zone of ``published``), so a
range means the same dates an analyst reads on the pages. ``default_window`` is the
range the charts of ``analysis charts`` and the notebooks show when none is given,
and says what falls outside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.timeline import main_span

Day = pd.Timestamp | str | None

DEFAULT_RULE = ("the default: the shortest span holding 90% of the dated articles, widened to the whole runs "
                "of dates its ends fall in (a run ends at a gap of over 30 days)")
"""How ``default_window`` chooses the window when no bound is given (``timeline.main_span``)."""


@dataclass(frozen=True)
class Window:
    """A range of days and the articles inside and outside it.

    Attributes:
        start: the first day, ``"YYYY-MM-DD"`` (None when no article has a date).
        end: the last day (inclusive).
        zone: the time zone whose wall-clock days these are.
        given: whether ``start`` or ``end`` was given (else the window is the default).
        n_inside: dated articles on those days.
        n_before: dated articles before ``start``.
        n_after: dated articles after ``end``.
        n_undated: articles without a date (outside every window).
        before: the first and last day of the articles before, ``"YYYY-MM-DD"`` (None when none).
        after: the first and last day of the articles after (None when none).
    """

    start: str | None
    end: str | None
    zone: str
    given: bool
    n_inside: int
    n_before: int
    n_after: int
    n_undated: int
    before: tuple[str, str] | None = None
    after: tuple[str, str] | None = None

    @property
    def n_outside(self) -> int:
        """Articles outside the window: dated before or after it, and undated."""
        return self.n_before + self.n_after + self.n_undated

    def span(self) -> str:
        """The days and how they were chosen, e.g. ``"1987-02-26 to 1987-10-20 (Asia/Tehran days), as given"``."""
        if self.start is None:
            return "no window of dates (no article has a date)"
        how = "as given" if self.given else DEFAULT_RULE + "; set start and end (--start, --end) to choose another"
        return f"{self.start} to {self.end} ({self.zone} days), {how}"

    def outside(self) -> str:
        """What falls outside: ``"2 before it (2007-07-15 to 2008-01-02), 0 after it, 3 undated"``."""
        return (f"{_side(self.n_before, self.before, 'before')}, {_side(self.n_after, self.after, 'after')}, "
                f"{self.n_undated:,} undated")

    def __str__(self) -> str:
        if self.start is None:
            return f"no article has a date ({self.n_undated:,} undated): no window of dates"
        return f"window {self.span()}; {self.n_inside:,} dated articles in it; outside it: {self.outside()}"


def _side(n: int, days: tuple[str, str] | None, where: str) -> str:
    return f"{n:,} {where} it ({days[0]} to {days[1]})" if days else f"0 {where} it"


def default_window(articles: pd.DataFrame, *, start: Day = None, end: Day = None,
                   count_copies: bool = False) -> Window:
    """The days to look at: ``start`` to ``end``, the data's first or last day for a bound not
    given, and with neither given the default: the span holding most of the corpus
    (``timeline.main_span``), so a stray page from another year does not stretch the timelines.

    The command line's charts (``analysis charts``) and the notebooks both take their window
    from here.

    Args:
        articles: rows of the ``articles`` table (``published``; ``duplicate_of`` when present).
        start: first day ("YYYY-MM-DD", inclusive) or None.
        end: last day (inclusive) or None.
        count_copies: count near-duplicate copies (``duplicate_of`` set); by default each
            story is counted once, as ``select_articles`` and the charts do.

    Returns:
        The window and the counts inside and outside it.

    Raises:
        ValueError: for a start after the end.
    """
    if not count_copies and "duplicate_of" in articles.columns:
        articles = articles[articles["duplicate_of"].isna()]
    published = articles["published"]
    days = published.dt.tz_localize(None).dt.normalize()
    zone, dated = str(published.dt.tz), days.dropna()
    if dated.empty:
        return Window(None, None, zone, start is not None or end is not None, 0, 0, 0, len(articles))
    first, last = (None if day is None else pd.Timestamp(day).normalize() for day in (start, end))
    if first is not None and last is not None and first > last:
        raise ValueError(f"start={start!r} is after end={end!r}")
    if first is None and last is None:
        first, last = (time.tz_localize(None).normalize() for time in main_span(published))
    first, last = (dated.min() if first is None else first), (dated.max() if last is None else last)
    before, after = dated[dated < first], dated[dated > last]
    return Window(f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}", zone, start is not None or end is not None,
                  int(dated.between(first, last).sum()), len(before), len(after), int(days.isna().sum()),
                  _days(before), _days(after))


def _days(days: pd.Series) -> tuple[str, str] | None:
    return (f"{days.min():%Y-%m-%d}", f"{days.max():%Y-%m-%d}") if len(days) else None


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


MIN_OUTLET_ARTICLES = 20
"""The fewest articles an outlet needs to be set beside others (charts, comparisons): a one-page
outlet's shares are 0 or 100 %, and a handful of articles has no distinctive vocabulary."""


def outlets_to_compare(articles: pd.DataFrame, *, outlets: list[str] | None = None,
                       min_articles: int = MIN_OUTLET_ARTICLES) -> list[str]:
    """The outlets to set side by side: those named, or every outlet with enough articles.

    Args:
        articles: rows of ``articles`` (``outlet``).
        outlets: the outlets wanted (case is ignored); None: every outlet with at least
            ``min_articles`` articles, or every outlet when fewer than two have that many.
        min_articles: see above.

    Returns:
        The outlets as the corpus writes them, sorted (in the order given when named).

    Raises:
        ValueError: for an outlet that is not in ``articles``, naming the ones that are.
    """
    sizes = articles["outlet"].fillna("").value_counts()
    if outlets is not None:
        known = {name.casefold(): name for name in sizes.index}
        unknown = [name for name in outlets if name.casefold() not in known]
        if unknown:
            raise ValueError(f"outlet {unknown[0]!r} is not among the articles; their outlets are {sorted(known.values())}")
        return list(dict.fromkeys(known[name.casefold()] for name in outlets))
    large = sorted(sizes[sizes >= min_articles].index)
    return large if len(large) >= 2 else sorted(sizes.index)
