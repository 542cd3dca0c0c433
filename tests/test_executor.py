"""Where batches run: the scheduler setting, and the same tables in-process and on a Dask cluster."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client

import analysis.entities.stage as entities_stage
import analysis.ingest.stage as ingest_stage
from analysis import config
from analysis.executor import (CONNECT_TIMEOUT, SchedulerUnreachable, check_scheduler, default_scheduler,
                               map_batches)
from analysis.options import ChartsOptions, IngestOptions, RunOptions
from analysis.pipeline import PipelineOptions, run_all
from analysis.store import read_table

TABLES = ("articles", "related", "stories", "issues", "entities", "article_entities", "topics",
          "article_topics")


@pytest.mark.parametrize("value", ["none", "local:1", "local:4", "tcp://10.0.0.5:8786"])
def test_valid_schedulers_are_kept(value: str) -> None:
    assert check_scheduler(value) == value


@pytest.mark.parametrize("value", ["local:0", "local", "dask", "10.0.0.5:8786"])
def test_an_invalid_scheduler_says_what_is_valid(value: str) -> None:
    with pytest.raises(ValueError, match=r"must be 'none', 'local:N'"):
        check_scheduler(value)


def test_the_environment_sets_the_default(monkeypatch) -> None:
    monkeypatch.setenv("ANALYSIS_SCHEDULER", "local:2")
    assert default_scheduler() == "local:2"
    monkeypatch.delenv("ANALYSIS_SCHEDULER")
    assert default_scheduler() == "none"


def _scaled(batch: list[int], *, factor: int) -> list[int]:
    return [value * factor for value in batch]


def test_in_process_batches_run_in_order_with_their_options() -> None:
    assert list(map_batches(_scaled, [[1, 2], [3]], scheduler="none", factor=10)) == [[10, 20], [30]]


@pytest.mark.slow
def test_the_pipeline_on_a_local_dask_cluster_writes_the_same_tables(tmp_path: Path) -> None:
    """Every other day folder of the demo's Reuters pages (about 1,200 pages), its example page and
    40 of its Tehran Times articles, in-process and on two local workers (the whole demo took 356 s)."""
    if not (config.RAW_DIR / "reuters").exists():
        pytest.skip(f"the demo corpus is missing from {config.RAW_DIR}")
    raw = tmp_path / "raw"
    for day in sorted((config.RAW_DIR / "reuters").glob("1987-*"))[::2]:
        shutil.copytree(day, raw / "reuters" / day.name)
    shutil.copytree(config.RAW_DIR / "alalam", raw / "alalam")
    (raw / "tehrantimes.com").mkdir()
    for path in sorted((config.RAW_DIR / "tehrantimes.com").glob("_news_*.txt"))[:40]:
        shutil.copy2(path, raw / "tehrantimes.com" / path.name)
    runs = {}
    for scheduler in ("none", "local:2"):
        processed = tmp_path / scheduler.replace(":", "-")
        run_all(PipelineOptions(run=RunOptions(processed, progress=False, scheduler=scheduler),
                                ingest=IngestOptions(raw_dir=raw),
                                charts=ChartsOptions(figures_dir=tmp_path / "figures")))
        runs[scheduler] = {name: read_table(name, processed) for name in TABLES}
    for name in TABLES:
        assert len(runs["none"][name]) > 0 or name == "issues"
        pd.testing.assert_frame_equal(runs["none"][name], runs["local:2"][name], obj=name)


def _dies_once(batch: list[int], *, marker_dir: str) -> list[int]:
    import os

    marker = Path(marker_dir) / f"{batch[0]}.started"
    if batch[0] == 2 and not marker.exists():
        marker.touch()
        os._exit(1)  # the worker process dies mid-task
    return [value + 1 for value in batch]


@pytest.mark.slow
def test_a_batch_whose_worker_dies_is_run_again_and_the_run_finishes(tmp_path: Path) -> None:
    batches = [[1], [2], [3], [4]]
    results = map_batches(_dies_once, batches, scheduler="local:2", marker_dir=str(tmp_path))
    assert sorted(results) == [[2], [3], [4], [5]]
    assert (tmp_path / "2.started").exists(), "the worker did die once"


def test_local_workers_run_without_dasks_profiler_so_their_memory_does_not_grow() -> None:
    reports = list(map_batches(_profiler_state, [1.5, 1.5], scheduler="local:2"))
    assert reports == [(False, 0, False), (False, 0, False)]


def _profiler_state(seconds: float) -> tuple[bool, int, bool]:
    """In a worker, after ``seconds`` of work: its profiler setting, call trees kept, profile callback."""
    import time

    import dask
    from distributed import get_worker

    time.sleep(seconds)
    worker = get_worker()
    return (dask.config.get("distributed.worker.profile.enabled"), len(worker.profile_history),
            "profile-cycle" in worker.periodic_callbacks)


@pytest.fixture
def dask_cluster(tmp_path: Path):
    """A Dask scheduler and one worker started as separate processes, as on a real cluster."""
    scheduler_file = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", "0",
                                   "--scheduler-file", str(scheduler_file), *common], cwd=tmp_path,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file),
             "--nworkers", "1", "--nthreads", "1", *common], cwd=tmp_path,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(scheduler_file=str(scheduler_file), timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
            yield client.scheduler.address
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=60)


@pytest.mark.slow
def test_stages_on_an_existing_cluster_write_the_same_tables(
    tmp_path: Path, dask_cluster: str, monkeypatch
) -> None:
    assert dask_cluster.startswith("tcp://")
    monkeypatch.setattr(ingest_stage, "BATCH_SIZE", 10)  # several batches of files and of articles
    monkeypatch.setattr(entities_stage, "BATCH_ARTICLES", 10)
    raw = tmp_path / "raw"
    for day in ("1987-02-26", "1987-03-01"):
        if not (config.RAW_DIR / "reuters" / day).exists():
            pytest.skip(f"the demo corpus is missing from {config.RAW_DIR}")
        shutil.copytree(config.RAW_DIR / "reuters" / day, raw / day)
    runs = {}
    for scheduler in ("none", dask_cluster):
        processed = tmp_path / ("here" if scheduler == "none" else "cluster")
        ingest_stage.run_ingest(raw, processed, timezone=config.SOURCE_TIMEZONE, progress=False,
                                scheduler=scheduler)
        entities_stage.run_entities(processed, progress=False, scheduler=scheduler)
        runs[scheduler] = {name: read_table(name, processed)
                           for name in ("articles", "related", "entities", "article_entities")}
    assert len(runs["none"]["entities"]) > 100
    for name, table in runs["none"].items():
        pd.testing.assert_frame_equal(table, runs[dask_cluster][name], obj=name)


def _ignores_ctrl_c(_: object) -> bool:
    import signal

    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_local_workers_leave_ctrl_c_to_the_command_so_they_print_no_traceback() -> None:
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even in a background job
    try:
        assert list(map_batches(_ignores_ctrl_c, [0], scheduler="local:1")) == [True]
        assert not _ignores_ctrl_c(0), "the command's own process still stops on Ctrl-C"
    finally:
        signal.signal(signal.SIGINT, before)


def _silent_server() -> tuple[socket.socket, threading.Thread]:
    """A TCP server that accepts connections and never answers (a hung or foreign service)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    return server, thread


