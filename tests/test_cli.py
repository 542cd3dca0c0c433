"""The ``analysis`` command, run as a user would run it."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis import config, pipeline
from analysis.catalogue import state_dir
from analysis.cli import main
from analysis.options import OptionError
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


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line the command printed on stderr (asserting that it is one, with no traceback)."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _mistakes(tmp_path: Path) -> list[tuple[list[str], int, list[str]]]:
    """Commands with one user mistake each: arguments, exit status, what the line names."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_bytes(EXAMPLE.read_bytes())
    empty = tmp_path / "empty"
    empty.mkdir()
    corrupt = tmp_path / "corrupt"
    (corrupt / "articles").mkdir(parents=True)
    (corrupt / "articles" / "part-0.parquet").write_text("not a parquet file")
    missing = tmp_path / "typo.csv"
    shared = ["--processed-dir", str(tmp_path / "out"), "--quiet"]
    return [
        (["ingest", "--raw-dir", str(raw), "--timezone", "Mars/Base", *shared], 2,
         ["--timezone Mars/Base", "IANA time zone"]),
        (["ingest", "--raw-dir", str(raw), "--scheduler", "bogus", *shared], 2,
         ["--scheduler bogus", "'local:N'"]),
        (["entities", "--model", "no_such_pipeline", *shared], 2,
         ["--model no_such_pipeline", "installed spaCy pipeline"]),
        (["entities", "--n-process", "0", *shared], 2, ["--n-process 0", "1 or more"]),
        (["entities", "--groups-file", str(missing), *shared], 2,
         [f"--groups-file {missing}", "no such file"]),
        (["entities", "--groups-file", str(raw), *shared], 2, [f"--groups-file {raw}", "no such file"]),
        (["charts", "--events", str(missing), "--processed-dir", str(tmp_path / "out")], 2,
         [f"--events {missing}", "no such file"]),
        (["ingest", "--raw-dir", str(tmp_path / "nowhere"), *shared], 1,
         [str(tmp_path / "nowhere"), "no such file or folder"]),
        (["entities", "--processed-dir", str(empty), "--quiet"], 1,
         [str(empty / "articles"), "analysis ingest"]),
        (["topics", "--processed-dir", str(corrupt), "--quiet"], 1,
         [str(corrupt / "articles" / "part-0.parquet"), "parquet"]),
    ]


MISTAKES = ["timezone", "scheduler", "model", "n-process", "groups-file", "groups-folder", "events",
            "raw-dir", "no-table", "corrupt-table"]


