"""Each stage's options on the command line: its own arguments, the dataclass's defaults, named errors."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from analysis import config
from analysis.options import (ChartsOptions, EntitiesOptions, IngestOptions, OptionError, RunOptions,
                              TopicsOptions, parse_columns)
from analysis.pipeline import STAGES, PipelineOptions

OPTIONS = (RunOptions, IngestOptions, EntitiesOptions, TopicsOptions, ChartsOptions)


def _parsed(options: type, arguments: list[str]) -> object:
    parser = argparse.ArgumentParser()
    options.add_arguments(parser)
    return options.from_arguments(parser.parse_args(arguments))


@pytest.fixture(autouse=True)
def _no_scheduler_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYSIS_SCHEDULER", raising=False)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda options: options.__name__)
def test_no_arguments_give_the_same_options_as_the_python_api(options: type) -> None:
    assert _parsed(options, []) == options()


def test_ingest_arguments_set_their_fields(tmp_path: Path) -> None:
    options = _parsed(IngestOptions, ["--raw-dir", str(tmp_path), "--timezone", "Europe/Moscow",
                                      "--columns", "title=headline, body=text", "--strict"])
    assert options == IngestOptions(raw_dir=tmp_path, timezone="Europe/Moscow",
                                    columns={"title": "headline", "body": "text"}, errors="raise")


def test_entities_arguments_set_their_fields_and_the_groups_file_is_an_option(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("name,kind,alias\nDDC,movement,Damascus Dialogue Council\n")
    options = _parsed(EntitiesOptions, ["--capitals", "--n-process", "2", "--groups-file", str(groups)])
    assert (options.capitals, options.n_process, options.groups_file) == (True, 2, groups)
    assert options.reference_files() == {"groups_file": groups}


def test_the_groups_file_of_the_environment_is_the_default(tmp_path: Path, monkeypatch) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("name,kind,alias\nDDC,movement,Damascus Dialogue Council\n")
    monkeypatch.setattr(config, "GROUPS_FILE", groups)
    assert _parsed(EntitiesOptions, []).groups_file == groups
    monkeypatch.setattr(config, "GROUPS_FILE", tmp_path / "gone.csv")
    with pytest.raises(OptionError) as raised:
        _parsed(EntitiesOptions, [])
    assert raised.value.for_command_line().startswith(f"ANALYSIS_GROUPS_FILE={tmp_path / 'gone.csv'} ")


def test_topics_arguments_set_their_fields() -> None:
    assert _parsed(TopicsOptions, ["--n-topics", "7", "--refit", "--random-state", "3"]) == TopicsOptions(
        n_topics=7, refit=True, random_state=3)


def test_an_events_file_named_explicitly_must_exist(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="no such file") as raised:
        _parsed(ChartsOptions, ["--events", str(tmp_path / "typo.csv")])
    assert raised.value.for_command_line() == f"--events {tmp_path / 'typo.csv'}: invalid; no such file"


def test_an_events_file_named_explicitly_is_used_and_no_events_turns_them_off(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("date,label\n1987-03-01,Something\n")
    assert _parsed(ChartsOptions, ["--events", str(events), "--freq", "week"]) == ChartsOptions(
        events=events, freq="week")
    assert _parsed(ChartsOptions, ["--no-events"]).events is None
    with pytest.raises(SystemExit):
        _parsed(ChartsOptions, ["--events", str(events), "--no-events"])


def test_the_shared_arguments_set_their_fields(tmp_path: Path) -> None:
    assert _parsed(RunOptions, ["--processed-dir", str(tmp_path), "--quiet", "--scheduler", "local:2"]) == (
        RunOptions(tmp_path, progress=False, scheduler="local:2"))


def test_a_scheduler_from_the_environment_is_named_as_such(monkeypatch) -> None:
    monkeypatch.setenv("ANALYSIS_SCHEDULER", "local:3")
    assert _parsed(RunOptions, []).scheduler == "local:3"
    monkeypatch.setenv("ANALYSIS_SCHEDULER", "bogus")
    with pytest.raises(OptionError) as raised:
        _parsed(RunOptions, [])
    assert raised.value.for_command_line().startswith(
        "ANALYSIS_SCHEDULER=bogus (environment): invalid; must be")
    assert _parsed(RunOptions, ["--scheduler", "none"]).scheduler == "none", "the option wins"


def test_the_pipeline_options_compose_every_stage(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    PipelineOptions.add_arguments(parser)
    assert PipelineOptions.from_arguments(parser.parse_args([])) == PipelineOptions()
    options = PipelineOptions.from_arguments(parser.parse_args(
        ["--processed-dir", str(tmp_path), "--timezone", "UTC", "--capitals", "--n-topics", "4",
         "--no-events"]))
    assert options == PipelineOptions(run=RunOptions(tmp_path), ingest=IngestOptions(timezone="UTC"),
                                      entities=EntitiesOptions(capitals=True),
                                      topics=TopicsOptions(n_topics=4), charts=ChartsOptions(events=None))
    assert list(STAGES) == ["ingest", "entities", "topics", "charts"]
    assert [type(getattr(options, name)) for name in STAGES] == [stage.options for stage in STAGES.values()]


@pytest.mark.parametrize("text", ["title", "title=headline,body", ""])
def test_columns_that_are_not_pairs_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="title=headline,body=text"):
        parse_columns(text)


@pytest.mark.parametrize("content, expected", [
    ("name,alias\nDDC,Damascus Dialogue Council\n", r"header 'name,alias' is invalid; expected name,kind,alias"),
    ("name,kind,alias\nDDC,spaceship,Damascus Dialogue Council\n", r"line 2: kind 'spaceship' is invalid"),
])
def test_a_bad_groups_file_is_refused_before_any_work(tmp_path: Path, content: str, expected: str) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text(content, encoding="utf-8")
    with pytest.raises(OptionError, match=expected) as raised:
        EntitiesOptions(groups_file=groups)
    assert raised.value.for_command_line().startswith(f"--groups-file {groups}: invalid; ")


def test_a_groups_file_edited_in_the_same_process_is_read_again(tmp_path: Path) -> None:
    import os

    from analysis.entities.groups import load_groups

    groups = tmp_path / "groups.csv"
    groups.write_text("name,kind,alias\nDDC,movement,Damascus Dialogue Council\n", encoding="utf-8")
    assert load_groups(groups).lookup("Damascus Dialogue Council").name == "DDC"
    groups.write_text("name,kind,alias\nDamascus Council,movement,Damascus Dialogue Council\n", encoding="utf-8")
    os.utime(groups, ns=(groups.stat().st_atime_ns, groups.stat().st_mtime_ns + 10**9))
    assert load_groups(groups).lookup("Damascus Dialogue Council").name == "Damascus Council"


def test_a_time_zone_from_the_environment_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANALYSIS_TIMEZONE", "Mars/Base")
    with pytest.raises(OptionError) as raised:
        IngestOptions(timezone="Mars/Base")
    assert raised.value.for_command_line().startswith("ANALYSIS_TIMEZONE=Mars/Base (environment): invalid")
    with pytest.raises(OptionError) as raised:
        IngestOptions(timezone="Venus/Base")
    assert raised.value.for_command_line().startswith("--timezone Venus/Base: invalid")


def test_a_processed_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "tables.csv"
    file.write_text("x\n")
    with pytest.raises(OptionError, match="is a file; must be a folder"):
        RunOptions(processed_dir=file)
    assert RunOptions(processed_dir=tmp_path / "new").processed_dir == tmp_path / "new"


def test_the_charts_window_is_two_real_days_in_order() -> None:
    assert _parsed(ChartsOptions, ["--start", "2016-01-01", "--end", "2016-12-31"]) == ChartsOptions(
        start="2016-01-01", end="2016-12-31")
    with pytest.raises(OptionError) as raised:
        _parsed(ChartsOptions, ["--start", "2016-02-30"])
    assert raised.value.for_command_line() == "--start 2016-02-30: invalid; must be a real day written YYYY-MM-DD"
    with pytest.raises(OptionError, match=r"must not be before start='2016-03-01'"):
        ChartsOptions(start="2016-03-01", end="2016-01-01")
