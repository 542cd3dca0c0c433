"""SQL over the processed tables: views by name, the same rows and times as pandas, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.stage import run_ingest
from analysis.sql import format_result, query, tables
from analysis.store import read_table

PAGES = Path(__file__).parent / "data" / "pages"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    raw, out = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("processed")
    for page in sorted(PAGES.glob("*.txt"))[:8]:
        shutil.copy(page, raw / page.name)
    run_ingest(raw, out, timezone="Asia/Tehran", progress=False)
    return out


def test_every_table_is_a_view_and_the_state_is_not(processed: Path) -> None:
    assert set(tables(processed)) == {"articles", "related", "stories", "issues", "boilerplate"}
    for name in tables(processed):
        assert query(f"SELECT count(*) AS n FROM {name}", processed_dir=processed)["n"].item() == len(
            read_table(name, processed))


def test_rows_and_times_are_those_pandas_reads(processed: Path) -> None:
    articles = read_table("articles", processed).sort_values("article_id").reset_index(drop=True)
    result = query("SELECT article_id, title, published FROM articles ORDER BY article_id",
                   processed_dir=processed)
    assert str(result["published"].dt.tz) == "Asia/Tehran"
    pd.testing.assert_series_equal(result["published"], articles["published"], check_dtype=False)
    assert result["title"].tolist() == articles["title"].tolist()


def test_joins_work_across_tables(processed: Path) -> None:
    joined = query("SELECT a.article_id, count(r.story_id) AS listed FROM articles a "
                   "LEFT JOIN related r USING (article_id) GROUP BY a.article_id", processed_dir=processed)
    expected = read_table("articles", processed).set_index("article_id")["n_related"]
    assert dict(zip(joined["article_id"], joined["listed"])) == expected.astype(int).to_dict()


def test_a_partitioned_dataset_folder_is_a_view(processed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "processed"
    shutil.copytree(processed, folder)
    read_table("related", folder).assign(month="2016-02").to_parquet(folder / "by_month", partition_cols=["month"])
    assert "by_month" in tables(folder)
    counts = query("SELECT month, count(*) AS n FROM by_month GROUP BY month", processed_dir=folder)
    assert counts.set_index("month")["n"].to_dict() == {"2016-02": len(read_table("related", folder))}


def test_errors_say_what_is_wrong_and_what_there_is(processed: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="run `analysis ingest`"):
        query("SELECT 1", processed_dir=tmp_path / "missing")
    with pytest.raises(ValueError, match=r"(?s)nope does not exist.*\(tables: articles, boilerplate, issues, related, stories\)"):
        query("SELECT * FROM nope", processed_dir=processed)


def test_results_print_with_a_row_count(processed: Path) -> None:
    text = format_result(query("SELECT article_id FROM articles", processed_dir=processed), max_rows=2)
    assert text.splitlines()[-1].endswith("rows (" + f"{len(read_table('articles', processed)) - 2:,} not shown)")
