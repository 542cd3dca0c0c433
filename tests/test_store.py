"""Published tables: month partitions that pandas, Dask and DuckDB read alike, switched in atomically."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest

from analysis import config, store
from analysis.ingest.stage import run_ingest
from analysis.schemas import UNDATED, conform, dtypes, month_keys
from analysis.sql import query

PAGES = Path(__file__).parent / "data" / "pages"
TZ = "Asia/Tehran"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    """The messy test pages (one undated) and three days of the demo Reuters pages (1987), ingested."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(PAGES, raw / "pages")
    for day in ("1987-02-26", "1987-03-01", "1987-04-07"):
        shutil.copytree(config.RAW_DIR / "reuters" / day, raw / "reuters" / day)
    folder = tmp_path_factory.mktemp("processed")
    run_ingest(raw, folder, timezone=TZ, progress=False)
    return folder


def test_per_article_tables_are_partitioned_by_the_month_of_their_article(processed: Path) -> None:
    articles = store.read_table("articles", processed)
    months = month_keys(articles["published"], TZ)
    assert {"1987-02", "1987-03", "1987-04", "2016-02", UNDATED} <= set(months)
    folders = sorted(path.name for path in (processed / "articles").iterdir())
    assert folders == [f"month={month}" for month in sorted(set(months))]
    assert list(months) == sorted(months), "articles are in month order, undated last"
    related = store.read_table("related", processed)
    assert {path.name for path in (processed / "related").iterdir()} == {
        f"month={month}" for month in set(months[articles["article_id"].isin(related["article_id"])])}
    for name in ("stories", "issues"):
        assert [path.name for path in (processed / name).iterdir()] == ["part-0.parquet"], name


def test_pandas_dask_and_duckdb_read_the_same_rows(processed: Path) -> None:
    ours = store.read_table("articles", processed)
    by_pandas = pd.read_parquet(processed / "articles")
    by_dask = dd.read_parquet(processed / "articles").compute()
    by_duckdb = query("SELECT article_id, month, n_words FROM articles", processed_dir=processed)
    expected = ours.assign(month=month_keys(ours["published"], TZ))[["article_id", "month", "n_words"]]
    for frame in (by_pandas, by_dask, by_duckdb):
        got = frame[["article_id", "month", "n_words"]].astype({"month": str, "article_id": str})
        pd.testing.assert_frame_equal(
            got.sort_values("article_id", ignore_index=True),
            expected.astype({"month": str, "article_id": str}).sort_values("article_id", ignore_index=True),
            check_dtype=False)
    assert dd.read_parquet(processed / "articles").npartitions == len(list((processed / "articles").iterdir()))


def test_a_table_reads_back_as_written(processed: Path, tmp_path: Path) -> None:
    articles = store.read_table("articles", processed)
    store.publish_tables({"articles": articles}, tmp_path, months=store.article_months(articles))
    pd.testing.assert_frame_equal(store.read_table("articles", tmp_path), articles)
    assert store.table_rows(tmp_path, "articles") == len(articles)


def test_categories_are_written_and_read_in_the_schemas_order(processed: Path, tmp_path: Path) -> None:
    articles = store.read_table("articles", processed)
    ids = articles["article_id"].iloc[[0, -1]].tolist()
    mentions = pd.DataFrame({"article_id": ids, "section": ["body", "title"], "start": [0, 4], "end": [3, 9],
                             "text": ["Iran", "Lavrov"], "label": ["GPE", "PERSON"],
                             "kind": pd.Categorical(["country", "person"],  # all five, as pandas sorts them
                                                    categories=["country", "group", "other", "person", "place"]),
                             "name": ["Iran", "Sergei Lavrov"], "country": ["IRN", None], "via": ["model", "model"]})
    store.publish_tables({"entities": conform(mentions, "entities", TZ)}, tmp_path,
                         months=store.article_months(articles))
    assert len(store.table_files(tmp_path, "entities")) == 2
    read = store.read_table("entities", tmp_path)
    for column in ("section", "kind"):
        assert list(read[column].cat.categories) == list(dtypes("entities", TZ)[column].categories), column
    assert read["kind"].tolist() == ["country", "person"]
    with pytest.raises(ValueError, match=r"entities\.kind: values \['army'\]"):
        conform(mentions.assign(kind=["army", "person"]), "entities", TZ)


def test_a_table_reads_month_by_month_as_it_reads_whole(processed: Path) -> None:
    pieces = list(store.read_table_pieces("articles", processed, columns=["article_id", "published"]))
    assert len(pieces) == len(store.table_files(processed, "articles")) == 6
    assert [month_keys(piece["published"], TZ).nunique(dropna=False) for piece in pieces] == [1] * 6
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True),
                                  store.read_table("articles", processed, columns=["article_id", "published"]))


def test_a_table_reads_in_pieces_of_at_most_so_many_rows_as_it_reads_whole(processed: Path) -> None:
    pieces = list(store.read_table_pieces("articles", processed, rows=10))
    sizes = [len(piece) for piece in pieces]
    assert max(sizes) == 10 and len(pieces) > len(store.table_files(processed, "articles"))
    assert [month_keys(piece["published"], TZ).nunique(dropna=False) for piece in pieces] == [1] * len(pieces)
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True),
                                  store.read_table("articles", processed))
    with pytest.raises(ValueError, match="rows=0"):
        next(store.read_table_pieces("articles", processed, rows=0))


