"""The loaders: ``load_corpus`` and its shortcuts, and the ``Corpus`` they return."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import SOURCE_TIMEZONE
from analysis.ingest.assemble import assemble, records_frames
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
        n_files: how many input files were read.
    """

    articles: pd.DataFrame
    related: pd.DataFrame
    stories: pd.DataFrame
    issues: pd.DataFrame
    n_files: int

    def summary(self) -> str:
        """One line of counts: files, articles, duplicates, errors, warnings, related items."""
        return summarise(self.n_files, self.articles, self.related, self.stories, self.issues)

    def __repr__(self) -> str:
        return f"<Corpus: {self.summary()}>"


def summarise(n_files: int, articles: pd.DataFrame, related: pd.DataFrame,
              stories: pd.DataFrame, issues: pd.DataFrame) -> str:
    """Describe a corpus's counts in one line.

    Args:
        n_files: input files read.
        articles: the articles table.
        related: the related table.
        stories: the stories table.
        issues: the issues table.

    Returns:
        E.g. ``"2,415 files: 2,410 articles, 2 duplicates, 3 files not loaded; 40 warnings in
        31 files; 24,100 related items of 3,050 stories"``; when some files were skipped as not
        inputs (``info`` rows of field ``file``), ``"; 2 files skipped (not articles)"`` follows.
        Other ``info`` rows (how a file was read) are not counted: they are not problems.
    """
    errors = issues[issues["severity"] == "error"]
    warnings = issues[(issues["severity"] == "warning") & (issues["field"] != "duplicate")]
    duplicates = int((issues["field"] == "duplicate").sum())
    return (f"{n_files:,} files: {len(articles):,} articles, {duplicates:,} duplicates, "
            f"{errors['source_file'].nunique():,} files not loaded; {len(warnings):,} warnings in "
            f"{warnings['source_file'].nunique():,} files; {len(related):,} related items of "
            f"{len(stories):,} stories{_skipped(issues)}")


def _skipped(issues: pd.DataFrame) -> str:
    skipped = issues[(issues["severity"] == "info") & (issues["field"] == "file")]["source_file"].nunique()
    return f"; {skipped:,} files skipped (not articles)" if skipped else ""


def load_corpus(
    path: str | Path, *, errors: str = "record", timezone: str = SOURCE_TIMEZONE,
    columns: Mapping[str, str] | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
    progress: bool = False,
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

    Returns:
        The corpus. A summary of its counts is logged.

    Raises:
        FileNotFoundError: when ``path`` does not exist.
        ValueError: for an invalid ``errors`` value.
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
    tables = assemble(frames["pages"], frames["page_related"], frames["page_issues"],
                      timezone=timezone, errors=errors)
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