@pytest.mark.parametrize("case", range(len(MISTAKES)), ids=MISTAKES)
def test_a_mistake_ends_with_one_line_naming_the_value_and_no_traceback(
    case: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments, status, named = _mistakes(tmp_path)[case]
    assert main(arguments) == status
    line = _one_line_error(capsys)
    assert line.startswith(f"analysis {arguments[0]}: ")
    for text in named:
        assert text in line


def test_a_scheduler_in_the_environment_is_named_when_it_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_SCHEDULER", "bogus")
    code = main(["ingest", "--raw-dir", str(tmp_path), "--processed-dir", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    line = _one_line_error(capsys)
    assert "ANALYSIS_SCHEDULER=bogus" in line and "must be 'none', 'local:N'" in line


def test_debug_shows_the_traceback_instead(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="Mars/Base"):
        main(["ingest", "--raw-dir", str(tmp_path), "--timezone", "Mars/Base", "--debug"])


def test_an_unreachable_scheduler_fails_within_seconds_naming_its_address(tmp_path: Path, capsys) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, with nothing listening now
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    (tmp_path / "page.txt").write_bytes(EXAMPLE.read_bytes())
    import distributed  # noqa: F401  (its import, 1 to 3 s, is not the wait being measured)

    started = time.monotonic()
    code = main(["ingest", "--raw-dir", str(tmp_path), "--processed-dir", str(tmp_path / "out"), "--quiet",
                 "--scheduler", address])
    assert time.monotonic() - started < 10
    assert code == 1
    line = _one_line_error(capsys)
    assert address in line and "did not answer" in line and "'local:N'" in line


def test_ctrl_c_in_process_exits_130_saying_what_was_kept(tmp_path: Path, capsys, monkeypatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run_ingest", interrupted)
    assert main(["ingest", "--raw-dir", str(tmp_path), "--processed-dir", str(tmp_path / "out")]) == 130
    line = _one_line_error(capsys)
    assert "interrupted" in line and str(tmp_path / "out") in line and "resumes" in line


INTERRUPTIBLE = ("import sys; import analysis.ingest.stage as stage; stage.BATCH_SIZE = 10; "
                 "from analysis.cli import main; sys.exit(main(sys.argv[1:]))")
"""``analysis`` with ingest batches of 10 files, so that a run of a few hundred files has many commits."""


def _rows(ledger: Path) -> int:
    """Units in a stage's ledger (0 before the first commit); the file is replaced whole, never half-written."""
    try:
        return pq.ParquetFile(ledger).metadata.num_rows
    except (FileNotFoundError, OSError):
        return 0


@pytest.mark.slow
def test_ctrl_c_mid_run_exits_130_and_a_rerun_resumes(tmp_path: Path, capsys) -> None:
    days = sorted((config.RAW_DIR / "reuters").glob("1987-*"))[:8]
    if not days:
        pytest.skip(f"the demo corpus is missing from {config.RAW_DIR}")
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    for day in days:
        shutil.copytree(day, raw / day.name)
    n_files = sum(1 for path in raw.rglob("*") if path.is_file())
    command = [sys.executable, "-c", INTERRUPTIBLE, "ingest", "--raw-dir", str(raw),
               "--processed-dir", str(processed), "--quiet"]
    # as from a terminal: Ctrl-C delivered, even when this test runs as a background job (which ignores it)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    ledger = state_dir(processed, "ingest") / "ledger.parquet"
    deadline = time.monotonic() + 60
    while _rows(ledger) == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "no batch was committed within 60 s"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.splitlines() == [f"analysis ingest: interrupted; the batches already committed are kept in "
                                f"{processed}, and running the command again resumes from them"]
    assert main(command[3:]) == 0
    rerun = capsys.readouterr().out
    unchanged = int(re.search(r"([\d,]+) unchanged", rerun).group(1).replace(",", ""))
    assert 0 < unchanged < n_files, rerun


def test_each_stage_takes_only_its_own_options(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["charts", "--help"])
    assert raised.value.code == 0
    charts = capsys.readouterr().out
    assert "--events" in charts and "--processed-dir" in charts
    for option in ("--n-topics", "--model", "--timezone", "--raw-dir", "--scheduler", "--strict"):
        assert option not in charts
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    run = capsys.readouterr().out
    for option in ("--n-topics", "--model", "--timezone", "--groups-file", "--events", "--no-events",
                   "--scheduler", "--debug"):
        assert option in run


def test_an_option_of_another_stage_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["ingest", "--n-topics", "5"])
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "analysis ingest: unrecognized arguments: --n-topics 5; --n-topics is an option of `analysis topics`, "
        "`analysis run`; `analysis ingest --help` lists this command's options"]


def test_a_script_may_give_every_command_the_same_folders(tmp_path: Path, capsys) -> None:
    """``analysis <stage> --raw-dir R --processed-dir P --quiet`` for every stage, as evaluation scripts do."""
    assert main(["entities", "--raw-dir", str(tmp_path), "--processed-dir", str(tmp_path), "--quiet"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("analysis entities: note: --raw-dir is read by `analysis ingest` (and `analysis run`) "
                      "only; ignored here")
    assert err[1].startswith("analysis entities: ") and "articles: no such table" in err[1] and len(err) == 2
    with pytest.raises(SystemExit):
        main(["charts", "--help"])
    assert "--raw-dir" not in capsys.readouterr().out


def _own_small_corpus(folder: Path) -> Path:
    """Seven short pages of our own, a day apart (a pilot scrape)."""
    from datetime import datetime, timedelta

    from analysis.ingest.render import render_page

    folder.mkdir(parents=True)
    for day in range(7):
        (folder / f"page-{day}.txt").write_text(render_page(
            title=f"Talks in Vienna, day {day + 1}", published=datetime(2016, 3, 1, 9) + timedelta(days=day),
            paragraphs=[f"Iran and Russia met in Vienna on day {day + 1} of the talks on Syria.",
                        "Sergei Lavrov said the talks would go on."], signature="S/SH 1", related=[]),
            encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["own seven pages", "field case 12: three articles"])
def test_a_small_corpus_runs_through_with_topics_skipped_for_a_plain_reason(corpus, tmp_path, capsys) -> None:
    if corpus.startswith("own"):
        raw, n_articles = _own_small_corpus(tmp_path / "raw"), 7
    else:
        raw, n_articles = config.SHARED_DIR / "field-cases" / "12-small-corpus-topics" / "raw3", 3
        if not raw.is_dir():
            pytest.skip(f"the shared field cases are missing from {raw.parent.parent}")
    figures = tmp_path / "figures"
    status = main(["run", "--raw-dir", str(raw), "--processed-dir", str(tmp_path / "processed"),
                   "--figures-dir", str(figures), "--quiet", "--no-events"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert (f"topics: skipped: {n_articles} articles are too few to choose the number of topics "
            "(need 50, or pass --n-topics)") in out
    assert {"volume.png", "top_entities.png", "entity_mentions.png"} <= {path.name for path in figures.iterdir()}
    assert "max_df" not in out
    assert main(["topics", "--processed-dir", str(tmp_path / "processed"), "--n-topics", "2", "--quiet"]) == 0
    assert "2 topics (fitted model)" in capsys.readouterr().out


STAGE_NAMES = ("ingest", "entities", "topics", "charts")


@pytest.mark.parametrize("files", [{}, {"export.csv": "title,date,text\n", "blank.txt": ""}],
                         ids=["no files", "files without articles"])
def test_an_empty_corpus_runs_through_saying_there_is_nothing_to_do(tmp_path, capsys, files) -> None:
    raw, processed, figures = tmp_path / "raw", tmp_path / "processed", tmp_path / "figures"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    status = main(["run", "--raw-dir", str(raw), "--processed-dir", str(processed), "--figures-dir", str(figures),
                   "--quiet", "--no-events"])
    captured = capsys.readouterr()
    assert status == 0 and "Traceback" not in captured.err, captured.err
    lines = captured.out.splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == list(STAGE_NAMES)
    assert lines[0].startswith(f"ingest: {len(files)} files") and "0 articles" in lines[0]
    for line, stage in zip(lines[1:4], STAGE_NAMES[1:]):
        assert line == f"{stage}: nothing to do: the articles table in {processed} has no articles"
    assert lines[-1] == f"nothing to do: the corpus folder {raw} holds no articles"
    assert not figures.exists()
    for stage in STAGE_NAMES[1:]:  # each stage on its own: one plain line
        assert main([stage, "--processed-dir", str(processed), "--quiet"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == f"{stage}: nothing to do: the articles table in {processed} has no articles"


UNDATED = Path(__file__).parent / "charts" / "data" / "undated"


@pytest.mark.slow
def test_an_undated_corpus_gets_the_charts_that_need_no_dates_and_every_summary(tmp_path, capsys) -> None:
    figures = tmp_path / "figures"
    status = main(["run", "--raw-dir", str(UNDATED), "--processed-dir", str(tmp_path / "processed"),
                   "--figures-dir", str(figures), "--quiet", "--no-events"])
    captured = capsys.readouterr()
    assert status == 0 and "Traceback" not in captured.err, captured.err
    out = captured.out.splitlines()
    assert out[0].startswith("ingest: 1 files") and "6 articles" in out[0]
    assert out[1].startswith("entities: 6 articles (6 processed, 0 removed)")
    assert out[2] == ("topics: skipped: 6 articles are too few to choose the number of topics "
                      "(need 50, or pass --n-topics)")
    assert out[3].startswith(f"charts: 2 written to {figures} (top_entities, cooccurrence); 6 articles, none with a date")
    for chart in ("volume", "entity_mentions", "topics", "related_stories", "naming"):
        assert f"  {chart}: skipped: no article has a date" in out
    assert {path.stem for path in figures.glob("*.png")} == {"top_entities", "cooccurrence"}
    top = pd.read_csv(figures / "top_entities.csv")
    assert top.set_index("name")["n_articles"].to_dict().items() >= {"Russia": 6, "Iran": 5, "Sergei Lavrov": 3}.items()


EVENTS_CP1252 = config.SHARED_DIR / "field-cases" / "14-events-cp1252"


@pytest.fixture(scope="module")
def three_articles(tmp_path_factory) -> Path:
    """Field case 14's three articles, ingested and with their entities (the processed folder)."""
    if not EVENTS_CP1252.is_dir():
        pytest.skip(f"the shared field cases are missing from {EVENTS_CP1252.parent}")
    processed = tmp_path_factory.mktemp("three") / "processed"
    for stage in ("ingest", "entities"):
        assert main([stage, "--raw-dir", str(EVENTS_CP1252 / "raw"), "--processed-dir", str(processed),
                     "--quiet"]) == 0
    return processed


@pytest.mark.slow
def test_field_case_14_an_excel_events_file_marks_both_events(three_articles, tmp_path, capsys) -> None:
    figures = tmp_path / "figures"
    status = main(["charts", "--processed-dir", str(three_articles), "--figures-dir", str(figures),
                   "--events", str(EVENTS_CP1252 / "events_excel.csv")])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert {"volume.png", "top_entities.png", "entity_mentions.png"} <= {path.name for path in figures.iterdir()}
    caption = (figures / "volume.txt").read_text(encoding="utf-8")
    assert ("Dashed lines: 2 of the 2 events of the events file (the others fall outside the charted span): "
            "2016-02-29 Minister\u2019s visit to the caf\u00e9 summit; 2016-03-01 Talks in Gen\u00e8ve end.") in caption
    svg = (figures / "volume.svg").read_text(encoding="utf-8")
    assert ">1  29 Feb 2016: Minister\u2019s visit to the caf\u00e9 summit</text>" in svg
    assert ">2  1 Mar 2016: Talks in Gen\u00e8ve end</text>" in svg


@pytest.mark.slow
def test_an_events_file_that_cannot_be_read_is_one_line_and_the_other_charts_are_written(
        three_articles, tmp_path, capsys) -> None:
    events = tmp_path / "events.csv"
    events.write_text("when,what\n2016-02-29,Talks\n", encoding="utf-8")
    figures = tmp_path / "figures"
    status = main(["charts", "--processed-dir", str(three_articles), "--figures-dir", str(figures),
                   "--events", str(events)])
    captured = capsys.readouterr()
    message = f"{events}: line 1: header must be date,label; found ['when', 'what']"
    assert status == 1 and captured.err.splitlines() == [f"analysis charts: {message}"]
    assert f"  volume: skipped: the events file cannot be read ({message})" in captured.out.splitlines()
    assert {"top_entities.png", "entity_mentions.png"} <= {path.name for path in figures.iterdir()}
    assert not (figures / "volume.png").exists()
    events.write_text("date,label\n2016-02-29,Talks\n", encoding="utf-8")  # fixed: the next run draws it
    assert main(["charts", "--processed-dir", str(three_articles), "--figures-dir", str(figures),
                 "--events", str(events)]) == 0
    assert (figures / "volume.png").exists() and "2016-02-29 Talks" in (figures / "volume.txt").read_text("utf-8")


@pytest.mark.slow
def test_the_command_on_an_empty_folder_exits_0_without_a_traceback(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--raw-dir", str(raw), "--processed-dir",
                             str(tmp_path / "processed"), "--figures-dir", str(tmp_path / "figures"), "--no-events"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[-1] == f"nothing to do: the corpus folder {raw} holds no articles"
