"""The loaders: ``load_corpus`` and its shortcuts, and the ``Corpus`` they return."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import SOURCE_TIMEZONE
from analysis.ingest.assemble import assemble, records_frames
from analysis.ingest.boilerplate import read_rules
from analysis.ingest.near_duplicates import read_distinct
from analysis.ingest.ledger import check_errors_mode, raise_first
from analysis.ingest.parse import parse_sources
from analysis.ingest.sources import DEFAULT_EXCLUDE, corpus_root, list_sources

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Corpus:
    """The four tables of a corpus (columns documented in ``analysis.schemas``).

    Attributes:
        articles: one row per distinct article.
        related: one row per listed story per article.
        stories: one row per distinct listed story.
        issues: the parse-quality ledger, one row per problem met.
        boilerplate: the site text removed from bodies, per outlet.
        n_files: how many input files were read.
    """

    articles: pd.DataFrame
    related: pd.DataFrame
    stories: pd.DataFrame
    issues: pd.DataFrame
    boilerplate: pd.DataFrame
    n_files: int

    def summary(self) -> str:
        """One line of counts: files, articles, duplicates, distinct stories, errors, warnings,
        related items."""
        return summarise(self.n_files, self.articles, self.related, self.stories, self.issues,
                         n_copies=int(self.articles["duplicate_of"].notna().sum()))

    def __repr__(self) -> str:
        return f"<Corpus: {self.summary()}>"


def summarise(n_files: int, articles: pd.DataFrame, related: pd.DataFrame,
              stories: pd.DataFrame, issues: pd.DataFrame, *, n_copies: int = 0,
              n_cleaned: int | None = None) -> str:
    """Describe a corpus's counts in one line.

    Args:
        n_files: input files read.
        articles: the articles table.
        related: the related table.
        stories: the stories table.
        issues: the issues table.
        n_copies: articles that are near-duplicate copies of another (``duplicate_of`` set).
        n_cleaned: articles boilerplate was removed from, or None when not known.

    Returns:
        E.g. ``"2,415 files: 2,410 articles, 2 duplicates, 3 files not loaded; 40 warnings in
        31 files; 24,100 related items of 3,050 stories"``; when some files were skipped as not
        inputs (``info`` rows of field ``file``), ``"; 2 files skipped (not articles)"`` follows.
        Other ``info`` rows (how a file was read) are not counted: they are not problems.
    """
    errors = issues[issues["severity"] == "error"]
    warnings = issues[(issues["severity"] == "warning") & (issues["field"] != "duplicate")]
    duplicates = int((issues["field"] == "duplicate").sum())
    cleaned = "" if n_cleaned is None else f"boilerplate removed from {n_cleaned:,} articles, "
    return (f"{n_files:,} files: {len(articles):,} articles, {duplicates:,} duplicates, "
            f"{len(articles) - n_copies:,} distinct stories, {cleaned}"
            f"{errors['source_file'].nunique():,} files not loaded; {len(warnings):,} warnings in "
            f"{warnings['source_file'].nunique():,} files; {len(related):,} related items of "
            f"{len(stories):,} listed stories{_skipped(issues)}")


def _skipped(issues: pd.DataFrame) -> str:
    skipped = issues[(issues["severity"] == "info") & (issues["field"] == "file")]["source_file"].nunique()
    return f"; {skipped:,} files skipped (not articles)" if skipped else ""


def load_corpus(
    path: str | Path, *, errors: str = "record", timezone: str = SOURCE_TIMEZONE,
    columns: Mapping[str, str] | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
    progress: bool = False, remove_boilerplate: bool = True, boilerplate_file: str | Path | None = None,
    near_duplicates: bool = True, distinct_file: str | Path | None = None,
) -> Corpus:
    """Load scraped pages (and tabular exports) into the corpus tables.

    Args:
        path: a page file, a folder (searched recursively), a ``.zip`` or
            ``.tar.gz`` of pages, or a CSV / TSV / JSON Lines / Parquet export.
        errors: ``"record"`` notes each problem in ``Corpus.issues`` and goes
            on; ``"raise"`` raises ``IngestError`` at the first problem.
        timezone: the zone the pages' wall-clock times are in (an assumption:
            the pages carry none); stored timestamps are aware, in this zone.
        columns: for tabular exports, which column holds each field, e.g.
            ``{"title": "headline", "published": "date", "body": "text"}``.
        exclude: file and folder name patterns that are not inputs.
        progress: show a progress bar while parsing.
        remove_boilerplate: learn each outlet's boilerplate and remove it from bodies.
        boilerplate_file: the analyst's boilerplate rules (CSV ``action,outlet,pattern``).
        near_duplicates: mark near-duplicate copies in ``articles.duplicate_of``.
        distinct_file: the analyst's articles that are stories of their own (a CSV with an
            ``article_id`` column): never marked as copies, nor anything of them.

    Returns:
        The corpus. A summary of its counts is logged.

    Raises:
        FileNotFoundError: when ``path`` does not exist.
        ValueError: for an invalid ``errors`` value, or a boilerplate file that cannot be
            read (``RulesError``), or a distinct-articles file that cannot be read
            (``DistinctFileError``), naming the file and line.
        IngestError: with ``errors="raise"``, at the first problem.
    """
    check_errors_mode(errors)
    path = Path(path)
    sources = list_sources(path, exclude=exclude)
    parsed = parse_sources(corpus_root(path), sources, columns=columns, timezone=timezone,
                           errors=errors, progress=progress, total=len(sources))
    frames = records_frames(records for _, records in parsed)
    if errors == "raise":
        raise_first(frames["page_issues"])
    rules = read_rules(Path(boilerplate_file)) if boilerplate_file is not None else ()
    tables = assemble(frames["pages"], frames["page_related"], frames["page_issues"],
                      timezone=timezone, errors=errors, rules=rules, remove_boilerplate=remove_boilerplate,
                      near_duplicates=near_duplicates,
                      distinct=read_distinct(Path(distinct_file)) if distinct_file is not None else frozenset())
    corpus = Corpus(n_files=len(sources), **tables)
    logger.info("loaded %s: %s", path, corpus.summary())
    return corpus


def load_articles(path: str | Path, **options: object) -> pd.DataFrame:
    """Load a corpus and return its ``articles`` table (options as in ``load_corpus``).

    Args:
        path: as in ``load_corpus``.
        **options: as in ``load_corpus``.

    Returns:
        One row per distinct article.
    """
    return load_corpus(path, **options).articles


def load_related(path: str | Path, **options: object) -> pd.DataFrame:
    """Load a corpus and return its ``related`` table (options as in ``load_corpus``).

    Args:
        path: as in ``load_corpus``.
        **options: as in ``load_corpus``.

    Returns:
        One row per listed story per article.
    """
    return load_corpus(path, **options).related
