"""The ingest stage: outputs, incremental re-runs, interruption and resumption."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import analysis.ingest.stage as stage
from analysis import load_corpus
from analysis.ingest.render import related_item, render_page
from analysis.catalogue import state_dir
from analysis.schemas import dtypes
from analysis.state import UNFINISHED_MARK
from analysis.store import read_table, table_exists, table_files

EXAMPLE = Path(__file__).parents[1] / "data" / "pages" / "scraped-page-2016-02-28.txt"
TZ = "Asia/Tehran"


def _write_pages(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        moment = datetime(2016, 3, 1, 8) + timedelta(hours=number)
        earlier = [related_item(str(other), other, datetime(2016, 3, 1, 8) + timedelta(hours=other),
                                f"Story number {other}") for other in range(max(0, number - 3), number)]
        text = render_page(title=f"Story number {number}", published=moment,
                           paragraphs=[f"Body of story {number}.", "Second paragraph."],
                           signature="S/SH 11", related=earlier[::-1])
        path = folder / f"page-{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _run(raw: Path, processed: Path, **options) -> stage.IngestReport:
    return stage.run_ingest(raw, processed, timezone=TZ, progress=False, **options)


@pytest.fixture()
def corpus_dirs(tmp_path: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    _write_pages(raw, 12)
    shutil.copy(EXAMPLE, raw / "example.txt")
    return raw, tmp_path / "processed"


def test_writes_the_four_tables_with_their_schemas_and_the_loaders_content(corpus_dirs) -> None:
    raw, processed = corpus_dirs
    report = _run(raw, processed)
    assert (report.n_files, report.n_new, report.wrote_outputs) == (13, 13, True)
    loaded = load_corpus(raw, timezone=TZ)
    for name in stage.OUTPUT_TABLES:
        table = read_table(name, processed)
        expected = {column: pd.api.types.pandas_dtype(dtype) for column, dtype in dtypes(name, TZ).items()}
        assert table.dtypes.to_dict() == expected, name
        pd.testing.assert_frame_equal(table, getattr(loaded, name), check_categorical=False)
    assert read_table("related", processed)["linked_article_id"].notna().sum() == 30, "every listed story is in the corpus"


def test_a_rerun_with_nothing_changed_parses_and_writes_nothing(corpus_dirs, monkeypatch) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    written = _versions(processed)
    monkeypatch.setattr(stage, "file_records", _fail_if_called)
    report = _run(raw, processed)
    assert (report.n_unchanged, report.n_new, report.n_changed, report.wrote_outputs) == (13, 0, 0, False)
    assert "13 articles" in report.summary
    assert _versions(processed) == written


def test_files_touched_but_not_changed_are_read_not_parsed_and_the_tables_stand(corpus_dirs, monkeypatch) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    written = _versions(processed)
    for path in raw.glob("*.txt"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    monkeypatch.setattr(stage, "file_records", _fail_if_called)
    report = _run(raw, processed)
    assert (report.n_unchanged, report.n_new, report.n_changed, report.wrote_outputs) == (13, 0, 0, False)
    assert _versions(processed) == written
    assert _run(raw, processed).wrote_outputs is False, "the ledger holds the new times: nothing is read again"


def _versions(processed):
    """Each output table's files, as their real paths (a new version is a new folder) and times."""
    return {name: [(str(path.resolve()), path.stat().st_mtime_ns) for path in table_files(processed, name)]
            for name in stage.OUTPUT_TABLES}


def _fail_if_called(*args, **kwargs):
    raise AssertionError("a file was parsed although nothing changed")


def test_only_added_changed_and_removed_pages_are_parsed(corpus_dirs, monkeypatch) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    parsed: list[str] = []
    original = stage.file_records
    monkeypatch.setattr(stage, "file_records",
                        lambda source, data, **kw: parsed.append(source.name) or original(source, data, **kw))
    _write_pages(raw, 2, start=100)
    changed = raw / "page-0003.txt"
    changed.write_text(changed.read_text().replace("Body of story 3.", "Corrected body."))
    (raw / "page-0004.txt").unlink()
    touched = raw / "page-0005.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    report = _run(raw, processed)
    assert sorted(parsed) == ["page-0003.txt", "page-0100.txt", "page-0101.txt"]
    assert (report.n_new, report.n_changed, report.n_removed, report.n_unchanged) == (2, 1, 1, 11)
    articles = read_table("articles", processed)
    assert len(articles) == 14
    assert articles["body"].str.startswith("Corrected body.").sum() == 1
    assert "page-0004.txt" not in set(articles["source_file"])
    pd.testing.assert_frame_equal(articles, load_corpus(raw, timezone=TZ).articles)


def test_an_interrupted_run_keeps_the_old_outputs_and_resumes_where_it_stopped(
    corpus_dirs, monkeypatch
) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    before = _contents(processed)
    _write_pages(raw, 10, start=200)
    monkeypatch.setattr(stage, "BATCH_SIZE", 4)
    calls: list[str] = []
    original = stage.file_records

    def interrupted(source, data, **kw):
        calls.append(source.name)
        if len(calls) == 6:
            raise KeyboardInterrupt
        return original(source, data, **kw)

    monkeypatch.setattr(stage, "file_records", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(raw, processed)
    assert _contents(processed) == before
    monkeypatch.setattr(stage, "file_records", original)
    report = _run(raw, processed)
    assert report.n_new == 6, "the first batch of 4 was committed before the interruption"
    assert len(read_table("articles", processed)) == 23
    assert not list(processed.glob("*.tmp")) and not list(processed.glob(".*.tmp"))
    assert sorted(path.name for path in processed.iterdir() if not path.name.startswith((".", "_"))) == sorted(
        [*stage.OUTPUT_TABLES, "search.sqlite"]), "no half-written table is visible; the search index beside them"
    assert len(list(processed.glob(".*"))) == len(stage.OUTPUT_TABLES), "one hidden version per table"


def _contents(processed):
    return {name: [(path.relative_to(processed / name), path.read_bytes()) for path in table_files(processed, name)]
            for name in stage.OUTPUT_TABLES}


def test_outputs_are_rebuilt_when_a_run_stopped_after_committing_every_batch(corpus_dirs) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    (state_dir(processed, "ingest") / UNFINISHED_MARK).touch()
    report = _run(raw, processed)
    assert report.wrote_outputs and report.n_unchanged == 13
    assert not (state_dir(processed, "ingest") / UNFINISHED_MARK).exists()


def test_a_missing_output_table_is_written_again(corpus_dirs) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    (processed / "stories").unlink()
    report = _run(raw, processed)
    assert report.wrote_outputs and report.n_unchanged == 13
    assert table_exists(processed, "stories")


def test_changing_the_time_zone_parses_everything_again(corpus_dirs) -> None:
    raw, processed = corpus_dirs
    _run(raw, processed)
    report = stage.run_ingest(raw, processed, timezone="UTC", progress=False)
    assert report.n_new == 13
    assert str(read_table("articles", processed)["published"].dt.tz) == "UTC"


def test_strict_mode_stops_at_the_first_problem_and_names_the_file(corpus_dirs) -> None:
    raw, processed = corpus_dirs
    (raw / "broken.txt").write_text("Headline\n\nHeadline\n\nSun Feb 30, 2016 16:42:01\n\nBody text.\n",
                                    encoding="utf-8")  # a page whose date is impossible
    with pytest.raises(stage.IngestError, match=r"broken\.txt: .*not a real date"):
        _run(raw, processed, errors="raise")
    assert not table_exists(processed, "articles")