@pytest.mark.parametrize("kind", ["silent", "http"])
def test_an_address_that_is_not_a_dask_scheduler_fails_within_seconds(kind: str) -> None:
    if kind == "http":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port, close = server.server_address[1], server.shutdown
    else:
        listener, _ = _silent_server()
        port, close = listener.getsockname()[1], listener.close
    import distributed  # imported before the clock starts

    address = f"tcp://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        with pytest.raises(SchedulerUnreachable, match="did not answer as a Dask scheduler"):
            list(map_batches(_scaled, [[1], [2]], scheduler=address, factor=2))
    finally:
        close()
    assert time.monotonic() - started < 2 * CONNECT_TIMEOUT + 3
    with pytest.raises(ValueError, match="No clients found"):
        distributed.default_client()  # a client still connecting must not take the process's Dask work


def test_a_workers_warning_of_a_cancelled_batch_is_dropped_and_its_other_warnings_kept() -> None:
    import logging

    from analysis.executor import _drop_cancelled

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("distributed.worker.state_machine", logging.WARNING, __file__, 1, message, (), None)

    assert not _drop_cancelled(record("Async instruction for <Task cancelled name='execute(x)'> ended with "
                                      "CancelledError"))
    assert _drop_cancelled(record("Worker is at 85% memory usage. Pausing worker."))