def test_a_failed_write_leaves_the_old_version_whole_and_nothing_aside(processed: Path, tmp_path: Path) -> None:
    articles = store.read_table("articles", processed)
    months = store.article_months(articles)
    store.publish_tables({"articles": articles.iloc[:5]}, tmp_path, months=months)

    def interrupted():
        yield articles.iloc[:10]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.publish_tables({"articles": interrupted()}, tmp_path, months=months)
    pd.testing.assert_frame_equal(store.read_table("articles", tmp_path), articles.iloc[:5].reset_index(drop=True))
    assert len(list(tmp_path.glob(".articles.*"))) == 1, "only the version in use"


def test_a_new_version_replaces_the_old_one_and_its_single_file_form(processed: Path, tmp_path: Path) -> None:
    articles = store.read_table("articles", processed)
    months = store.article_months(articles)
    store.write_tables({"articles": articles.iloc[:3]}, tmp_path)  # the form of earlier versions
    store.publish_tables({"articles": articles.iloc[:5]}, tmp_path, months=months)
    first = (tmp_path / "articles").resolve()
    store.publish_tables({"articles": articles}, tmp_path, months=months)
    assert (tmp_path / "articles").is_symlink() and (tmp_path / "articles").resolve() != first
    assert not first.exists() and not (tmp_path / "articles.parquet").exists()
    assert os.readlink(tmp_path / "articles") == (tmp_path / "articles").resolve().name, "relative link"
    assert len(store.read_table("articles", tmp_path)) == len(articles)


def test_a_copied_folder_and_a_system_without_links_are_replaced_too(
    processed: Path, tmp_path: Path, monkeypatch
) -> None:
    articles = store.read_table("articles", processed)
    months = store.article_months(articles)
    shutil.copytree(processed, tmp_path / "copy")  # links become real folders
    assert not (tmp_path / "copy" / "articles").is_symlink()
    store.publish_tables({"articles": articles.iloc[:4]}, tmp_path / "copy", months=months)
    assert len(store.read_table("articles", tmp_path / "copy")) == 4

    def no_links(*args, **kwargs):
        raise OSError("symbolic links are not available")

    monkeypatch.setattr(os, "symlink", no_links)
    store.publish_tables({"articles": articles.iloc[:6]}, tmp_path / "copy", months=months)
    assert len(store.read_table("articles", tmp_path / "copy")) == 6
    assert not list((tmp_path / "copy").glob(".articles.*")), "the renamed-aside version is removed"


def test_a_missing_table_is_named_with_the_command_that_makes_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"articles: no such table; run `analysis ingest`"):
        store.read_table("articles", tmp_path)
    assert not store.table_exists(tmp_path, "articles") and store.table_files(tmp_path, "articles") == []


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)],
                         ids=["umask-022", "umask-077"])
def test_written_tables_follow_the_users_umask(processed: Path, tmp_path: Path, umask: int, file_mode: int,
                                               folder_mode: int) -> None:
    articles = store.read_table("articles", processed)
    previous = os.umask(umask)
    try:
        [single] = store.write_tables({"issues": store.read_table("issues", processed)}, tmp_path / "state")
        [table] = store.publish_tables({"articles": articles}, tmp_path / "out", months=store.article_months(articles))
    finally:
        os.umask(previous)
    version = table.resolve()
    folders = [tmp_path / "state", tmp_path / "out", version, *(path for path in version.rglob("*") if path.is_dir())]
    files = [single, *store.table_files(tmp_path / "out", "articles")]
    assert len(folders) > 4 and len(files) > 2
    assert {path: stat.S_IMODE(path.stat().st_mode) for path in folders} == {path: folder_mode for path in folders}
    assert {path: stat.S_IMODE(path.stat().st_mode) for path in files} == {path: file_mode for path in files}


def test_a_table_is_read_from_a_str_path_with_a_tilde_or_from_the_configured_folder(
    processed: Path, monkeypatch
) -> None:
    articles = store.read_table("articles", processed)
    monkeypatch.setenv("HOME", str(processed.parent))
    for folder in (str(processed), f"~/{processed.name}"):
        pd.testing.assert_frame_equal(store.read_table("articles", folder), articles)
        assert store.table_exists(folder, "articles") and store.table_rows(folder, "articles") == len(articles)
        assert store.table_files(folder, "articles") == store.table_files(processed, "articles")
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)  # read at call time, not at import
    pd.testing.assert_frame_equal(store.read_table("articles", columns=["article_id"]), articles[["article_id"]])
    pd.testing.assert_frame_equal(pd.concat(store.read_table_pieces("articles"), ignore_index=True), articles)
    monkeypatch.setattr(config, "PROCESSED_DIR", processed.parent / "elsewhere")
    with pytest.raises(FileNotFoundError, match="elsewhere/articles: no such table"):
        store.read_table("articles")


def test_a_missing_table_names_the_stage_that_writes_it_and_a_mistyped_one_the_tables(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"entities: no such table; run `analysis entities`"):
        store.read_table("entities", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"artcles: no such table; the processed tables are articles, "):
        store.read_table("artcles", tmp_path)
