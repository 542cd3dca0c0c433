"""Benchmark the stages at scale: in-process, with ``n_process=2``, and on local Dask clusters.

For each corpus size (pages built by ``scale_corpus.py`` from Reuters-21578 and
Tehran Times, replicated with variation), the corpus is ingested once, then the
entities stage runs from scratch under each setting, each in a fresh process.
Printed per run: seconds, words/s, the peak resident memory of the main
process and the largest of its worker processes (Dask workers or spaCy's
``n_process`` children). With ``--trace``, the resident memory of every process
is also sampled while the entities stage runs, against the number of articles
committed so far, and printed per tenth of the corpus (the largest worker's
median and maximum within that tenth, and the peaks so far): this shows whether
a worker's memory grows as the run goes on. ``bench_worker_memory.py``
measures it from inside the workers, batch by batch.

Usage::

    python benchmarks/bench_scale.py [--sizes 5000 20000] [--runs none n_process=2 local:1 local:2] [--trace]

The corpora are written once under ``--work`` (default ``benchmarks/out``) and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from analysis.catalogue import state_dir
from analysis.config import PROJ_ROOT

RUNS = ("none", "n_process=2", "local:1", "local:2")


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


class MemoryTrace(threading.Thread):
    """Sample the resident memory of this process and its descendants while a stage runs.

    Each sample is (seconds, articles committed, main MB, largest descendant MB); the
    articles committed are read from the entities stage's record of finished articles.
    """

    def __init__(self, processed: Path, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.done_file = state_dir(processed, "entities") / "ledger.parquet"
        self.every = every
        self.samples: list[tuple[float, int, float, float]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        started = time.perf_counter()
        me = psutil.Process()
        while not self._halt.wait(self.every):
            children = [_rss_mb(child) for child in me.children(recursive=True)]
            self.samples.append((time.perf_counter() - started, self._committed(),
                                 _rss_mb(me), max(children, default=0.0)))

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._halt.set()
        self.join()

    def _committed(self) -> int:
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(self.done_file).metadata.num_rows
        except (OSError, ValueError):
            return 0


def _rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def run_child(stage: str, processed: Path, raw: Path, run: str, trace: bool = False) -> None:
    """In a fresh process: run one stage under one setting; print seconds, words and memory."""
    from analysis.entities.stage import run_entities
    from analysis.ingest.stage import run_ingest
    from analysis.store import read_table

    sampler = MemoryTrace(processed) if trace else None
    if sampler:
        sampler.start()
    started = time.perf_counter()
    if stage == "ingest":
        run_ingest(raw, processed, timezone="Asia/Tehran", progress=False)
    else:
        n_process = 2 if run == "n_process=2" else 1
        scheduler = run if run.startswith("local:") else "none"
        run_entities(processed, n_process=n_process, scheduler=scheduler, progress=False)
    seconds = time.perf_counter() - started
    if sampler:
        sampler.stop()
    articles = read_table("articles", processed, columns=["title", "n_words"])
    words = int(articles["n_words"].sum() + articles["title"].str.split().str.len().sum())
    own, children = _peak_mb()
    print(json.dumps({"seconds": seconds, "words": words, "articles": len(articles),
                      "main_mb": own, "worker_mb": children, "trace": sampler.samples if sampler else []}))


def _child(stage: str, processed: Path, raw: Path, run: str, trace: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", stage, str(processed), str(raw), run]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    """Build the corpora, run the stages, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=RUNS)
    parser.add_argument("--work", type=Path, default=PROJ_ROOT / "benchmarks" / "out")
    parser.add_argument("--trace", action="store_true",
                        help="sample memory during the entities runs and print it per tenth of the corpus")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        stage, processed, raw, run = arguments.child
        run_child(stage, Path(processed), Path(raw), run, trace=arguments.trace)
        return
    from scale_corpus import write_scale_corpus

    print(f"{'pages':>7} {'stage':<9} {'run':<12} {'seconds':>8} {'words/s':>9} {'main MB':>8} {'worker MB':>9}")
    for size in arguments.sizes:
        raw = arguments.work / f"scale-{size}"
        write_scale_corpus(raw, size)
        ingested = arguments.work / f"scale-{size}-ingested"
        shutil.rmtree(ingested, ignore_errors=True)
        figures = _child("ingest", ingested, raw, "none")
        _print(size, "ingest", "none", figures)
        for run in arguments.runs:
            processed = arguments.work / f"scale-{size}-{run.replace(':', '-').replace('=', '-')}"
            shutil.rmtree(processed, ignore_errors=True)
            shutil.copytree(ingested, processed, ignore=shutil.ignore_patterns("entities"))
            figures = _child("entities", processed, raw, run, trace=arguments.trace)
            _print(size, "entities", run, figures)
            if arguments.trace:
                _print_trace(figures["trace"], figures["articles"])
            shutil.rmtree(processed)


def _print(size: int, stage: str, run: str, figures: dict) -> None:
    speed = figures["words"] / figures["seconds"]
    print(f"{size:>7,} {stage:<9} {run:<12} {figures['seconds']:>8.1f} {speed:>9,.0f} "
          f"{figures['main_mb']:>8.0f} {figures['worker_mb']:>9.0f}", flush=True)


def _print_trace(samples: list[list[float]], articles: int) -> None:
    """Print per tenth of the corpus committed: the largest worker's median and maximum, and the peaks so far."""
    print(f"{'':>7} {'committed':>18} {'seconds':>8} {'worker median':>13} {'worker max':>10} "
          f"{'worker peak so far':>18} {'main peak so far':>16}")
    main_peak = worker_peak = 0.0
    within: list[float] = []
    tenth = 1
    for seconds, committed, main_mb, worker_mb in samples:
        main_peak, worker_peak = max(main_peak, main_mb), max(worker_peak, worker_mb)
        within.append(worker_mb)
        while tenth <= 10 and committed >= articles * tenth / 10:
            print(f"{'':>7} {committed:>9,} ({tenth * 10:>3}%) {seconds:>8.0f} {statistics.median(within):>13.0f} "
                  f"{max(within):>10.0f} {worker_peak:>18.0f} {main_peak:>16.0f}", flush=True)
            within, tenth = [], tenth + 1


if __name__ == "__main__":
    main()
