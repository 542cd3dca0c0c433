"""The ``analysis`` command, run as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.cli import main
from analysis.store import read_table

EXAMPLE = Path(__file__).parent / "data" / "pages" / "scraped-page-2016-02-28.txt"


def test_ingest_writes_the_tables_and_prints_what_it_did(tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_bytes(EXAMPLE.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    processed = tmp_path / "processed"
    arguments = ["ingest", "--raw-dir", str(raw), "--processed-dir", str(processed), "--quiet"]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert "2 files (2 new" in printed and "1 files not loaded" in printed
    assert "error     file" in printed, "the issue counts by severity and field are shown"
    assert read_table("articles", processed)["title"].tolist() == [
        "Battle against Extremism Needs Teamwork: Russian FM"]
    assert main(arguments) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_strict_mode_exits_non_zero_naming_the_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code = main(["ingest", "--raw-dir", str(tmp_path), "--processed-dir", str(tmp_path / "out"),
                 "--strict", "--quiet"])
    assert code == 1
    assert "empty.txt: file: file is empty" in capsys.readouterr().err


def test_columns_option_reads_a_csv_export(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    pd.DataFrame({"headline": ["A headline"], "date": ["2020-12-30 06:53"], "text": ["Some text."]}).to_csv(
        export, index=False)
    assert main(["ingest", "--raw-dir", str(export), "--processed-dir", str(tmp_path / "out"), "--quiet",
                 "--columns", "title=headline,published=date,body=text"]) == 0
    articles = read_table("articles", tmp_path / "out")
    assert articles.loc[0, "published"] == pd.Timestamp("2020-12-30 06:53", tz="Asia/Tehran")


def test_python_dash_m_and_help_list_every_stage() -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True,
                            check=True)
    assert "ingest" in result.stdout and "run" in result.stdout


def test_sql_prints_a_query_over_the_tables_and_writes_it_to_csv(tmp_path: Path, capsys) -> None:
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "page.txt").write_bytes(EXAMPLE.read_bytes())
    assert main(["ingest", "--raw-dir", str(raw), "--processed-dir", str(processed), "--quiet"]) == 0
    capsys.readouterr()
    query = "SELECT title, n_related FROM articles"
    assert main(["sql", query, "--processed-dir", str(processed), "--csv", str(tmp_path / "out.csv")]) == 0
    printed = capsys.readouterr().out
    assert "Battle against Extremism Needs Teamwork" in printed and printed.rstrip().endswith("1 rows")
    assert pd.read_csv(tmp_path / "out.csv")["n_related"].tolist() == [
        read_table("articles", processed)["n_related"].item()]
    assert main(["sql", "SELECT * FROM nope", "--processed-dir", str(processed)]) == 1
    assert "nope does not exist" in capsys.readouterr().err
