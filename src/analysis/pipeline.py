"""The stages in order, with the settings they share.

Each stage brings its outputs up to date with its inputs and reports what it
did; ``run_all`` runs them in order. The CLI and ``make run`` call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import config
from analysis.ingest.sources import DEFAULT_EXCLUDE
from analysis.ingest.stage import IngestReport, run_ingest

if TYPE_CHECKING:
    from analysis.charts.export import ChartsReport
    from analysis.entities.stage import EntitiesReport
    from analysis.topics.stage import TopicsReport


@dataclass(frozen=True)
class Settings:
    """What every stage needs to know.

    Attributes:
        raw_dir: the corpus folder, file or archive (read only).
        processed_dir: where tables and stage state are written.
        timezone: the zone of the pages' wall-clock times.
        columns: field to column mapping for tabular exports, or None.
        errors: ``"record"`` or ``"raise"``.
        exclude: file name patterns that are not inputs.
        progress: show progress bars.
        model: the spaCy pipeline for entities; the default model when None.
        capitals: read capital cities as their country ("Moscow says").
        n_process: processes running the spaCy pipeline.
        scheduler: where stages run their batches: ``"none"`` (in this process), ``"local:N"``
            (a local Dask cluster of N workers) or a Dask scheduler address (``analysis.executor``).
        n_topics: topics to fit; chosen by coherence and stability when None.
        refit: fit the topic model again (topics matched to the old ones keep their ids).
        figures_dir: where charts are written.
        events: a CSV of dates and labels marked on the charts, or None.
        freq: the charts' period (day, week, month); chosen from the corpus's span when None.
    """

    raw_dir: Path = config.RAW_DIR
    processed_dir: Path = config.PROCESSED_DIR
    timezone: str = config.SOURCE_TIMEZONE
    columns: Mapping[str, str] | None = None
    errors: str = "record"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    progress: bool = True
    model: str | None = None
    capitals: bool = False
    n_process: int = 1
    scheduler: str = "none"
    n_topics: int | None = None
    refit: bool = False
    figures_dir: Path = config.FIGURES_DIR
    events: Path | None = None
    freq: str | None = None


def ingest(settings: Settings) -> IngestReport:
    """Parse new and changed pages into the articles, related, stories and issues tables.

    Args:
        settings: shared settings.

    Returns:
        What the stage did.
    """
    return run_ingest(settings.raw_dir, settings.processed_dir, timezone=settings.timezone,
                      columns=settings.columns, errors=settings.errors, exclude=settings.exclude,
                      progress=settings.progress, scheduler=settings.scheduler)


def entities(settings: Settings) -> EntitiesReport:
    """Find the people, countries, groups and places of new and changed articles.

    Args:
        settings: shared settings.

    Returns:
        What the stage did.
    """
    from analysis.entities.stage import run_entities

    return run_entities(settings.processed_dir, model=settings.model, capitals=settings.capitals,
                        n_process=settings.n_process, progress=settings.progress,
                        scheduler=settings.scheduler)


def topics(settings: Settings) -> TopicsReport:
    """Fit the topic model (or reuse the saved one) and weigh new articles' topics.

    Args:
        settings: shared settings.

    Returns:
        What the stage did.
    """
    from analysis.topics.stage import run_topics

    return run_topics(settings.processed_dir, n_topics=settings.n_topics, refit=settings.refit,
                      progress=settings.progress, scheduler=settings.scheduler)


def charts(settings: Settings) -> ChartsReport:
    """Export the standard charts (PNG, SVG, PDF, data CSV and caption) to the figures folder.

    Args:
        settings: shared settings.

    Returns:
        What was written and what was skipped, and why.
    """
    from analysis.charts.export import run_charts

    return run_charts(settings.processed_dir, settings.figures_dir, events=settings.events,
                      freq=settings.freq)


STAGES = {"ingest": ingest, "entities": entities, "topics": topics, "charts": charts}
"""Stage name to stage function, in the order ``run_all`` runs them."""


def run_all(settings: Settings) -> list[object]:
    """Run every stage in order.

    Args:
        settings: shared settings.

    Returns:
        Each stage's report, in order.
    """
    return [stage(settings) for stage in STAGES.values()]
