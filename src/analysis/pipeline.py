"""The stages in order, each with its own options.

Each stage brings its outputs up to date with its inputs and reports what it
did; ``run_all`` runs them in order. A stage function takes the options every
stage shares (``RunOptions``) and its own (``STAGES[name].options``); the
``analysis`` command builds both from its arguments, and ``analysis run``
composes every stage's (``PipelineOptions``).

A stage after ingest on a corpus with no articles (an empty folder, or files that
held none) does nothing and says so (``NothingToDo``), so a run of every stage ends
with one line per stage and no error.

Example::

    from analysis.options import IngestOptions, RunOptions
    from analysis.pipeline import PipelineOptions, run_all

    run_all(PipelineOptions(run=RunOptions(progress=False), ingest=IngestOptions(raw_dir="scrapes")))
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from analysis.ingest.stage import IngestReport, run_ingest
from analysis.options import (ChartsOptions, CommandLine, EntitiesOptions, IngestOptions, RunOptions,
                              TopicsOptions)
from analysis.store import read_table

if TYPE_CHECKING:
    from analysis.charts.export import ChartsReport
    from analysis.charts.stage import ChartsCurrent
    from analysis.entities.stage import EntitiesReport
    from analysis.topics.stage import TopicsReport, TopicsSkipped


def _shared(run: RunOptions) -> dict[str, Any]:
    """The keyword arguments every stage function takes from the shared options."""
    return {"processed_dir": run.processed_dir, "progress": run.progress, "scheduler": run.scheduler}


def ingest(run: RunOptions, options: IngestOptions) -> IngestReport:
    """Parse new and changed pages into the articles, related, stories and issues tables.

    Args:
        run: the options every stage shares.
        options: the stage's options.

    Returns:
        What the stage did.
    """
    return run_ingest(options=options, **_shared(run))


def entities(run: RunOptions, options: EntitiesOptions) -> EntitiesReport:
    """Find the people, countries, groups and places of new and changed articles.

    Args:
        run: the options every stage shares.
        options: the stage's options.

    Returns:
        What the stage did.
    """
    from analysis.entities.stage import run_entities

    return run_entities(options=options, **_shared(run))


def topics(run: RunOptions, options: TopicsOptions) -> TopicsReport | TopicsSkipped:
    """Fit the topic model (or reuse the saved one) and weigh new articles' topics.

    Args:
        run: the options every stage shares.
        options: the stage's options.

    Returns:
        What the stage did.
    """
    from analysis.topics.stage import run_topics

    return run_topics(options=options, **_shared(run))


def charts(run: RunOptions, options: ChartsOptions) -> ChartsReport | ChartsCurrent:
    """Export the standard charts (PNG, SVG, PDF, data CSV and caption) to the figures folder.

    Args:
        run: the options every stage shares (only ``processed_dir`` is used).
        options: the stage's options.

    Returns:
        What was written and what was skipped, and why; or that the last run's charts are current.
    """
    from analysis.charts.stage import run_chart_stage

    return run_chart_stage(run.processed_dir, options)


class Stage(NamedTuple):
    """A stage: the function that runs it and the class of its options.

    Attributes:
        function: called as ``function(run_options, stage_options)``; returns the stage's report.
        options: the stage's options class (``add_arguments``, ``from_arguments``).
        batches: whether the stage runs batches (with progress bars, on the scheduler); a
            stage that does not takes only ``--processed-dir`` of the shared options.
    """

    function: Callable[[RunOptions, Any], object]
    options: type[CommandLine]
    batches: bool = True

    @property
    def summary(self) -> str:
        """The first line of the function's docstring."""
        return (self.function.__doc__ or "").strip().splitlines()[0]


STAGES: dict[str, Stage] = {
    "ingest": Stage(ingest, IngestOptions),
    "entities": Stage(entities, EntitiesOptions),
    "topics": Stage(topics, TopicsOptions),
    "charts": Stage(charts, ChartsOptions, batches=False),
}
"""Stage name to stage, in the order ``run_all`` runs them; ``PipelineOptions`` has a field per name."""


@dataclass(frozen=True)
class PipelineOptions:
    """The options of every stage, for a run of them all.

    Attributes:
        run: the options every stage shares.
        ingest: the ingest stage's.
        entities: the entities stage's.
        topics: the topics stage's.
        charts: the charts stage's.
    """

    run: RunOptions = field(default_factory=RunOptions)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    entities: EntitiesOptions = field(default_factory=EntitiesOptions)
    topics: TopicsOptions = field(default_factory=TopicsOptions)
    charts: ChartsOptions = field(default_factory=ChartsOptions)

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add the shared arguments and every stage's to ``parser``."""
        RunOptions.add_arguments(parser)
        for stage in STAGES.values():
            stage.options.add_arguments(parser)

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> PipelineOptions:
        """Make every stage's options from parsed arguments (all checked before any stage runs).

        Raises:
            OptionError: for a value that is not valid.
        """
        return cls(RunOptions.from_arguments(arguments),
                   **{name: stage.options.from_arguments(arguments) for name, stage in STAGES.items()})


@dataclass(frozen=True)
class NothingToDo:
    """A run of a stage on a corpus with no articles.

    Attributes:
        stage: the stage's name.
        processed_dir: the processed folder whose articles table is empty.
    """

    stage: str
    processed_dir: Path

    def __str__(self) -> str:
        return f"{self.stage}: nothing to do: the articles table in {self.processed_dir} has no articles"


def article_count(processed_dir: Path | None) -> int | None:
    """How many articles the processed folder holds.

    Args:
        processed_dir: the processed folder; ``config.PROCESSED_DIR`` when None.

    Returns:
        The number of rows of the articles table; None when there is no such table yet.
    """
    try:
        return len(read_table("articles", processed_dir, columns=["article_id"]))
    except FileNotFoundError:
        return None


def run_one(name: str, run: RunOptions, options: CommandLine) -> object:
    """Run one stage, unless it follows ingest and the corpus has no articles.

    Args:
        name: a key of ``STAGES``.
        run: the options every stage shares.
        options: the stage's options.

    Returns:
        The stage's report, or ``NothingToDo`` for a stage after ingest on a corpus with no
        articles (its tables are left as they are; they hold no rows of a current article).
    """
    if name != "ingest" and article_count(run.processed_dir) == 0:
        return NothingToDo(name, Path(run.processed_dir))
    return STAGES[name].function(run, options)


def run_stage(name: str, options: PipelineOptions) -> object:
    """Run one stage with its options (``run_one``).

    Args:
        name: a key of ``STAGES``.
        options: the options; only the shared ones and the stage's are read.

    Returns:
        The stage's report, or ``NothingToDo``.
    """
    return run_one(name, options.run, getattr(options, name))


def run_all(options: PipelineOptions | None = None) -> list[object]:
    """Run every stage in order.

    Args:
        options: every stage's options; the defaults when None.

    Returns:
        Each stage's report, in order.
    """
    options = options or PipelineOptions()
    return [run_stage(name, options) for name in STAGES]
