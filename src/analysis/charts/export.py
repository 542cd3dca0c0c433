"""``run_charts``: the standard set of charts for a corpus, from its processed tables.

Each chart is written by ``save_figure`` (PNG, SVG, PDF, the plotted data as CSV
and a caption). A chart whose input table is missing, or whose data has nothing
to show, is skipped with the reason in the report; the others are still written.
A corpus in which no article has a date still gets the charts that need no dates
(``UNDATED_CHARTS``); the charts over time are skipped, each with the reason. An
events file that cannot be read skips the volume chart only, naming the file and
line; its bad rows are left out, each named in the report.

The charts over time show a window of days (``selection.default_window``: the days
given, or by default the span holding most of the corpus); every caption and the
report say which, and how many articles fall before, after or outside it for want of
a date. The rankings (``RANKING_CHARTS``) need no dates: with the default window they
count every article, with a window given only its articles; their captions say which.
A corpus of two or more outlets gets each chart with its outlets side by side.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure, SubFigure

from analysis import timeline
from analysis.catalogue import stage_of
from analysis.compare import distinctive_terms
from analysis.charts.distinctive import plot_distinctive_terms
from analysis.charts.events import read_events
from analysis.charts.network import cooccurrence, plot_cooccurrence
from analysis.charts.plots import (
    events_within,
    plot_entity_mentions,
    plot_naming,
    plot_naming_by_outlet,
    plot_story_promotion,
    plot_top_entities,
    plot_topic_prevalence,
    plot_volume,
    plot_volume_by_outlet,
)
from analysis.charts.save import FORMATS, save_figure
from analysis.selection import MIN_OUTLET_ARTICLES, Window, default_window, outlets_to_compare
from analysis.store import read_table

CHARTS = ("volume", "top_entities", "entity_mentions", "topics", "cooccurrence", "related_stories", "naming",
          "distinctive_words", "distinctive_entities")
"""The standard set, in the order ``run_charts`` makes them (also the file stems)."""

UNDATED_CHARTS = ("top_entities", "cooccurrence", "distinctive_words", "distinctive_entities")
"""The charts that need no dates: made for a corpus in which no article has one."""

COMPARISON_CHARTS = ("distinctive_words", "distinctive_entities")
"""The charts made only for two or more outlets (of ``MIN_OUTLET_ARTICLES`` articles or more)."""

MAX_OUTLETS = 8
"""The most outlets set side by side; a corpus of more has them counted together, and says so."""

RANKING_CHARTS = UNDATED_CHARTS
"""The rankings: with the default window they count every article, dated or not."""

NO_DATES = "no article has a date"
"""Why a chart over time is skipped for an undated corpus."""


class NoArticles(ValueError):
    """The articles table has no articles: there is nothing to chart."""


@dataclass(frozen=True)
class ChartsReport:
    """What a run of ``run_charts`` did.

    Attributes:
        figures_dir: where the charts were written.
        written: the charts written (file stems), in order.
        skipped: chart to the reason it was not made.
        start: the first time charted over time; None when no article has a date.
        end: the last time charted over time; None when no article has a date.
        freq: the period of the timelines (empty when no article has a date).
        n_articles: articles charted over time: the dated articles in the window, or every
            article when none has a date.
        n_outside: dated articles outside the window.
        n_undated: articles without a date (not charted over time).
        seconds: wall time.
        n_copies: near-duplicate copies left out (``duplicate_of`` set; 0 with ``count_copies``).
        warnings: the events file's bad rows, left out, as ``"<file>: line <n>: <problem>"``.
        errors: user files that could not be read at all, as ``"<file>: line <n>: <problem>"``
            (the charts that need them are skipped; the others are written).
        window: the window of the charts over time, with what falls outside it
            (``selection.Window``); None when no article has a date.
        n_ranked: articles the rankings (``RANKING_CHARTS``) count: every article with the
            default window, the window's with a window given.
        outlets: the outlets of the articles the rankings count, when there are two or more
            (set side by side when there are at most ``MAX_OUTLETS``, else counted together).
        n_window_outlets: the outlets of the window's articles (the charts over time).
        left_out: the sentence naming the outlets left out for their size (``MIN_OUTLET_ARTICLES``),
            or empty.
    """

    figures_dir: Path
    written: tuple[str, ...]
    skipped: dict[str, str]
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    freq: str
    n_articles: int
    n_outside: int
    n_undated: int
    seconds: float
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    n_copies: int = 0
    window: Window | None = None
    n_ranked: int = 0
    outlets: tuple[str, ...] = ()
    n_window_outlets: int = 0
    left_out: str = ""

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            span = f"{self.n_articles:,} articles, none with a date (only the charts that need no dates are made)"
        else:
            span = (f"over time: {self.n_articles:,} articles per {self.freq} in the window {self.window.span()}; "
                    f"not charted over time: {self.window.outside()}; the rankings ({', '.join(RANKING_CHARTS)}): "
                    + (f"the {self.n_ranked:,} articles of the window" if self.window.given else
                       f"all {self.n_ranked:,} articles, those outside the window included"))
        if 1 < len(self.outlets) <= MAX_OUTLETS:
            span += f"; {len(self.outlets)} outlets side by side ({', '.join(self.outlets)})"
            if self.n_window_outlets != len(self.outlets):
                span += f", {self.n_window_outlets} of them in the window"
        elif self.outlets:
            span += f"; {len(self.outlets)} outlets, counted together (more than {MAX_OUTLETS} to set side by side)"
        if self.left_out:
            span += "; " + self.left_out.strip().rstrip(".")
        if self.n_copies:
            span += f"; {self.n_copies:,} near-duplicate copies not counted"
        lines = [f"  {name}: skipped: {reason}" for name, reason in self.skipped.items()]
        lines += [f"  events: {warning}; row left out" for warning in self.warnings]
        lines += [f"  error: {error}" for error in self.errors]
        return "\n".join([f"charts: {len(self.written)} written to {self.figures_dir} ({', '.join(self.written)}); "
                          f"{span}; {self.seconds:.1f} s", *lines])


class Skipped(Exception):
    """A chart cannot be made; the message says why."""


@dataclass
class _Run:
    """What the charts of one run share: the window, the source line, the tables read.

    ``articles`` are the articles charted over time (the window's), ``ranked`` those the
    rankings count (every article with the default window, else the window's).
    """

    processed_dir: Path
    articles: pd.DataFrame
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    freq: str
    corpus: str
    n_outside: int
    n_undated: int
    tables: dict[tuple[str, bool], pd.DataFrame] = field(default_factory=dict)
    n_copies: int = 0
    window: Window | None = None
    ranked: pd.DataFrame | None = None
    count_copies: bool = False

    def by(self, ranking: bool = False) -> str | None:
        """``"outlet"`` when the charted articles come from 2 to ``MAX_OUTLETS`` outlets, else None."""
        return "outlet" if 1 < len(self.outlets(ranking)) <= MAX_OUTLETS else None

    def outlets(self, ranking: bool = False) -> list[str]:
        """The outlets of the charted articles, sorted."""
        return sorted(timeline.outlets_of(self.chosen(ranking)).unique())

    def chosen(self, ranking: bool = False) -> pd.DataFrame:
        """The articles a chart counts: the rankings' or the window's, without ``small_outlets``."""
        base, small = self._base(ranking), self.small_outlets(ranking)
        return base[~timeline.outlets_of(base).isin(small)] if small else base

    def _base(self, ranking: bool) -> pd.DataFrame:
        return self.ranked if ranking and self.ranked is not None else self.articles

    def small_outlets(self, ranking: bool = False) -> list[str]:
        """The outlets left out: fewer than ``MIN_OUTLET_ARTICLES`` articles, when two or more have more."""
        outlets = timeline.outlets_of(self._base(ranking)).to_frame("outlet")
        return sorted(set(outlets["outlet"]) - set(outlets_to_compare(outlets)))

    def left_out(self, ranking: bool = False) -> str:
        """The sentence naming the small outlets left out, or empty."""
        base, small = self._base(ranking), self.small_outlets(ranking)
        if not small:
            return ""
        sizes = timeline.outlets_of(base).value_counts()
        return (f" Left out, as outlets of fewer than {MIN_OUTLET_ARTICLES} articles beside larger ones: "
                + ", ".join(f"{o} ({sizes[o]:,} article{'s' if sizes[o] != 1 else ''})" for o in small) + ".")

    @property
    def dated(self) -> bool:
        """Whether the charted articles have dates (else none in the corpus has)."""
        return self.start is not None

    def over_time(self) -> None:
        """Check that a chart over time can be made.

        Raises:
            Skipped: when no article has a date.
        """
        if not self.dated:
            raise Skipped(NO_DATES)

    @property
    def share_freq(self) -> str:
        """The period of the share timelines: a week when the volume is per day, as a day has too few articles."""
        return "week" if self.freq == "day" else self.freq

    @property
    def zone(self) -> str:
        return str(self.articles["published"].dt.tz)

    def source(self, ranking: bool = False) -> str:
        """The source line drawn under a chart."""
        if not self.dated:
            return f"Source: {self.corpus}; n = {len(self.articles):,} articles, none with a date"
        if ranking and not self.window.given:
            return (f"Source: {self.corpus}, every article ({self.zone} time); n = {len(self.ranked):,} articles "
                    f"(window of the charts over time: {self.start:%d %b %Y} to {self.end:%d %b %Y})")
        return (f"Source: {self.corpus}, {self.start:%d %b %Y} to {self.end:%d %b %Y} ({self.zone} time); "
                f"n = {len(self.articles):,} articles")

    def context(self, ranking: bool = False) -> str:
        """The corpus, the window and what falls outside it, for a chart's caption."""
        copies = (f" Each story counts once: {self.n_copies:,} near-duplicate copies are not counted."
                  if self.n_copies else "") + self.left_out(ranking)
        outlets = self.outlets(ranking)
        sizes = timeline.outlets_of(self.chosen(ranking)).value_counts()
        side = (f" Outlets side by side: {', '.join(f'{o} ({sizes[o]:,} articles)' for o in outlets)}."
                if self.by(ranking) else f" {len(outlets)} outlets, too many to set side by side (at most "
                f"{MAX_OUTLETS}): counted together." if len(outlets) > 1 else "")
        if not self.dated:
            return (f"Corpus: {self.corpus}; {len(self.articles):,} articles, none with a date: every article "
                    f"is counted, and the charts over time are not made.{side}{copies}")
        if ranking and not self.window.given:
            return (f"Corpus: {self.corpus}; this ranking needs no dates, so it counts every article: "
                    f"{len(self.ranked):,}, with the {self.window.n_outside:,} outside the window of the charts over "
                    f"time ({self.window.span()}; outside it: {self.window.outside()}).{side}{copies}")
        return (f"Corpus: {self.corpus}; charted: the {len(self.articles):,} dated articles (the first at "
                f"{self.start:%Y-%m-%d %H:%M}, the last at {self.end:%Y-%m-%d %H:%M}) of the window "
                f"{self.window.span()}; outside it and not counted here: {self.window.outside()}.{side}{copies}")

    def table(self, name: str, ranking: bool = False) -> pd.DataFrame:
        """A processed table, restricted to the chart's articles when it has ``article_id``."""
        if (name, ranking) not in self.tables:
            try:
                frame = read_table(name, self.processed_dir)
            except FileNotFoundError:
                raise Skipped(f"no {name} table in {self.processed_dir}; run `analysis {stage_of(name)}` "
                              "first") from None
            if "article_id" in frame:
                ids = self.chosen(ranking)["article_id"]
                frame = frame[frame["article_id"].isin(ids)].reset_index(drop=True)
            self.tables[(name, ranking)] = frame
        return self.tables[(name, ranking)]


Chart = tuple[Figure | SubFigure, pd.DataFrame, str]


def run_charts(processed_dir: Path, figures_dir: Path, *, events: Path | None = None, freq: str | None = None,
               start: timeline.Time = None, end: timeline.Time = None, n_top: int = 10,
               naming: str | None = None, corpus: str | None = None,
               formats: Sequence[str] = FORMATS, count_copies: bool = False) -> ChartsReport:
    """Write the standard set of charts (``CHARTS``) for the corpus in ``processed_dir``.

    Args:
        processed_dir: the folder of processed tables (``articles`` is required; the
            others are read when present).
        figures_dir: where the charts go.
        events: a CSV of ``date,label`` rows to mark on the volume chart (see ``read_events``);
            bad rows are left out and named in ``warnings``; a file that cannot be read skips
            the volume chart and is named in ``errors``. Not read when no article has a date.
        freq: ``"day"``, ``"week"`` or ``"month"``; chosen from the span's length when None.
            The share charts (mentions, topics, naming) use weeks when this is ``"day"``.
        start: the first day charted over time; with ``end`` None too, the default window
            (``selection.default_window``: the span holding most articles, so a stray page
            from another year does not stretch the timelines), stated in every caption and
            in the report with what falls outside it.
        end: the last day charted over time.
        n_top: entities per kind in the rankings and the network.
        naming: the group whose written forms to chart; the one with the most-used second
            form when None.
        corpus: the corpus's name in source lines and captions; when None, the top folder
            that every charted article's ``source_file`` is in (``reuters`` for the demo), or
            else the name of ``processed_dir``.
        formats: image formats.
        count_copies: count every copy of a story; by default a near-duplicate copy
            (``articles.duplicate_of`` set) is left out, so each story counts once.

    Returns:
        What was written and skipped.

    Raises:
        FileNotFoundError: when there is no ``articles`` table.
        NoArticles: when the articles table is empty.
        ValueError: for bad arguments (a span with no article).
    """
    started = time.perf_counter()
    run = _prepare(processed_dir, freq=freq, start=start, end=end, corpus=corpus, count_copies=count_copies)
    marks, warnings = _events(events, run) if events is not None and run.dated else (None, [])
    makers: dict[str, Callable[[], Chart]] = {
        "volume": lambda: _volume(run, marks), "top_entities": lambda: _top_entities(run, n_top),
        "entity_mentions": lambda: _entity_mentions(run), "topics": lambda: _topics(run),
        "cooccurrence": lambda: _cooccurrence(run, n_top), "related_stories": lambda: _related_stories(run),
        "naming": lambda: _naming(run, naming),
        "distinctive_words": lambda: _distinctive(run, "words"),
        "distinctive_entities": lambda: _distinctive(run, "entities"),
    }
    written, skipped = [], {}
    for name in CHARTS:
        try:
            fig, data, caption = makers[name]()
        except Skipped as reason:
            skipped[name] = str(reason)
            continue
        save_figure(fig, name, data=data, caption=f"{caption}\n{run.context(name in RANKING_CHARTS)}",
                    figures_dir=figures_dir,
                    formats=formats)
        written.append(name)
    outlets = run.outlets(ranking=True)
    return ChartsReport(Path(figures_dir), tuple(written), skipped, run.start, run.end, run.freq,
                        len(run.articles), run.n_outside, run.n_undated, time.perf_counter() - started,
                        warnings=tuple(warnings), errors=(marks,) if isinstance(marks, str) else (),
                        n_copies=run.n_copies, window=run.window, n_ranked=len(run.ranked),
                        outlets=tuple(outlets) if len(outlets) > 1 else (), n_window_outlets=len(run.outlets()),
                        left_out=run.left_out(ranking=True))


def _events(path: Path, run: _Run) -> tuple[pd.DataFrame | str, list[str]]:
    """The events to mark and the bad rows left out; or, for a file that cannot be read, why not."""
    try:
        return read_events(path, timezone=run.zone)
    except OSError as error:  # missing or unreadable: the volume chart is skipped, the others made
        return (f"{error.filename}: {error.strerror}" if error.strerror else str(error)), []
    except ValueError as error:  # not text, or not a date,label header
        return str(error), []


def _prepare(processed_dir: Path, *, freq: str | None, start: timeline.Time, end: timeline.Time,
             corpus: str | None, count_copies: bool = False) -> _Run:
    articles = read_table("articles", processed_dir,
                          columns=["article_id", "source_file", "published", "duplicate_of", "outlet"])
    if articles.empty:
        raise NoArticles(f"{processed_dir}: the articles table has no articles; there is nothing to chart")
    n_copies = 0 if count_copies else int(articles["duplicate_of"].notna().sum())
    if not count_copies:
        articles = articles[articles["duplicate_of"].isna()].reset_index(drop=True)
    dated = articles.dropna(subset=["published"])
    if dated.empty:
        name = corpus or _corpus_name(articles["source_file"], processed_dir)
        return _Run(processed_dir, articles, None, None, freq or "", name, 0, len(articles), n_copies=n_copies,
                    ranked=articles, count_copies=count_copies)
    window = default_window(articles, start=start, end=end, count_copies=True)
    first, last = _day_bounds(dated["published"], window.start, window.end)
    inside = dated[(dated["published"] >= first) & (dated["published"] < last)].reset_index(drop=True)
    if inside.empty:
        raise ValueError(f"start={start!r}, end={end!r}: no article was published in that span")
    freq = freq or timeline.choose_freq(inside["published"].min(), inside["published"].max())
    name = corpus or _corpus_name(articles["source_file"], processed_dir)
    return _Run(processed_dir, inside, inside["published"].min(), inside["published"].max(), freq, name,
                len(dated) - len(inside), len(articles) - len(dated), n_copies=n_copies, window=window,
                ranked=inside if window.given else articles, count_copies=count_copies)


def _corpus_name(source_files: pd.Series, processed_dir: Path) -> str:
    """The top folder every file is in (up to three, joined: ``alalam, reuters, tehrantimes.com``),
    else the processed folder's name."""
    parts = source_files.str.split("/")
    folders = sorted(set(parts.str[0])) if (parts.str.len() > 1).all() else []
    return ", ".join(folders) if 1 <= len(folders) <= 3 else Path(processed_dir).resolve().name


def _day_bounds(published: pd.Series, start: timeline.Time, end: timeline.Time) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The start of ``start``'s day and the end of ``end``'s day (the data's first and last when None)."""
    zone = str(published.dt.tz)
    stamps = [published.min() if start is None else pd.Timestamp(start),
              published.max() if end is None else pd.Timestamp(end)]
    aware = pd.Series([stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert(zone) for stamp in stamps])
    days = timeline.period_start(aware.astype(f"datetime64[ns, {zone}]"), "day")
    return days.iloc[0], days.iloc[1] + pd.Timedelta(days=1)


def _volume(run: _Run, events: pd.DataFrame | str | None) -> Chart:
    run.over_time()
    if isinstance(events, str):
        raise Skipped(f"the events file cannot be read ({events})")
    by = run.by()
    counts = timeline.article_counts(run.chosen(), freq=run.freq, by=by)
    plot = plot_volume_by_outlet if by else plot_volume
    fig = plot(counts, freq=run.freq, events=events, title=f"Articles published per {run.freq}",
               source=run.source())
    busiest = counts.loc[counts["n_articles"].idxmax()]
    caption = (f"Articles published per {run.freq} (bars), {counts['n_articles'].sum():,} in all; the busiest "
               f"{run.freq} began {busiest['period']:%Y-%m-%d} ({busiest['n_articles']:,} articles"
               + (f", {busiest['outlet']})." if by else ")."))
    if by:
        totals = counts.groupby("outlet")["n_articles"].sum()
        caption += (" One panel per outlet, on the same scales: "
                    + ", ".join(f"{outlet} {n:,}" for outlet, n in totals.items()) + ".")
    if events is not None and not len(shown := events_within(events, counts["period"].drop_duplicates(), run.freq)):
        caption += f" None of the {len(events)} events of the events file falls in the charted span."
    elif events is not None:
        caption += (f" Dashed lines: {len(shown)} of the {len(events)} events of the events file "
                    f"(the others fall outside the charted span): "
                    + "; ".join(f"{date:%Y-%m-%d} {label}" for date, label in zip(shown["date"], shown["label"])) + ".")
    return fig, counts, caption


def _top_entities(run: _Run, n_top: int) -> Chart:
    by = run.by(ranking=True)
    top = timeline.top_entities(run.table("article_entities", ranking=True), n=n_top, by=by, articles=run.chosen(True))
    if top.empty:
        raise Skipped("no person, country or group was found in the charted articles")
    fig = plot_top_entities(top, title="Most mentioned people, countries and groups", source=run.source(True))
    if by:
        caption = (f"Each outlet's {n_top} most mentioned people, countries and groups, set side by side: for "
                   f"every entity in any outlet's top {n_top}, one bar per outlet, its length the share of that "
                   f"outlet's articles mentioning it at least once. Names are the canonical names of the "
                   f"entities stage.")
    else:
        caption = (f"The {n_top} people, countries and groups mentioned in the most articles (bar length: "
                   f"articles mentioning each at least once). Names are the canonical names of the entities stage.")
    return fig, top, caption


def _entity_mentions(run: _Run) -> Chart:
    run.over_time()
    freq, by = run.share_freq, run.by()
    mentions = timeline.entity_mentions(run.table("article_entities"), run.chosen(), freq=freq, n=4, by=by)
    if mentions.empty:
        raise Skipped("no person, country or group was found in the window's articles")
    fig = plot_entity_mentions(mentions, freq=freq, title="The most mentioned entities over time",
                               source=run.source())
    caption = (f"Share of each {freq}'s articles that mention each of the 4 most mentioned people, "
               f"countries and groups (one panel each, same scales; the first and last {freq} may be partial).")
    if by:
        caption += (" One line per outlet, its share of that outlet's articles of the week; the entities are "
                    "those in any outlet's top 4.").replace("week", freq)
    return fig, mentions, caption


def _topics(run: _Run) -> Chart:
    run.over_time()
    freq, by = run.share_freq, run.by()
    prevalence = timeline.topic_prevalence(run.table("article_topics"), run.chosen(), topics=run.table("topics"),
                                           freq=freq, by=by)
    if prevalence.empty:
        raise Skipped("the article_topics table has no rows for the window's articles")
    fig = plot_topic_prevalence(prevalence, freq=freq, title="Topics over time", source=run.source())
    caption = (f"Each of the 9 largest topics' share of coverage per {freq}: the sum of its weights over "
               f"the {freq}'s articles, divided by their number.")
    if by:
        caption += f" One line per outlet, over that outlet's articles of the {freq}."
    return fig, prevalence, caption


def _cooccurrence(run: _Run, n_top: int) -> Chart:
    entities = run.table("article_entities", ranking=True)
    nodes = timeline.top_entities(entities, n=n_top)
    edges = cooccurrence(entities, nodes, min_articles=3, max_edges=60)
    if edges.empty:
        raise Skipped("no two of the most mentioned entities appear together in 3 or more articles")
    fig = plot_cooccurrence(nodes, edges, title="Who appears with whom", source=run.source(True))
    caption = (f"The {n_top} most mentioned people, countries and groups, linked when at least 3 articles "
               f"mention both ({len(edges)} strongest links shown; the CSV lists them with their counts)."
               + (" All outlets together." if run.by(ranking=True) else ""))
    return fig, edges, caption


def _related_stories(run: _Run) -> Chart:
    run.over_time()
    related = run.table("related")
    promotion = timeline.story_promotion(related, run.chosen(), n=15, start=run.start, end=run.end)
    if promotion.empty:
        raise Skipped("no page of the span lists a related story")
    fig = plot_story_promotion(promotion, source=run.source())
    caption = (f"The 15 related stories listed on the most pages, with when each was published (from the "
               f"ticks of its image path) and every time a page of the corpus listed it; "
               f"{related['story_id'].nunique():,} distinct stories were listed {len(related):,} times in all.")
    return fig, promotion, caption


def _naming(run: _Run, name: str | None) -> Chart:
    run.over_time()
    entities = run.table("entities")
    variants = timeline.naming_variants(entities, kind="group", min_mentions=10)
    if name is None and variants.empty:
        raise Skipped("no group is written in two ways each used 10 or more times")
    name = name or str(variants["name"].iloc[0])
    freq, by = run.share_freq, run.by()
    choices = timeline.naming_choices(entities, run.chosen(), name=name, freq=freq, by=by)
    if by:
        fig = plot_naming_by_outlet(choices, name=name, freq=freq, source=run.source())
    else:
        fig = plot_naming(choices, name=name, freq=freq, source=run.source())
    totals = choices.groupby("form", sort=False)["n_mentions"].sum()
    caption = (f"How the group {name!r} is written in article bodies, mentions per {freq} by written form "
               f"(a leading 'the' and a possessive 's' ignored): "
               + ", ".join(f"{form!r} {count:,}" for form, count in totals.items()) + ".")
    if by:
        per = choices.groupby(["outlet", "form"], sort=False)["n_mentions"].sum()
        caption += (" One panel per outlet, each on its own scale: " + "; ".join(
            f"{outlet}: " + ", ".join(f"{form!r} {count:,}" for form, count in per[outlet].items())
            for outlet in dict.fromkeys(choices["outlet"])) + ".")
    return fig, choices, caption


def _distinctive(run: _Run, kind: str) -> Chart:
    """The words (or people, countries and groups) that set each outlet apart from the others."""
    sizes = timeline.outlets_of(run.chosen(True)).value_counts()
    compared = sorted(sizes.index)
    if len(compared) < 2 or (sizes < MIN_OUTLET_ARTICLES).any():
        raise Skipped(f"a comparison needs two or more outlets of {MIN_OUTLET_ARTICLES} or more articles; the "
                      f"charted articles have {(sizes >= MIN_OUTLET_ARTICLES).sum()}")
    if len(compared) > MAX_OUTLETS:
        raise Skipped(f"{len(compared)} outlets, too many panels (at most {MAX_OUTLETS}); compare some with "
                      "`analysis compare --outlets ...`")
    window = run.window if run.window is not None and run.window.given else None
    try:
        table = distinctive_terms(run.processed_dir, outlets=compared, kind=kind, count_copies=run.count_copies,
                                  start=window.start if window else None, end=window.end if window else None)
    except FileNotFoundError:
        raise Skipped(f"no article_entities table in {run.processed_dir}; run `analysis entities` first") from None
    label = "words" if kind == "words" else "people, countries and groups"
    fig = plot_distinctive_terms(table, title=f"The {label} that set each outlet apart", source=run.source(True))
    caption = (f"The {label} that set each outlet apart from the others together: each term's z (the log-odds "
               "ratio with an informative Dirichlet prior, Monroe, Colaresi and Quinn 2008; `analysis compare`) "
               "against its count in the compared outlets (log scale); the top terms of each outlet labelled. "
               f"Compared: {', '.join(f'{o} ({sizes[o]:,} articles)' for o in compared)}; prior: the compared "
               f"outlets' text pooled, alpha0 = {table['alpha0'].iloc[0]:,.0f}"
               + (". Words are counted per use" if kind == "words" else ". Each entity counts once per article")
               + "; the CSV has every term's counts, prior and z.")
    return fig, table, caption
