"""The charts stage: the standard charts, redrawn only when what they show has changed.

The stage on the engine (``analysis.state``), a unit being a chart: its
fingerprint holds the version of every processed table (the folder each table's
link points to: a stage that publishes a table makes a new one), the options
(figures folder, period, window), the events file's content and the house style. When
the fingerprint is the last run's and every chart that run wrote is still in
the figures folder, nothing is drawn; otherwise ``run_charts`` draws the set and
the charts written become the ledger.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.catalogue import TABLES
from analysis.charts.export import ChartsReport, run_charts
from analysis.charts.save import FORMATS
from analysis.options import ChartsOptions
from analysis.schemas import STRING
from analysis.state import StageState, empty_ledger, fingerprint
from analysis.store import table_files

CODE_VERSION = 4
"""Raise when the charts' code changes what they show: every chart is then drawn again."""


@dataclass(frozen=True)
class ChartsCurrent:
    """A run of the charts stage with nothing to draw.

    Attributes:
        figures_dir: where the charts are.
        written: the charts of the last run, still current (file stems).
        seconds: wall time.
    """

    figures_dir: Path
    written: tuple[str, ...]
    seconds: float

    def __str__(self) -> str:
        return (f"charts: nothing to do: the tables and options are those of the last run, and its "
                f"{len(self.written)} charts are in {self.figures_dir}; {self.seconds:.2f} s")


def table_versions(processed_dir: Path) -> dict[str, str | None]:
    """Which version of each processed table is there now (None for a missing table).

    Args:
        processed_dir: the processed folder.

    Returns:
        Table name to the version folder its link points to (a copied folder or a single
        file: the latest modification time of its files, in ns, as text).
    """
    versions: dict[str, str | None] = {}
    for name in TABLES:
        link, files = processed_dir / name, table_files(processed_dir, name)
        if link.is_symlink():
            versions[name] = os.readlink(link)
        else:
            versions[name] = str(max(file.stat().st_mtime_ns for file in files)) if files else None
    return versions


def run_chart_stage(processed_dir: Path, options: ChartsOptions) -> ChartsReport | ChartsCurrent:
    """Draw the standard charts (``run_charts``) unless those of the last run are current.

    Args:
        processed_dir: the processed folder.
        options: the stage's options.

    Returns:
        What ``run_charts`` did, or that nothing needed drawing.

    Raises:
        FileNotFoundError: when there is no ``articles`` table.
        NoArticles: when the articles table is empty.
    """
    started = time.perf_counter()
    state = StageState.of(processed_dir, "charts", fingerprint(
        code_version=CODE_VERSION,
        settings={"figures_dir": str(options.figures_dir), "freq": options.freq,
                  "count_copies": options.count_copies, "start": options.start, "end": options.end,
                  "tables": table_versions(processed_dir)},
        reference_files={"events": options.events,
                         "house_style": resources.files("analysis.charts").joinpath("house.mplstyle")}))
    ledger = state.ledger()
    if not ledger.empty and not state.unfinished and all(
            (options.figures_dir / f"{stem}.{suffix}").is_file()
            for stem in ledger["unit"] for suffix in (*FORMATS, "csv", "txt")):
        return ChartsCurrent(options.figures_dir, tuple(ledger["unit"]), time.perf_counter() - started)
    state.begin(empty_ledger())
    report = run_charts(processed_dir, options.figures_dir, events=options.events, freq=options.freq,
                        count_copies=options.count_copies, start=options.start, end=options.end)
    if report.errors:  # left unfinished: the next run draws again and names the unreadable file again
        return report
    charts = pd.DataFrame({"unit": list(report.written), "content_hash": ""}, dtype=STRING)
    state.finish(state.commit(empty_ledger(), charts, {}))
    return report
