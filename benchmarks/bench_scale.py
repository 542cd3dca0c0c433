"""Benchmark the stages at scale: in-process, with ``n_process=2``, and on local Dask clusters.

For each corpus size (pages built by ``scale_corpus.py`` from Reuters-21578 and
Tehran Times, replicated with variation), the corpus is ingested once, then the
entities stage runs from scratch under each setting, each in a fresh process.
Printed per run: seconds, words/s, the peak resident memory of the main
process and the largest of its worker processes (Dask workers or spaCy's
``n_process`` children).

Usage::

    python benchmarks/bench_scale.py [--sizes 5000 20000] [--runs none n_process=2 local:1 local:2]

The corpora are written once under ``--work`` (default ``benchmarks/out``) and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.config import PROJ_ROOT

RUNS = ("none", "n_process=2", "local:1", "local:2")


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_child(stage: str, processed: Path, raw: Path, run: str) -> None:
    """In a fresh process: run one stage under one setting; print seconds, words and memory."""
    from analysis.entities.stage import run_entities
    from analysis.ingest.stage import run_ingest
    from analysis.store import read_table

    started = time.perf_counter()
    if stage == "ingest":
        run_ingest(raw, processed, timezone="Asia/Tehran", progress=False)
    else:
        n_process = 2 if run == "n_process=2" else 1
        scheduler = run if run.startswith("local:") else "none"
        run_entities(processed, n_process=n_process, scheduler=scheduler, progress=False)
    seconds = time.perf_counter() - started
    articles = read_table("articles", processed, columns=["title", "n_words"])
    words = int(articles["n_words"].sum() + articles["title"].str.split().str.len().sum())
    own, children = _peak_mb()
    print(json.dumps({"seconds": seconds, "words": words, "articles": len(articles),
                      "main_mb": own, "worker_mb": children}))


def _child(stage: str, processed: Path, raw: Path, run: str) -> dict:
    command = [sys.executable, __file__, "--child", stage, str(processed), str(raw), run]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    """Build the corpora, run the stages, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=RUNS)
    parser.add_argument("--work", type=Path, default=PROJ_ROOT / "benchmarks" / "out")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        stage, processed, raw, run = arguments.child
        run_child(stage, Path(processed), Path(raw), run)
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
            _print(size, "entities", run, _child("entities", processed, raw, run))
            shutil.rmtree(processed)


def _print(size: int, stage: str, run: str, figures: dict) -> None:
    speed = figures["words"] / figures["seconds"]
    print(f"{size:>7,} {stage:<9} {run:<12} {figures['seconds']:>8.1f} {speed:>9,.0f} "
          f"{figures['main_mb']:>8.0f} {figures['worker_mb']:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
