"""The charts stage: the standard set is drawn again only when what it shows has changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.charts import CHARTS
from analysis.charts.export import COMPARISON_CHARTS, ChartsReport
from analysis.charts.stage import ChartsCurrent, run_chart_stage
from analysis.options import ChartsOptions
from analysis.store import read_table, write_tables


@pytest.mark.slow
def test_charts_are_drawn_again_only_when_a_table_an_option_or_a_figure_changed(processed, tmp_path) -> None:
    folder = tmp_path / "processed"
    shutil.copytree(processed, folder)
    options = ChartsOptions(figures_dir=tmp_path / "figures", events=None)
    first = run_chart_stage(folder, options)
    assert isinstance(first, ChartsReport) and first.written == tuple(c for c in CHARTS if c not in COMPARISON_CHARTS)
    drawn = {path.name: path.stat().st_mtime_ns for path in options.figures_dir.iterdir()}
    again = run_chart_stage(folder, options)
    assert isinstance(again, ChartsCurrent) and again.written == first.written
    assert {path.name: path.stat().st_mtime_ns for path in options.figures_dir.iterdir()} == drawn
    (options.figures_dir / "naming.svg").unlink()
    assert isinstance(run_chart_stage(folder, options), ChartsReport), "a figure was deleted"
    assert isinstance(run_chart_stage(folder, options), ChartsCurrent)
    articles = read_table("articles", folder)
    write_tables({"articles": articles.iloc[:-10]}, folder)
    redrawn = run_chart_stage(folder, options)
    assert isinstance(redrawn, ChartsReport) and redrawn.n_articles == first.n_articles - 10
    weekly = run_chart_stage(folder, ChartsOptions(figures_dir=options.figures_dir, events=None, freq="week"))
    assert isinstance(weekly, ChartsReport) and weekly.freq == "week"


def test_a_copied_processed_folder_reads_its_table_versions_from_the_files(processed, tmp_path: Path) -> None:
    from analysis.charts.stage import table_versions

    versions = table_versions(processed)
    assert versions["articles"] is not None and set(versions) >= {"articles", "entities", "topics"}
    assert table_versions(tmp_path) == dict.fromkeys(versions)
