"""Benchmark entity extraction: words/s and peak memory of ``extract_entities`` beside a bare ``nlp.pipe``.

The bare run is the model with only ``ner`` loaded (``load_raw_model``); the
project's run is ``extract_entities`` with its pipeline (``ner``, the lookup
ruler and the span tidier) and the resolution of every mention. Both read the
same texts (the demo corpus's articles, headline and body, repeated to
``--words``) with the same batch size, with ``n_process`` 1 and 2. Then
``extract_entities`` runs again on ``--words`` x 3 to show whether memory grows
with the corpus. Each measurement runs in a fresh process; "peak MB" is the
largest peak resident set (VmHWM) of that process and of its worker processes.

Usage::

    python benchmarks/bench_entities.py [--words 200000] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from analysis.config import RAW_DIR


def _memory_mb(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def corpus_texts(words: int) -> list[str]:
    """Article texts of the demo corpus, repeated until they hold at least ``words`` words."""
    from analysis import load_corpus
    from analysis.entities.stage import article_texts

    texts = article_texts(load_corpus(RAW_DIR).articles).tolist()
    out, total = [], 0
    while total < words:
        for text in texts:
            out.append(text)
            total += len(text.split())
            if total >= words:
                break
    return out


def run_child(kind: str, words: int, batch_size: int, n_process: int) -> None:
    """In a fresh process: run one measurement and print seconds, words and peak memory."""
    from analysis.entities import extract_entities, load_pipeline
    from analysis.entities.evaluation import load_raw_model
    from analysis.entities.model import default_model

    texts = corpus_texts(words)
    nlp = load_raw_model(default_model()) if kind == "bare" else load_pipeline()
    started = time.perf_counter()
    if kind == "bare":
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
    else:
        extract_entities(texts, nlp=nlp, batch_size=batch_size, n_process=n_process)
    seconds = time.perf_counter() - started
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{seconds} {sum(len(text.split()) for text in texts)} {max(_memory_mb('VmHWM'), workers_mb)}")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        run_child(arguments.child[0], arguments.words, arguments.batch_size, int(arguments.child[1]))
        return
    print(f"{'run':<18} {'n_process':>9} {'words':>9} {'seconds':>8} {'words/s':>8} {'peak MB':>8} {'vs bare':>8}")
    bare_speed = {}
    plan = [("bare", 1, arguments.words), ("extract_entities", 1, arguments.words),
            ("bare", 2, arguments.words), ("extract_entities", 2, arguments.words),
            ("extract_entities", 1, 3 * arguments.words)]
    for kind, n_process, words in plan:
        command = [sys.executable, __file__, "--words", str(words), "--batch-size",
                   str(arguments.batch_size), "--child", kind, str(n_process)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
        seconds, counted, peak = float(output[-3]), int(output[-2]), float(output[-1])
        speed = counted / seconds
        bare_speed.setdefault(n_process, speed)
        ratio = speed / bare_speed[n_process]
        print(f"{kind:<18} {n_process:>9} {counted:>9,} {seconds:>8.1f} {speed:>8,.0f} {peak:>8.0f} {ratio:>8.2f}")


if __name__ == "__main__":
    main()
