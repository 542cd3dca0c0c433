"""run_charts on real processed tables: the standard set, its captions, and skips with reasons."""

from __future__ import annotations

import pandas as pd

from analysis.charts import CHARTS, run_charts
from analysis.store import write_tables


def test_the_standard_set_is_written_with_captions_and_data(processed, events_file, tmp_path) -> None:
    report = run_charts(processed, tmp_path, events=events_file, formats=("png",), corpus="reuters")
    assert report.written == CHARTS and report.skipped == {}
    assert (report.freq, report.n_articles, report.n_outside, report.n_undated) == ("day", 870, 0, 0)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{name}.{suffix}" for name in CHARTS for suffix in ("png", "csv", "txt"))
    volume = (tmp_path / "volume.txt").read_text(encoding="utf-8")
    assert "Corpus: reuters; 1987-03-02" in volume and "870 dated articles" in volume
    assert "3 of the 5 events" in volume and "1987-03-06 Herald of Free Enterprise" in volume
    assert pd.read_csv(tmp_path / "volume.csv")["n_articles"].sum() == 870
    naming = (tmp_path / "naming.txt").read_text(encoding="utf-8")
    assert naming.startswith("How the group 'OPEC' is written") and "'Opec'" in naming
    assert set(pd.read_csv(tmp_path / "topics.csv")["label"]) >= {"crude", "ship"}
    assert "870 articles" in str(report) and "7 written" in str(report)


def test_missing_tables_are_skipped_with_the_reason(tables, tmp_path) -> None:
    processed = tmp_path / "processed"
    write_tables({"articles": tables["articles"], "related": tables["related"]}, processed)
    report = run_charts(processed, tmp_path / "figures", formats=("png",), start="1987-03-09", end="1987-03-13")
    assert report.written == ("volume", "related_stories")
    assert report.skipped["topics"] == (f"no article_topics table in {processed}; run `analysis topics` first")
    assert report.skipped["top_entities"].startswith("no article_entities table")
    assert (report.n_articles, report.n_outside) == (414, 456)
    assert f"topics: skipped: no article_topics table in {processed}" in str(report)
