"""Measure a worker's memory from inside it, batch after batch, over a long entities run.

Runs the entities stage's unit of work (``_batch_mentions``, batches of
``BATCH_ARTICLES``) over ``--articles`` articles (from ``--start``) of an ingested
folder on a local Dask cluster. After each batch the worker itself reports its
resident memory and the size of its spaCy pipeline's vocabulary (strings and
lexemes). Printed per ``--every`` articles: the largest worker's RSS, and the
string store of that worker; then, per tenth of the run, the median and the
largest RSS over the workers' reports. ``--reload-every`` sets how many texts a
pipeline reads before it is loaded afresh (``PIPELINE_TEXTS``; 0: never), to
compare a worker with and without the reload. Nothing is written to the folder.

Usage::

    python benchmarks/bench_worker_memory.py PROCESSED [--start 0] [--articles 40000] [--workers 2] [--reload-every 5000]

``PROCESSED`` is a folder ingested by ``analysis ingest`` (for example by
``bench_scale.py`` under ``benchmarks/out/scale-200000-ingested``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import pandas as pd
import psutil


def measured_batch(batch: pd.DataFrame, *, reload_every: int, **options: object) -> tuple[int, int, float, int, int]:
    """Run one batch in a worker; report its pid, articles, RSS (MB), strings and lexemes after it."""
    import analysis.entities.model as model
    from analysis.entities.stage import _batch_mentions

    model.PIPELINE_TEXTS = reload_every or 10**12
    _batch_mentions(batch, **options)
    nlp = model.load_pipeline(options.get("model"))
    return (os.getpid(), len(batch), psutil.Process().memory_info().rss / 2**20,
            len(nlp.vocab.strings), len(nlp.vocab))


def main() -> None:
    """Run the batches and print the workers' memory as the run goes on."""
    from analysis.entities.stage import BATCH_ARTICLES
    from analysis.executor import map_batches
    from analysis.store import read_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("processed", type=Path)
    parser.add_argument("--start", type=int, default=0, help="the first article (position in the table)")
    parser.add_argument("--articles", type=int, default=40_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reload-every", type=int, default=5_000, help="texts per pipeline; 0: never reload")
    parser.add_argument("--every", type=int, default=2_000, help="print a line every this many articles")
    arguments = parser.parse_args()
    articles = read_table("articles", arguments.processed,
                          columns=["article_id", "title", "body", "content_hash"]
                          ).iloc[arguments.start:arguments.start + arguments.articles]
    batches = [articles.iloc[start:start + BATCH_ARTICLES] for start in range(0, len(articles), BATCH_ARTICLES)]
    print(f"{len(articles):,} articles, {len(batches)} batches, local:{arguments.workers}, "
          f"reload every {arguments.reload_every or 'never'} texts")
    print(f"{'articles':>9} {'seconds':>8} {'worker MB':>9} {'strings':>9}")
    reports: list[tuple[int, float, int]] = []
    done, started, next_line = 0, time.perf_counter(), arguments.every
    for pid, size, rss, strings, _ in map_batches(measured_batch, batches, scheduler=f"local:{arguments.workers}",
                                                  reload_every=arguments.reload_every, model=None,
                                                  capitals=False, n_process=1):
        done += size
        reports.append((done, rss, strings))
        if done >= next_line or done == len(articles):
            largest = max(reports[-arguments.workers:], key=lambda report: report[1])
            print(f"{done:>9,} {time.perf_counter() - started:>8.0f} {largest[1]:>9.0f} {largest[2]:>9,}", flush=True)
            next_line += arguments.every
    _print_tenths(reports, len(articles))


def _print_tenths(reports: list[tuple[int, float, int]], total: int) -> None:
    """Print the median and largest worker RSS reported within each tenth of the run."""
    print(f"{'tenth':>9} {'median MB':>9} {'max MB':>9}")
    for tenth in range(1, 11):
        within = [rss for done, rss, _ in reports if total * (tenth - 1) / 10 < done <= total * tenth / 10]
        if within:
            print(f"{tenth * 10:>8}% {statistics.median(within):>9.0f} {max(within):>9.0f}")


if __name__ == "__main__":
    main()
