"""The incremental-stage engine: fingerprints, the ledger, parts, and what survives an interruption."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import analysis.store as store
from analysis.catalogue import state_dir
from analysis.schemas import STRING
from analysis.state import (FINGERPRINT_FILE, PARTS, UNFINISHED_MARK, StageState, fingerprint,
                            reference_folder)


def _units(*names: str, content: str = "h") -> pd.DataFrame:
    return pd.DataFrame({"unit": list(names), "content_hash": [f"{content}-{name}" for name in names]}, dtype=STRING)


def _rows(*names: str) -> dict[str, pd.DataFrame]:
    return {"rows": pd.DataFrame({"article_id": list(names), "value": [len(name) for name in names]})}


@pytest.fixture()
def state(tmp_path: Path) -> StageState:
    return StageState.of(tmp_path, "demo", fingerprint(code_version=1, settings={"a": 1}, reference_files={}))


def test_the_fingerprint_follows_settings_reference_content_and_code_version(tmp_path: Path) -> None:
    reference = tmp_path / "stopwords.txt"
    reference.write_text("the\n")
    base = fingerprint(code_version=1, settings={"a": 1}, reference_files={"stop": reference})
    assert base == fingerprint(code_version=1, settings={"a": 1}, reference_files={"stop": reference})
    assert base != fingerprint(code_version=2, settings={"a": 1}, reference_files={"stop": reference})
    assert base != fingerprint(code_version=1, settings={"a": 2}, reference_files={"stop": reference})
    reference.write_text("the\nsaid\n")
    assert base != fingerprint(code_version=1, settings={"a": 1}, reference_files={"stop": reference})
    assert fingerprint(code_version=1, settings={}, reference_files={"groups": None})["reference_files"] == {
        "groups": None}
    with pytest.raises(FileNotFoundError):
        fingerprint(code_version=1, settings={}, reference_files={"stop": tmp_path / "missing.txt"})


def test_the_shipped_reference_folders_are_listed_with_their_package(tmp_path: Path) -> None:
    files = reference_folder("analysis.topics")
    assert {"analysis.topics/data/stopwords.txt", "analysis.topics/data/lemma_overrides.csv"} <= set(files)


def test_committed_batches_are_read_back_and_a_new_fingerprint_starts_afresh(state: StageState, tmp_path) -> None:
    assert state.folder == state_dir(tmp_path, "demo") and state.ledger().empty
    state.begin(state.ledger())
    assert state.unfinished
    ledger = state.commit(state.ledger(), _units("a", "b"), _rows("a", "b"))
    ledger = state.commit(ledger, _units("c"), _rows("c"))
    assert list(state.ledger()["unit"]) == ["a", "b", "c"] and state.ledger()["part"].nunique() == 2
    kept = ledger[ledger["unit"] != "b"]
    assert list(state.read("rows", kept, unit_column="article_id")["article_id"]) == ["a", "c"]
    state.finish(kept)
    assert not state.unfinished and len(list((state.folder / PARTS).iterdir())) == 2
    state.finish(kept[kept["unit"] == "a"])
    assert len(list((state.folder / PARTS).iterdir())) == 1, "the part only 'c' used is removed"
    other = StageState(state.folder, fingerprint(code_version=2, settings={"a": 1}, reference_files={}))
    assert other.ledger().empty and not other.is_current()


def test_a_unit_whose_results_are_in_an_older_part_keeps_it(state: StageState) -> None:
    state.begin(state.ledger())
    ledger = state.commit(state.ledger(), _units("a"), _rows("a"))
    old_part = ledger["part"].iloc[0]
    again = _units("a").assign(part=pd.Series([old_part], dtype=STRING))
    ledger = state.commit(ledger.iloc[:0], again, {})
    assert list(ledger["part"]) == [old_part] and len(list((state.folder / PARTS).iterdir())) == 1


def test_a_half_written_ledger_is_never_read(state: StageState, monkeypatch) -> None:
    state.begin(state.ledger())
    ledger = state.commit(state.ledger(), _units("a"), _rows("a"))
    real = store._write_parquet

    def dies_half_way(content, path):
        Path(path).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_parquet", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        state.commit(ledger, _units("b"), {})
    monkeypatch.setattr(store, "_write_parquet", real)
    assert list(state.ledger()["unit"]) == ["a"], "the ledger before the interrupted write"
    assert not [path for path in state.folder.rglob("*") if path.name.endswith(".tmp")]
    assert state.unfinished


def test_a_damaged_fingerprint_or_ledger_starts_the_stage_afresh(state: StageState) -> None:
    state.begin(state.ledger())
    state.commit(state.ledger(), _units("a"), _rows("a"))
    (state.folder / "ledger.parquet").write_bytes(b"not parquet")
    assert state.ledger().empty
    state.commit(state.ledger(), _units("a"), _rows("a"))
    (state.folder / FINGERPRINT_FILE).write_text('{"code_version": 1, "sett')
    assert state.saved_fingerprint() is None and state.ledger().empty


def test_the_fingerprint_file_is_json_of_this_runs_fingerprint(state: StageState) -> None:
    state.begin(state.ledger())
    assert json.loads((state.folder / FINGERPRINT_FILE).read_text()) == state.fingerprint
    assert (state.folder / UNFINISHED_MARK).exists()
